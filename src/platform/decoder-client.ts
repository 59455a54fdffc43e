/**
 * Main-thread side of the QR decoder worker (src/decoder/worker.ts). The camera hands it frames
 * as fast as it likes; at most one frame is in flight, and a frame offered meanwhile is dropped
 * at once, so the decoder never builds a queue behind the camera.
 *
 *   const decoder = await createDecoderClient();   // rejects if the worker cannot start
 *   decoder.decoderName;                            // 'zxing-wasm' | 'barcode-detector' | 'jsqr'
 *   const result = await decoder.decode(imageData); // null: no code, or dropped while busy
 *   if (result) use(result.texts);                  // every code in the frame; result.text is the first
 *   decoder.terminate();
 */
import type { DecoderName, RgbaImage } from '../decoder/types.ts';
import type { FromDecoderWorker, ToDecoderWorker } from '../decoder/worker-protocol.ts';

/** One decoded frame. `ms`: decoding in the worker; `roundTripMs`: from decode() to the reply, transfer included. */
export interface DecodeReply {
  /** The first code read. */
  text: string;
  /** Every distinct code read in the frame (a group held up together), `text` first. */
  texts: string[];
  ms: number;
  roundTripMs: number;
  decoder: DecoderName;
}

/** Codes the worker read from the camera stream. `at`: when it took the frame, Unix ms. */
export interface StreamReply {
  texts: string[];
  ms: number;
  at: number;
  decoder: DecoderName;
}

/** What the worker reports of the camera it reads (watchCamera). */
export interface CameraListener {
  onTexts(reply: StreamReply): void;
  /** The stream stopped or failed. */
  onEnded?(error?: string): void;
  /**
   * The preview's pace (src/decoder/preview-pace.ts): true, show the camera's full rate; false,
   * nothing has moved for a while, a calm preview will do. The worker reads its own copy of the
   * track, so whatever the preview's track is set to, it sees every frame.
   */
  onPace?(lively: boolean): void;
}

/** The camera being read by the worker (watchCamera). */
export interface CameraWatch {
  /** Whether the app wants codes now; frames are closed unread while not. */
  want(on: boolean): void;
  /** The guard touched the app: decode every frame for a while. */
  wake(): void;
  stop(): void;
}

type TrackProcessorClass = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };

/** The decoder worker, seen from the main thread. */
export interface DecoderClient {
  /** The engine the worker chose at start-up, for the about screen. */
  readonly decoderName: DecoderName;
  /** True when the worker can take ImageBitmaps (it has OffscreenCanvas); ImageData always works. */
  readonly acceptsBitmaps: boolean;
  /** True while a frame is in flight: decode() would drop the next one. */
  readonly busy: boolean;
  /** The engine's last per-frame failure, if any (frames after it are tried as usual). */
  readonly lastError: string | null;
  /**
   * Decodes one frame, transferred to the worker: afterwards an ImageBitmap is closed and an
   * ImageData's buffer detached, decoded or dropped. Resolves null when no code was read, when
   * the frame was dropped (busy) or after terminate(); rejects only if the worker has died.
   */
  decode(frame: ImageData | ImageBitmap | RgbaImage): Promise<DecodeReply | null>;
  /**
   * Hands the camera to the worker, which grabs, cuts and decodes its frames off the main thread
   * (src/decoder/frame-stream.ts) from its own copy of `track`, and tells `listener` what it
   * reads. Null where the worker cannot read a camera here (no MediaStreamTrackProcessor, no
   * transferable tracks or streams): use decode() per frame then.
   */
  watchCamera(track: MediaStreamTrack, listener: CameraListener): CameraWatch | null;
  /** Stops the worker; a frame in flight resolves null. */
  terminate(): void;
}

export interface DecoderClientOptions {
  /** Try this engine first (tests and comparisons); by default zxing-wasm, then BarcodeDetector, then jsQR. */
  prefer?: DecoderName;
  /** Makes the worker; by default the module worker next to the decoder. */
  createWorker?: () => Worker;
}

interface InFlight {
  id: number;
  sentAt: number;
  resolve(reply: DecodeReply | null): void;
  reject(error: Error): void;
}

function isBitmap(frame: ImageData | ImageBitmap | RgbaImage): frame is ImageBitmap {
  return typeof ImageBitmap === 'function' && frame instanceof ImageBitmap;
}

/** Starts the decoder worker; resolves once it has chosen its engine, rejects (and stops it) if it cannot load. */
export function createDecoderClient(options: DecoderClientOptions = {}): Promise<DecoderClient> {
  const worker =
    options.createWorker?.() ?? new Worker(new URL('../decoder/worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });

  return new Promise<DecoderClient>((resolveClient, rejectClient) => {
    let client: DecoderClient | null = null;
    let acceptsBitmaps = false;
    let readsFrames = false;
    let readsTracks = false;
    let watcher: CameraListener | null = null;
    /** The worker's copy of the camera track where the page made its processor (Chromium): stopped with the watch. */
    let watchedCopy: MediaStreamTrack | null = null;
    const stopCopy = () => {
      watchedCopy?.stop();
      watchedCopy = null;
    };
    let inFlight: InFlight | null = null;
    let lastError: string | null = null;
    let dead: Error | null = null;
    let terminated = false;
    let nextId = 1;

    const settle = (message: Extract<FromDecoderWorker, { kind: 'result' }>) => {
      if (!inFlight || inFlight.id !== message.id) return;
      const { resolve, sentAt } = inFlight;
      inFlight = null;
      if (message.error !== undefined) lastError = message.error;
      if (message.text === null) return resolve(null);
      const texts = message.texts.length > 0 ? message.texts : [message.text];
      resolve({ text: message.text, texts, ms: message.ms, roundTripMs: performance.now() - sentAt, decoder: message.decoder });
    };

    worker.onmessage = (event: MessageEvent<FromDecoderWorker>) => {
      const message = event.data;
      if (message.kind === 'result') return settle(message);
      if (message.kind === 'texts') return watcher?.onTexts(message);
      if (message.kind === 'pace') return watcher?.onPace?.(message.lively);
      if (message.kind === 'frames-ended') {
        const ended = watcher;
        watcher = null;
        stopCopy();
        return ended?.onEnded?.(message.error);
      }
      acceptsBitmaps = message.acceptsBitmaps;
      readsFrames = message.readsFrames;
      readsTracks = message.readsTracks;
      client = makeClient(message.decoder);
      resolveClient(client);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      dead = new Error(`decoder worker failed: ${event.message || 'it could not be loaded'}`);
      inFlight?.reject(dead);
      inFlight = null;
      if (!client) {
        worker.terminate();
        rejectClient(dead);
      }
    };
    const init: ToDecoderWorker = options.prefer ? { kind: 'init', prefer: options.prefer } : { kind: 'init' };
    worker.postMessage(init);

    function makeClient(decoderName: DecoderName): DecoderClient {
      return {
        decoderName,
        get acceptsBitmaps() {
          return acceptsBitmaps;
        },
        get busy() {
          return inFlight !== null;
        },
        get lastError() {
          return lastError;
        },
        decode(frame) {
          if (dead && !terminated) return Promise.reject(dead);
          if (terminated || inFlight) {
            if (isBitmap(frame)) frame.close();
            return Promise.resolve(null);
          }
          const id = nextId++;
          return new Promise<DecodeReply | null>((resolve, reject) => {
            inFlight = { id, sentAt: performance.now(), resolve, reject };
            if (isBitmap(frame)) {
              worker.postMessage({ kind: 'bitmap', id, bitmap: frame } satisfies ToDecoderWorker, [frame]);
              return;
            }
            const { data, width, height } = frame;
            // Transfer the pixels when they own their whole buffer; copy a view into a bigger or shared one.
            const pixels =
              data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
                ? data.buffer
                : data.slice().buffer;
            worker.postMessage({ kind: 'pixels', id, width, height, pixels } satisfies ToDecoderWorker, [pixels]);
          });
        },
        watchCamera(track, listener) {
          if (!readsFrames || terminated || dead) return null;
          const mine = { ...listener };
          const handle: CameraWatch = {
            want: (on) => watcher === mine && worker.postMessage({ kind: 'want', on } satisfies ToDecoderWorker),
            wake: () => watcher === mine && worker.postMessage({ kind: 'wake' } satisfies ToDecoderWorker),
            stop: () => {
              if (watcher !== mine) return;
              watcher = null;
              stopCopy();
              worker.postMessage({ kind: 'stop' } satisfies ToDecoderWorker);
            },
          };
          // Where tracks transfer (Safari), the worker opens its own copy of the track; Chromium
          // cannot transfer a track (DataCloneError, measured in Chromium 156) but transfers a
          // processor's stream, and hands its frames to the worker without the page's main thread.
          if (readsTracks) {
            const copy = track.clone();
            try {
              worker.postMessage({ kind: 'track', track: copy } satisfies ToDecoderWorker, [copy as unknown as Transferable]);
              watcher = mine;
              return handle;
            } catch {
              copy.stop();
            }
          }
          const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorClass }).MediaStreamTrackProcessor;
          if (!Processor) return null;
          // A copy of the track, as where tracks transfer: the page may slow its preview's track
          // (onPace) without slowing what the worker reads.
          const copy = track.clone();
          try {
            const frames = new Processor({ track: copy }).readable;
            worker.postMessage({ kind: 'frames', frames } satisfies ToDecoderWorker, [frames as unknown as Transferable]);
          } catch {
            copy.stop();
            return null;
          }
          stopCopy();
          watchedCopy = copy;
          watcher = mine;
          return handle;
        },
        terminate() {
          watcher = null;
          stopCopy();
          worker.terminate();
          terminated = true;
          inFlight?.resolve(null);
          inFlight = null;
        },
      };
    }
  });
}
