/** Messages between src/platform/decoder-client.ts (main thread) and worker.ts. */
import type { DecoderName } from './types.ts';

/** Main thread to worker. Pixel buffers and bitmaps are transferred, never copied. */
export type ToDecoderWorker =
  | { kind: 'init'; prefer?: DecoderName }
  | { kind: 'pixels'; id: number; width: number; height: number; pixels: ArrayBuffer }
  | { kind: 'bitmap'; id: number; bitmap: ImageBitmap };

/** Worker to main thread. */
export type FromDecoderWorker =
  | { kind: 'ready'; decoder: DecoderName; acceptsBitmaps: boolean; skipped: { name: DecoderName; problem: string }[] }
  /** `texts` holds every code read in the frame (a group held up together); `text` is the first. */
  | { kind: 'result'; id: number; text: string | null; texts: string[]; ms: number; decoder: DecoderName; error?: string };
