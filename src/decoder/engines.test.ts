import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import jsQR from 'jsqr';
import { renderFrameSet } from '../../test/fixtures/frames.ts';
import { createBarcodeDetectorDecoder } from './barcode-detector-decoder.ts';
import { chooseDecoder } from './choose-decoder.ts';
import { createJsqrDecoder } from './jsqr-decoder.ts';
import { createNodeZxingDecoder } from './node/zxing-node.ts';
import type { QrDecoder } from './types.ts';

// Installed before zxing-wasm is first instantiated in this file (each test file gets a fresh
// module registry): any network fetch, the package's CDN default included, fails the test.
const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in the decoder')));
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = fetchSpy as unknown as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

const clean = [...renderFrameSet(['clean'], 640, 480, 3), ...renderFrameSet(['clean'], 1280, 720, 3)];
const hard = renderFrameSet(['noisy', 'low-contrast'], 1280, 720, 4);
const empty = [...renderFrameSet(['no-code'], 640, 480, 3), ...renderFrameSet(['no-code'], 1280, 720, 2)];

/** Light-on-dark: a phone showing its code in dark mode. */
const inverted = clean.map((generated) => {
  const data = generated.frame.data.map((value, i) => (i % 4 === 3 ? value : 255 - value));
  return { ...generated, frame: { ...generated.frame, data } };
});

async function readAll(decoder: QrDecoder, frames: typeof clean) {
  const texts: (string | null)[] = [];
  for (const { frame } of frames) texts.push(await decoder.decode(frame));
  return texts;
}

/** A platform BarcodeDetector for Node, backed by jsQR: exercises our adapter's use of the API. */
function platformWithDetector(formats: string[] | (() => Promise<string[]>)) {
  class FakeImageData {
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  }
  class BarcodeDetector {
    static getSupportedFormats = typeof formats === 'function' ? formats : async () => formats;
    constructor(readonly options: { formats: string[] }) {}
    async detect(image: FakeImageData) {
      if (!(image instanceof FakeImageData)) throw new TypeError('detect() takes an ImageBitmapSource');
      const code = jsQR(image.data, image.width, image.height);
      return code ? [{ rawValue: code.data, format: 'qr_code' }] : [];
    }
  }
  return { BarcodeDetector, ImageData: FakeImageData };
}

describe('zxing-wasm engine (reader build, from node_modules)', () => {
  it('reads every clean frame at 640x480 and 1280x720', async () => {
    const decoder = await createNodeZxingDecoder();
    expect(decoder.name).toBe('zxing-wasm');
    expect(await readAll(decoder, clean)).toEqual(clean.map((f) => f.text));
  });

  it('reads noisy and low-contrast 720p frames', async () => {
    const decoder = await createNodeZxingDecoder();
    expect(await readAll(decoder, hard)).toEqual(hard.map((f) => f.text));
  });

  it('finds nothing in frames without a code', async () => {
    const decoder = await createNodeZxingDecoder();
    expect(await readAll(decoder, empty)).toEqual(empty.map(() => null));
  });

  it('reads clean, noisy and low-contrast frames at quick effort too, and light-on-dark codes only at thorough', async () => {
    const decoder = await createNodeZxingDecoder();
    for (const { frame, text } of [...clean, ...hard]) expect(await decoder.decodeAll(frame, undefined, 'quick')).toEqual([text]);
    for (const { frame, text } of inverted) {
      expect(await decoder.decodeAll(frame, undefined, 'quick')).toEqual([]);
      expect(await decoder.decodeAll(frame, undefined, 'thorough')).toEqual([text]);
    }
  });

  it('never fetched anything: the .wasm came from node_modules', () => {
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('jsQR engine', () => {
  it('reads every clean frame and finds nothing in frames without a code', async () => {
    const decoder = createJsqrDecoder();
    expect(decoder.name).toBe('jsqr');
    expect(await readAll(decoder, clean)).toEqual(clean.map((f) => f.text));
    expect(await readAll(decoder, empty.slice(0, 2))).toEqual([null, null]);
  });

  it('reads light-on-dark codes only at thorough effort', async () => {
    const decoder = createJsqrDecoder();
    for (const { frame, text } of inverted.slice(0, 2)) {
      expect(await decoder.decodeAll(frame, undefined, 'quick')).toEqual([]);
      expect(await decoder.decodeAll(frame, undefined, 'thorough')).toEqual([text]);
    }
  });

  it('honours an aborted signal', async () => {
    const [first] = clean;
    await expect(createJsqrDecoder().decode(first!.frame, AbortSignal.abort())).rejects.toThrow();
  });
});

describe('BarcodeDetector engine', () => {
  it('is not offered without the API (Node, headless Chromium)', async () => {
    expect(await createBarcodeDetectorDecoder({})).toBeNull();
    expect(await createBarcodeDetectorDecoder(globalThis as never)).toBeNull();
  });

  it('is not offered when qr_code is not among the supported formats, or the check rejects', async () => {
    expect(await createBarcodeDetectorDecoder(platformWithDetector(['ean_13', 'code_128']))).toBeNull();
    expect(await createBarcodeDetectorDecoder(platformWithDetector([]))).toBeNull();
    const rejecting = platformWithDetector(() => Promise.reject(new Error('NotSupportedError')));
    expect(await createBarcodeDetectorDecoder(rejecting)).toBeNull();
  });

  it('passes frames as ImageData and returns the first rawValue', async () => {
    const decoder = await createBarcodeDetectorDecoder(platformWithDetector(['qr_code', 'ean_13']));
    expect(decoder?.name).toBe('barcode-detector');
    expect(await readAll(decoder!, clean.slice(0, 2))).toEqual(clean.slice(0, 2).map((f) => f.text));
    expect(await decoder!.decode(empty[0]!.frame)).toBeNull();
  });
});

describe('chooseDecoder', () => {
  const zxing = () => createNodeZxingDecoder();
  const noDetector = async () => null;

  it('prefers zxing-wasm when it instantiates', async () => {
    const choice = await chooseDecoder({ zxing, barcodeDetector: noDetector });
    expect(choice.decoder.name).toBe('zxing-wasm');
    expect(choice.skipped).toEqual([]);
  });

  it('falls back to BarcodeDetector, then jsQR, saying why', async () => {
    const brokenWasm = () => Promise.reject(new Error('WebAssembly is not available'));
    const detector = () => createBarcodeDetectorDecoder(platformWithDetector(['qr_code']));
    const second = await chooseDecoder({ zxing: brokenWasm, barcodeDetector: detector });
    expect(second.decoder.name).toBe('barcode-detector');
    expect(second.skipped).toEqual([{ name: 'zxing-wasm', problem: 'WebAssembly is not available' }]);

    const third = await chooseDecoder({ zxing: brokenWasm, barcodeDetector: noDetector });
    expect(third.decoder.name).toBe('jsqr');
    expect(third.skipped.map((s) => s.name)).toEqual(['zxing-wasm', 'barcode-detector']);
  });

  it('puts a preferred engine first', async () => {
    const choice = await chooseDecoder({ zxing, barcodeDetector: noDetector }, 'jsqr');
    expect(choice.decoder.name).toBe('jsqr');
  });
});
