/** The decoding pipeline shared by the scanner's worker and `gatecheck decode`: sizing passes around one engine. */
import { downscaleToFit } from './downscale.ts';
import type { DecodeEffort, QrDecoder, RgbaImage } from './types.ts';

/** Camera frames are shrunk to this long side first: 720p keeps every code a guard holds up readable, at 5–9 ms. */
export const CAMERA_LONG_SIDE = 1280;

/** What one frame gave: every code's text (first in `text`, null when none) and the milliseconds spent, sizing included. */
export interface FrameOutcome {
  text: string | null;
  texts: string[];
  ms: number;
}

export interface DecodeFrameOptions {
  /**
   * 'camera' (default): one pass at ≤ 1280 px long side; a miss is retried on the next frame anyway.
   * 'still': a photo gets one chance, so full size first (exactly what the engine reads on its
   * own), then area-averaged half and 1280 px passes, which read noisy photos that full size and
   * zxing's own internal downscaling miss (see README.md for the figures).
   */
  source?: 'camera' | 'still';
  /** How hard the engine looks (types.ts): by default quick for a camera frame, thorough for a still. */
  effort?: DecodeEffort;
  signal?: AbortSignal;
}

/** The sizes a still photo is tried at, largest first; each pass runs only when the one before read nothing. */
export function stillPassSides(width: number, height: number): number[] {
  const longSide = Math.max(width, height);
  const sides = [longSide];
  if (longSide > CAMERA_LONG_SIDE) sides.push(Math.round(longSide / 2));
  if (longSide / 2 > CAMERA_LONG_SIDE * 1.25) sides.push(CAMERA_LONG_SIDE);
  return sides;
}

/** Decodes one frame with one engine; rejects only when the engine breaks or the signal aborts. */
export async function decodeFrame(image: RgbaImage, decoder: QrDecoder, options: DecodeFrameOptions = {}): Promise<FrameOutcome> {
  const { source = 'camera', signal } = options;
  const effort = options.effort ?? (source === 'still' ? 'thorough' : 'quick');
  const started = performance.now();
  const sides = source === 'camera' ? [CAMERA_LONG_SIDE] : stillPassSides(image.width, image.height);
  for (const side of sides) {
    signal?.throwIfAborted();
    const texts = await decoder.decodeAll(downscaleToFit(image, side), signal, effort);
    if (texts.length > 0) return { text: texts[0]!, texts, ms: performance.now() - started };
  }
  return { text: null, texts: [], ms: performance.now() - started };
}
