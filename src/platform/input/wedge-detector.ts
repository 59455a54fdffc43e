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
 * while a short burst must stay at 35 ms (people type short words fast). The pace is the
 * mean gap without the longest tenth (pace()), and a stall splits keys only when they are
 * not at a scanner's pace as a whole: measured in Chromium with the page CPU-throttled 4x and a 1080p
 * camera running (playwright's keyboard.type at 2 ms a key, so each key waits for the page),
 * the gaps a page saw were 14 ms median, 56 ms p90, 209 ms p99, a few over 300 ms: the mean of
 * a 200-key code then passes 60 ms and one stall split it, its tail read as "not a health code".
 * A text that starts with a prefix only machines write (a GC1 code, an enrollment code) and
 * is long is a scan whatever its pace: nobody types 150 characters of base45, and on a loaded
 * phone (or a test machine whose driver itself is late) a slow pace would otherwise make a
 * real scan vanish without a verdict.
 * Pure logic on (key, time) pairs, so it is unit-tested.
 */
import { ENROLL_PREFIX } from '../../core/enrollment.ts';
import { QR_PREFIX } from '../../core/code/text.ts';

/**
 * Machine-written texts: a prefix and then only its encoding's alphabet (base45 after `GC1:`,
 * base64url after `GCENROLL1:`). Long enough, they are scans at any pace; a person typing
 * "GC1:" and then words is not (lower case and spaces are not base45; base45 has no lower case).
 */
const MACHINE_TEXTS: readonly RegExp[] = [new RegExp(`^${QR_PREFIX}[0-9A-Z $%*+\\-./:]+$`), new RegExp(`^${ENROLL_PREFIX}[A-Za-z0-9_-]+$`)];

/**
 * True for a text only a machine writes, long enough that nobody types it: a scan even when
 * its keys went into a text field (keyboard-wedge.ts), where a pace alone proves nothing.
 */
export function isMachineText(text: string, timing: WedgeTiming = DEFAULT_WEDGE_TIMING): boolean {
  return text.length >= timing.longLength && MACHINE_TEXTS.some((written) => written.test(text));
}

/** Timing limits for a burst to count as a scan. */
export interface WedgeTiming {
  /** Shortest text accepted (shorter bursts are shortcuts or stray keys). */
  minLength: number;
  /** Largest pace (mean gap without the longest tenth, see pace()) of a short burst, ms. */
  maxMeanGapMs: number;
  /** From this many characters on, a burst's pace may be up to `maxMeanGapLongMs`. */
  longLength: number;
  maxMeanGapLongMs: number;
  /**
   * A gap over this splits the keys: when they are not at a scanner's pace as a whole, only
   * the keys after the last such gap can be the scan (a person's keys came before it).
   */
  maxGapMs: number;
  /** A gap over this ends everything before it (no page stalls this long inside a scan). */
  maxStallMs: number;
}

/** Limits that accept USB and slow Bluetooth scanners and refuse fast human typists. */
export const DEFAULT_WEDGE_TIMING: WedgeTiming = {
  minLength: 4,
  maxMeanGapMs: 35,
  longLength: 20,
  maxMeanGapLongMs: 60,
  maxGapMs: 300,
  maxStallMs: 5000,
};

/** Result of one key: a finished scan, part of a burst (keep the key from the page), or nothing. */
export type WedgeStep = { kind: 'scan'; text: string } | { kind: 'burst' } | { kind: 'none' };

/**
 * The pace of a burst: the mean gap without its longest tenth. Not the plain mean (a few
 * stalls must not outweigh a hundred fast keys), not the median (a Bluetooth link bunching
 * keys in pairs gives gaps of 20 and 95 ms alternately: the median is either).
 */
function pace(gaps: readonly number[]): number {
  if (gaps.length === 0) return Number.POSITIVE_INFINITY;
  const kept = [...gaps].sort((a, b) => a - b).slice(0, gaps.length - Math.floor(gaps.length / 10));
  return kept.reduce((sum, gap) => sum + gap, 0) / kept.length;
}

/** True when `text` typed with `gaps` between its keys is at a scanner's pace. */
function scanLike(text: string, gaps: readonly number[], timing: WedgeTiming): boolean {
  if (isMachineText(text, timing)) return true;
  const limit = text.length >= timing.longLength ? timing.maxMeanGapLongMs : timing.maxMeanGapMs;
  return text.length >= timing.minLength && pace(gaps) <= limit;
}

/** Accumulates keys; feed it every keydown. */
export class WedgeDetector {
  private buffer = '';
  private gaps: number[] = [];
  /** Where the keys after the last gap over `maxGapMs` start (0: none). */
  private segment = 0;
  private lastAt = 0;

  constructor(private readonly timing: WedgeTiming = DEFAULT_WEDGE_TIMING) {}

  /**
   * The scan in the keys so far, if any: all of them when they are at a scanner's pace (a busy
   * page's stalls included, even within the first keys), else the keys after the last long
   * gap (a person's stray keys before a scan are not part of it).
   */
  private scan(): string | null {
    if (scanLike(this.buffer, this.gaps, this.timing)) return this.buffer;
    const tail = this.buffer.slice(this.segment);
    return this.segment > 0 && scanLike(tail, this.gaps.slice(this.segment), this.timing) ? tail : null;
  }

  /** `key` is KeyboardEvent.key; `time` a monotonic ms clock (event.timeStamp). */
  feed(key: string, time: number): WedgeStep {
    const gap = time - this.lastAt;
    if (this.buffer && gap > this.timing.maxStallMs) this.reset();
    if (key === 'Enter') {
      const text = this.buffer && gap <= this.timing.maxStallMs ? this.scan() : null;
      this.reset();
      return text === null ? { kind: 'none' } : { kind: 'scan', text };
    }
    // Only printable characters belong to the text; Shift and friends come between them
    // when a scanner emulates uppercase and are skipped without ending the burst.
    if (key.length !== 1) return this.buffer ? { kind: 'burst' } : { kind: 'none' };
    if (this.buffer) {
      if (gap > this.timing.maxGapMs) this.segment = this.buffer.length;
      this.gaps.push(gap);
    }
    this.buffer += key;
    this.lastAt = time;
    // From the second fast key on we are inside a burst (keys are kept from the page while a
    // burst runs at a scanner's pace, so a focused button does not take its Space or Enter).
    return this.buffer.length > 1 && (gap <= this.timing.maxMeanGapLongMs || this.scan() !== null) ? { kind: 'burst' } : { kind: 'none' };
  }

  reset(): void {
    this.buffer = '';
    this.gaps = [];
    this.segment = 0;
  }
}
