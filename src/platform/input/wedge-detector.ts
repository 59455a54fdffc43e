/**
 * Tells a keyboard-wedge barcode scanner from a person typing. A 2D scanner "types" the QR
 * text in a burst (a few ms a key, Bluetooth ones up to ~30 ms) and ends with Enter; people
 * need 80 ms or more between keys. Pure logic on (key, time) pairs, so it is unit-tested.
 */

/** Timing limits for a burst to count as a scan. */
export interface WedgeTiming {
  /** Shortest text accepted (shorter bursts are shortcuts or stray keys). */
  minLength: number;
  /** Largest mean gap between keys of one burst, ms. */
  maxMeanGapMs: number;
  /** Any single gap over this ends the burst (a person started typing, or a new scan). */
  maxGapMs: number;
}

/** Limits that accept USB and Bluetooth scanners and refuse fast human typists. */
export const DEFAULT_WEDGE_TIMING: WedgeTiming = { minLength: 4, maxMeanGapMs: 35, maxGapMs: 150 };

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
      if (text.length >= this.timing.minLength && meanGap <= this.timing.maxMeanGapMs && gap <= this.timing.maxGapMs) {
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
    // From the second fast key on we are inside a burst.
    return this.buffer.length > 1 && gap <= this.timing.maxMeanGapMs ? { kind: 'burst' } : { kind: 'none' };
  }

  reset(): void {
    this.buffer = '';
  }
}
