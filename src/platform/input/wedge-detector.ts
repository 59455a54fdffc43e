/**
 * Tells a keyboard-wedge barcode scanner from a person typing. A 2D scanner "types" the QR
 * text in a burst (a few ms a key; Bluetooth ones 20-50 ms, with the radio bunching some keys
 * and holding others back) and ends with Enter; people need 80 ms or more a key over any
 * run of 20 keys (150 words a minute is 80 ms a character).
 *
 * Times are the events' own `timeStamp`s: the moment the device delivered the key, not when
 * a busy page got round to it. Measured in Chromium (CDP key events with device times, two
 * busy workers and the main thread 80% busy in the page): the gaps a page sees equal the
 * device's, to 0.1 ms, at 5, 30 and 50 ms a key. Load on the phone therefore does not move
 * the gaps; what moves them is the scanner and the Bluetooth link, so a long text (a GC1
 * code is 150+ characters) may average up to 60 ms a key with single stalls up to 300 ms,
 * while a short burst must stay at 35 ms (people type short words fast).
 * Pure logic on (key, time) pairs, so it is unit-tested.
 */

/** Timing limits for a burst to count as a scan. */
export interface WedgeTiming {
  /** Shortest text accepted (shorter bursts are shortcuts or stray keys). */
  minLength: number;
  /** Largest mean gap between keys of a short burst, ms. */
  maxMeanGapMs: number;
  /** From this many characters on, a burst may average up to `maxMeanGapLongMs`. */
  longLength: number;
  maxMeanGapLongMs: number;
  /** Any single gap over this ends the burst (a person started typing, or a new scan). */
  maxGapMs: number;
}

/** Limits that accept USB and slow Bluetooth scanners and refuse fast human typists. */
export const DEFAULT_WEDGE_TIMING: WedgeTiming = { minLength: 4, maxMeanGapMs: 35, longLength: 20, maxMeanGapLongMs: 60, maxGapMs: 300 };

/** Result of one key: a finished scan, part of a burst (keep the key from the page), or nothing. */
export type WedgeStep = { kind: 'scan'; text: string } | { kind: 'burst' } | { kind: 'none' };

/** Accumulates keys; feed it every keydown. */
export class WedgeDetector {
  private buffer = '';
  private firstAt = 0;
  private lastAt = 0;

  constructor(private readonly timing: WedgeTiming = DEFAULT_WEDGE_TIMING) {}

  /** `key` is KeyboardEvent.key; `time` a monotonic ms clock (event.timeStamp). */
  feed(key: string, time: number): WedgeStep {
    const gap = time - this.lastAt;
    if (this.buffer && gap > this.timing.maxGapMs) this.buffer = '';
    if (key === 'Enter') {
      const text = this.buffer;
      const meanGap = text.length > 1 ? (this.lastAt - this.firstAt) / (text.length - 1) : Infinity;
      this.buffer = '';
      const maxMean = text.length >= this.timing.longLength ? this.timing.maxMeanGapLongMs : this.timing.maxMeanGapMs;
      if (text.length >= this.timing.minLength && meanGap <= maxMean && gap <= this.timing.maxGapMs) {
        return { kind: 'scan', text };
      }
      return { kind: 'none' };
    }
    // Only printable characters belong to the text; Shift and friends come between them
    // when a scanner emulates uppercase and are skipped without ending the burst.
    if (key.length !== 1) return this.buffer ? { kind: 'burst' } : { kind: 'none' };
    if (!this.buffer) this.firstAt = time;
    this.buffer += key;
    this.lastAt = time;
    // From the second fast key on we are inside a burst (keys are kept from the page while a
    // burst runs at a scanner's pace, so a focused button does not take its Space or Enter).
    return this.buffer.length > 1 && gap <= this.timing.maxMeanGapLongMs ? { kind: 'burst' } : { kind: 'none' };
  }

  reset(): void {
    this.buffer = '';
  }
}
