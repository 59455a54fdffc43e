/**
 * A cheap look for something that could be a QR code, on every camera frame, so the worker
 * decodes at full rate the moment a code comes into view and slowly otherwise (decode-rate.ts).
 * A QR code has three finder patterns whose every cross-section reads dark, light, dark,
 * light, dark in widths 1:1:3:1:1; this scans every ROW_STEP-th row of the luminance plane for
 * such runs. It only has to be right often enough to wake the decoder: a miss costs at most the
 * slow rate's interval, a false alarm one decode.
 *
 * Runs are found against a moving average of the row (a window about as wide as a finder at
 * arm's length), with a contrast margin: a plain wall or sensor noise crosses it rarely, a
 * printed or displayed code always.
 */
import type { LumaPlane } from './luma-views.ts';

/** Rows looked at: every 4th (a finder at arm's length in 1080p is about 20 rows tall). */
export const ROW_STEP = 4;
/** A pixel is dark or light only this far below or above the local average (luma levels). */
const CONTRAST = 24;
/** Width of the moving average, px. */
const WINDOW = 48;
/** A finder narrower than this (7 modules) cannot be decoded anyway. */
const MIN_FINDER = 10;
/** Rows that must show the pattern: a finder spans several sampled rows, noise rarely two. */
const ROWS_NEEDED = 2;

/** True when the ratio of five run widths is near 1:1:3:1:1. */
export function looksLikeFinder(a: number, b: number, c: number, d: number, e: number): boolean {
  const total = a + b + c + d + e;
  if (total < MIN_FINDER) return false;
  const unit = total / 7;
  const tolerance = unit * 0.6;
  return (
    Math.abs(a - unit) < tolerance &&
    Math.abs(b - unit) < tolerance &&
    Math.abs(c - 3 * unit) < 3 * tolerance &&
    Math.abs(d - unit) < tolerance &&
    Math.abs(e - unit) < tolerance
  );
}

/** Counts the sampled rows of `plane` that cross a finder-like pattern; stops at `enough`. */
export function finderRows(plane: LumaPlane, enough = ROWS_NEEDED): number {
  const { data, offset, stride, width, height } = plane;
  const runs = new Int32Array(5);
  let found = 0;
  const window = Math.min(WINDOW, width);
  const half = window >> 1;
  // Integer compares against window × level (no division per pixel): v·W < sum − C·W is dark.
  const margin = CONTRAST * window;
  for (let y = ROW_STEP >> 1; y < height; y += ROW_STEP) {
    const row = offset + y * stride;
    let windowSum = 0;
    for (let x = 0; x < window; x++) windowSum += data[row + x]!;
    // State: 0 unknown, 1 dark, 2 light. runs[4] is the run now growing, runs[0..3] the ones before.
    let state = 0;
    let count = 0; // runs completed since the row started, capped at 5
    runs.fill(0);
    for (let x = 0; x < width; x++) {
      // Moving sum over [x - half, x + half) (clamped at the edges of the row).
      if (x > half && x + half <= width) windowSum += data[row + x + half - 1]! - data[row + x - half - 1]!;
      const scaled = data[row + x]! * window;
      const next = scaled < windowSum - margin ? 1 : scaled > windowSum + margin ? 2 : state;
      if (next === state) {
        runs[4]!++;
        continue;
      }
      if (state !== 0) {
        // A dark run has just ended: the five runs before it ending in dark are a candidate.
        if (state === 1 && count >= 4 && looksLikeFinder(runs[0]!, runs[1]!, runs[2]!, runs[3]!, runs[4]!)) {
          if (++found >= enough) return found;
          break;
        }
        runs.copyWithin(0, 1);
        count = Math.min(count + 1, 5);
      }
      runs[4] = 1;
      state = next;
    }
  }
  return found;
}

/** True when the frame shows enough finder-like rows to be worth decoding now. */
export function hasFinderCandidate(plane: LumaPlane): boolean {
  return finderRows(plane) >= ROWS_NEEDED;
}
