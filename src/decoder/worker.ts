/**
 * The decoder Web Worker (module worker): chooses the engine once, then decodes one frame at a
 * time so the camera's UI thread never waits on a decoder. Started by src/platform/decoder-client.ts.
 */
import { createBarcodeDetectorDecoder } from './barcode-detector-decoder.ts';
import { chooseDecoder } from './choose-decoder.ts';
import { CAMERA_LONG_SIDE, decodeFrame } from './decode-frame.ts';
import { DecodeRate, EffortCadence } from './decode-rate.ts';
import { readFrameStream } from './frame-stream.ts';
import type { FromDecoderWorker, ToDecoderWorker } from './worker-protocol.ts';
import { createZxingDecoder } from './zxing-decoder.ts';
import { ZXING_READER_WASM_URL } from './zxing-wasm-url.ts';
import type { QrDecoder, RgbaImage } from './types.ts';

// Checked with the WebWorker lib (src/decoder/tsconfig.json): `self` and `postMessage` are the
// dedicated worker's. Every message out goes through here, so it is checked against the protocol.
function post(message: FromDecoderWorker): void {
  self.postMessage(message);
}

let engine: Promise<QrDecoder> | undefined;
/** Chromium and Safari expose MediaStreamTrackProcessor in workers, Firefox does not: the lib types what may be absent. */
const TrackProcessor = typeof MediaStreamTrackProcessor === 'function' ? MediaStreamTrackProcessor : undefined;
/** The camera stream being read, if any: its rate (woken by the guard) and whether frames are wanted. */
let stream: { rate: DecodeRate; stop: AbortController } | null = null;
let wanted = true;
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
  post({
    kind: 'ready',
    decoder: choice.decoder.name,
    acceptsBitmaps: context !== null,
    readsFrames: typeof VideoFrame === 'function',
    readsTracks: typeof TrackProcessor === 'function',
    skipped: choice.skipped,
  });
  return choice.decoder;
}

/** The engine, started with the default preference if no `init` came first. */
function engineOnce(): Promise<QrDecoder> {
  engine ??= start({ kind: 'init' });
  return engine;
}

/** How hard to look at each frame the page sends (the main-thread grabber's frames). */
const pageFrames = new EffortCadence();

async function decodeMessage(message: Extract<ToDecoderWorker, { kind: 'pixels' | 'bitmap' }>): Promise<void> {
  const decoder = await engineOnce();
  // Timed from here so a bitmap's draw into pixels counts as the decoding it is part of.
  const started = performance.now();
  try {
    const image =
      message.kind === 'bitmap'
        ? bitmapPixels(message.bitmap)
        : { data: new Uint8ClampedArray(message.pixels), width: message.width, height: message.height };
    const { text, texts } = await decodeFrame(image, decoder, { source: 'camera', effort: pageFrames.next() });
    post({ kind: 'result', id: message.id, text, texts, ms: performance.now() - started, decoder: decoder.name });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    post({
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

/** Reads the camera's frames until the stream ends; a new stream (camera switched, page shown again) replaces it. */
async function readCamera(frames: ReadableStream<VideoFrame>, track?: MediaStreamTrack): Promise<void> {
  stream?.stop.abort();
  const mine = { rate: new DecodeRate(performance.now()), stop: new AbortController() };
  stream = mine;
  let error: string | undefined;
  try {
    await readFrameStream(frames, {
      engine: engineOnce,
      rate: mine.rate,
      wanted: () => wanted && stream === mine,
      signal: mine.stop.signal,
      onTexts: ({ texts, ms, at }) => {
        void engine?.then((decoder) => post({ kind: 'texts', texts, ms, at, decoder: decoder.name }));
      },
      onPace: (lively) => post({ kind: 'pace', lively }),
    });
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  // A transferred track is this worker's own copy: nobody else can stop it.
  track?.stop();
  if (stream !== mine) return;
  stream = null;
  post(error === undefined ? { kind: 'frames-ended' } : { kind: 'frames-ended', error });
}

self.onmessage = (event: MessageEvent<ToDecoderWorker>) => {
  const message = event.data;
  switch (message.kind) {
    case 'init':
      engine ??= start(message);
      return;
    case 'track':
      if (!TrackProcessor) return post({ kind: 'frames-ended', error: 'no MediaStreamTrackProcessor in this worker' });
      return void readCamera(new TrackProcessor({ track: message.track }).readable, message.track);
    case 'stop':
      stream?.stop.abort();
      return;
    case 'frames':
      return void readCamera(message.frames);
    case 'want':
      wanted = message.on;
      return;
    case 'wake':
      stream?.rate.wake(performance.now());
      return;
    default:
      return void decodeMessage(message);
  }
};
