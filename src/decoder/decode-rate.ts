/**
 * How often the worker decodes camera frames: every frame while something is in view (a code
 * read, a finder-like candidate seen, finder-candidates.ts) or the guard is using the app, and
 * once every `idleIntervalMs` (2 s) after `holdMs` (3 s) of nothing. Decoding an empty 1080p frame's two
 * views costs 20-40 ms of CPU; at 30 fps that is most of a core all shift long on a phone that
 * shows nothing to the camera most of the time. A code coming into view is decoded on its
 * first frame (its finders wake the rate), so the slow rate adds nothing to time-to-verdict;
 * the idle decodes are the safety net for a code the candidate scan does not see.
 *
 * It also says how hard each decode looks (types.ts DecodeEffort): quick, except every
 * THOROUGH_EVERY-th decode and every decode at the slow rate, which are thorough. So a
 * light-on-dark code (a phone in dark mode) is still read within THOROUGH_EVERY frames (a
 * quarter of a second at 30 fps), while the worker, at 13-20 ms an empty 1080p frame, stays
 * ahead of the camera and takes a code's first frame as it comes.
 * Pure: the worker passes its clock.
 */
import type { DecodeEffort } from './types.ts';

/** One decode in this many is thorough. */
export const THOROUGH_EVERY = 8;

/** Quick, with every THOROUGH_EVERY-th look thorough (also for frames the page sends the worker). */
export class EffortCadence {
  private count = 0;

  /** The effort of the next decode. */
  next(): DecodeEffort {
    this.count = (this.count + 1) % THOROUGH_EVERY;
    return this.count === 0 ? 'thorough' : 'quick';
  }
}

export interface DecodeRateTiming {
  /** Full rate for this long after the last code, candidate or interaction, ms. */
  holdMs: number;
  /** Between decodes when nothing has been seen for `holdMs`, ms. */
  idleIntervalMs: number;
}

export const DEFAULT_DECODE_RATE: DecodeRateTiming = { holdMs: 3000, idleIntervalMs: 2000 };

export class DecodeRate {
  private activeUntil: number;
  private lastDecode = Number.NEGATIVE_INFINITY;
  private readonly cadence = new EffortCadence();

  /** Starts at full rate (the camera just opened: the guard is about to scan). */
  constructor(
    now: number,
    private readonly timing: DecodeRateTiming = DEFAULT_DECODE_RATE,
  ) {
    this.activeUntil = now + timing.holdMs;
  }

  /** A code was read, a candidate seen or the guard touched the app: full rate for a while. */
  wake(now: number): void {
    this.activeUntil = Math.max(this.activeUntil, now + this.timing.holdMs);
  }

  /**
   * Whether to decode the frame taken at `now`, and how hard (null: skip it); `candidate` is the
   * finder scan's answer for it.
   */
  shouldDecode(now: number, candidate: boolean): DecodeEffort | null {
    if (candidate) this.wake(now);
    const active = now < this.activeUntil;
    if (!active && now - this.lastDecode < this.timing.idleIntervalMs) return null;
    this.lastDecode = now;
    // A decode at the slow rate is rare and alone: it looks thoroughly.
    return active ? this.cadence.next() : 'thorough';
  }

  /** True while decoding every frame. */
  active(now: number): boolean {
    return now < this.activeUntil;
  }
}
