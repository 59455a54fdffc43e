/**
 * The primary engine: ZXing-C++ compiled to WebAssembly (npm `zxing-wasm`, reader build, QR only).
 * zxing-wasm would fetch its .wasm from a public CDN by default; every path here replaces that
 * with bytes or a URL the caller provides, so nothing is ever fetched from a third party.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { distinctTexts } from './distinct-texts.ts';
import { MAX_CODES_PER_FRAME, type DecodeEffort, type QrDecoder, type RgbaImage } from './types.ts';

/** Where the reader .wasm comes from: its bytes (Node: read from node_modules) or a same-origin URL (the app). */
export type ZxingWasmSource = { wasmBinary: ArrayBuffer } | { wasmUrl: string };

/**
 * Reader options for a thorough look, measured on the generated frames (see src/decoder/README.md):
 * QR only, up to four symbols (a family agent's codes held up together; on 1280x720 frames
 * reading up to four costs nothing measurable on a one-code frame: 6.4 against 6.7 ms median,
 * and 5.1 ms for a four-code frame, where eight would cost 8.4). tryHarder stays on: it is what
 * reads the blurred and perspective frames and costs little on frames that hold a code.
 */
export const ZXING_READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  maxNumberOfSymbols: MAX_CODES_PER_FRAME,
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
};

/**
 * A quick look (a camera frame): no inverted pass. While fewer than four codes are found zxing
 * runs every pass it is allowed, so with tryInvert a one-code frame cost as much as an empty one,
 * each twice. Every generated frame kind (clean, rotated, perspective, blurred, low-contrast,
 * noisy) at 640x480, 1280x720 and 1920x1080, whole and shrunk to 960, reads the same either way
 * (engines.test.ts). The downscaled passes stay: without them noisy frames at full size (a
 * 640x480 camera, the centre view) were missed, 16 of 24 at 640x480 and all at 1080p.
 */
export const ZXING_QUICK_OPTIONS: ReaderOptions = { ...ZXING_READER_OPTIONS, tryInvert: false };

const OPTIONS_BY_EFFORT: Record<DecodeEffort, ReaderOptions> = { quick: ZXING_QUICK_OPTIONS, thorough: ZXING_READER_OPTIONS };

/** The Emscripten overrides that make the module load from the given source and nowhere else. */
function moduleOverrides(source: ZxingWasmSource) {
  if ('wasmBinary' in source) {
    return {
      wasmBinary: source.wasmBinary,
      // Never consulted while wasmBinary is set; present so the CDN default can never come back.
      locateFile: (path: string) => path,
    };
  }
  return {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path),
  };
}

/** The zxing engine, plus a reader for whole encoded image files (used by the CLI only). */
export interface ZxingDecoder extends QrDecoder {
  readonly name: 'zxing-wasm';
  /**
   * Reads an encoded PNG or JPEG with zxing-wasm's own image loader (stb_image, which turns
   * colour into grey differently from our RGBA path). The CLI's last resort for still photos, so
   * `gatecheck decode` never reads fewer photos than zxing-wasm itself does on the same files.
   */
  decodeEncodedImage(fileBytes: Uint8Array): Promise<string | null>;
}

/**
 * Instantiates the zxing-wasm reader module (rejects when WebAssembly is missing or the module
 * fails to load) and returns an engine over it.
 */
export async function createZxingDecoder(source: ZxingWasmSource): Promise<ZxingDecoder> {
  if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
  await prepareZXingModule({ overrides: moduleOverrides(source), fireImmediately: true });
  const decodeAll = async (image: RgbaImage, signal?: AbortSignal, effort: DecodeEffort = 'thorough'): Promise<string[]> => {
    signal?.throwIfAborted();
    // zxing-wasm duck-types ImageData ({data, width, height}), which is why Node can pass one.
    const results = await readBarcodes(image as Parameters<typeof readBarcodes>[0], OPTIONS_BY_EFFORT[effort]);
    return distinctTexts(results.filter((result) => result.isValid).map((result) => result.text));
  };
  return {
    name: 'zxing-wasm',
    decodeAll,
    async decode(image: RgbaImage, signal?: AbortSignal): Promise<string | null> {
      return (await decodeAll(image, signal))[0] ?? null;
    },
    async decodeEncodedImage(fileBytes: Uint8Array): Promise<string | null> {
      const results = await readBarcodes(fileBytes, ZXING_READER_OPTIONS);
      return results.find((result) => result.isValid)?.text ?? null;
    },
  };
}
