/**
 * The decoder Web Worker (module worker): chooses the engine once, then decodes one frame at a
 * time so the camera's UI thread never waits on a decoder. Started by src/platform/decoder-client.ts.
 */
import { createBarcodeDetectorDecoder } from './barcode-detector-decoder.ts';
import { chooseDecoder } from './choose-decoder.ts';
import { CAMERA_LONG_SIDE, decodeFrame } from './decode-frame.ts';
import type { FromDecoderWorker, ToDecoderWorker } from './worker-protocol.ts';
import { createZxingDecoder } from './zxing-decoder.ts';
import { ZXING_READER_WASM_URL } from './zxing-wasm-url.ts';
import type { QrDecoder, RgbaImage } from './types.ts';

// The DOM lib types `self` as a Window; a dedicated worker's scope needs only these two members.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToDecoderWorker>) => void) | null;
  postMessage(message: FromDecoderWorker): void;
};

let engine: Promise<QrDecoder> | undefined;
const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : null;
const context = canvas?.getContext('2d', { willReadFrequently: true }) ?? null;

/** Draws a bitmap already shrunk to the camera size (the GPU scales for free), then frees it. */
function bitmapPixels(bitmap: ImageBitmap): RgbaImage {
  if (!canvas || !context) throw new Error('OffscreenCanvas 2D is not available in this worker');
  const scale = Math.min(1, CAMERA_LONG_SIDE / Math.max(bitmap.width, bitmap.height));
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

async function start(init: Extract<ToDecoderWorker, { kind: 'init' }>): Promise<QrDecoder> {
  const choice = await chooseDecoder(
    {
      zxing: () => createZxingDecoder({ wasmUrl: ZXING_READER_WASM_URL }),
      barcodeDetector: () => createBarcodeDetectorDecoder(),
    },
    init.prefer,
  );
  scope.postMessage({
    kind: 'ready',
    decoder: choice.decoder.name,
    acceptsBitmaps: context !== null,
    skipped: choice.skipped,
  });
  return choice.decoder;
}

async function decodeMessage(message: Exclude<ToDecoderWorker, { kind: 'init' }>): Promise<void> {
  const decoder = await (engine ??= start({ kind: 'init' }));
  // Timed from here so a bitmap's draw into pixels counts as the decoding it is part of.
  const started = performance.now();
  try {
    const image =
      message.kind === 'bitmap'
        ? bitmapPixels(message.bitmap)
        : { data: new Uint8ClampedArray(message.pixels), width: message.width, height: message.height };
    const { text, texts } = await decodeFrame(image, decoder, { source: 'camera' });
    scope.postMessage({ kind: 'result', id: message.id, text, texts, ms: performance.now() - started, decoder: decoder.name });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    scope.postMessage({
      kind: 'result',
      id: message.id,
      text: null,
      texts: [],
      ms: performance.now() - started,
      decoder: decoder.name,
      error: text,
    });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'init') engine ??= start(message);
  else void decodeMessage(message);
};
