/** Messages between src/platform/decoder-client.ts (main thread) and worker.ts. */
import type { DecoderName } from './types.ts';

/** Main thread to worker. Pixel buffers and bitmaps are transferred, never copied. */
export type ToDecoderWorker =
  | { kind: 'init'; prefer?: DecoderName }
  | { kind: 'pixels'; id: number; width: number; height: number; pixels: ArrayBuffer }
  | { kind: 'bitmap'; id: number; bitmap: ImageBitmap }
  /** The camera itself (frame-stream.ts reads it here): its track where tracks transfer, else a processor's stream. */
  | { kind: 'track'; track: MediaStreamTrack }
  | { kind: 'frames'; frames: ReadableStream<VideoFrame> }
  /** Stop reading the camera (and stop a transferred track). */
  | { kind: 'stop' }
  /** Whether the app wants the camera's codes now (false while an override is recorded). */
  | { kind: 'want'; on: boolean }
  /** The guard touched the app: decode every frame for a while (decode-rate.ts). */
  | { kind: 'wake' };

/** Worker to main thread. */
export type FromDecoderWorker =
  | {
      kind: 'ready';
      decoder: DecoderName;
      acceptsBitmaps: boolean;
      /** True when the worker can read VideoFrames (a camera stream); `tracks`: it can also open a transferred track. */
      readsFrames: boolean;
      readsTracks: boolean;
      skipped: { name: DecoderName; problem: string }[];
    }
  /** Codes the worker read from the camera stream; `at` is when it took the frame, Unix ms. */
  | { kind: 'texts'; texts: string[]; ms: number; at: number; decoder: DecoderName }
  /** The preview's pace (preview-pace.ts): lively (the camera's full rate) or calm. */
  | { kind: 'pace'; lively: boolean }
  /** The camera stream ended (the track stopped) or failed. */
  | { kind: 'frames-ended'; error?: string }
  /** `texts` holds every code read in the frame (a group held up together); `text` is the first. */
  | { kind: 'result'; id: number; text: string | null; texts: string[]; ms: number; decoder: DecoderName; error?: string };
