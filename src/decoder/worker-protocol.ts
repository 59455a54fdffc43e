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
  | { kind: 'result'; id: number; text: string | null; ms: number; decoder: DecoderName; error?: string };
