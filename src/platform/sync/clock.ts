/**
 * The device clock against the server's: the offset measured at each sync, and two things a
 * guard must know because every verdict and entry depends on the time: a clock over two
 * minutes off, or one that went backwards (a wrong time set by hand, a dead RTC battery).
 * Backwards is caught two ways: within a session against a monotonic clock
 * (performance.timeOrigin + performance.now(), which a wall-clock change does not move),
 * and across restarts against the latest time this device has seen (kept in `meta`).
 */
import type { GatecheckDb } from '../storage/db.ts';

/** More than this from the server's time is shown to the guard (issue 4: 2 minutes). */
export const CLOCK_SKEW_LIMIT_MS = 120_000;
/** Backwards steps up to this are ordinary clock discipline (NTP), not a warning. */
export const BACKWARDS_TOLERANCE_MS = 60_000;
/** An answer slower than this gives no usable offset. */
const MAX_ROUND_TRIP_MS = 30_000;
/** The latest time seen is written at most this often. */
const PERSIST_EVERY_MS = 60_000;
const KEY = 'sync.clock';

export type ClockWarning = 'skewed' | 'went_backwards' | null;

interface StoredClock {
  offsetMs: number | null;
  measuredAt: number | null;
  lastSeen: number;
  wentBackwardsBy: number | null;
}

export interface ClockSources {
  now(): number;
  /** A clock that never jumps: ms on the same scale as now() at start. */
  monotonic(): number;
}

const browserClock: ClockSources = {
  now: () => Date.now(),
  monotonic: () => performance.timeOrigin + performance.now(),
};

/** Watches the device clock; `check()` on a timer, `observe()` on each server answer. */
export class ClockWatch {
  private state: StoredClock = { offsetMs: null, measuredAt: null, lastSeen: 0, wentBackwardsBy: null };
  // Wall minus monotonic at the last check: it changes only when the wall clock is set.
  private drift: number;
  private persistedAt = 0;

  private constructor(
    private readonly db: GatecheckDb,
    private readonly clock: ClockSources,
  ) {
    this.drift = clock.now() - clock.monotonic();
  }

  /** Loads what this device knew about its clock and checks it against the time now. */
  static async open(db: GatecheckDb, clock: ClockSources = browserClock): Promise<ClockWatch> {
    const watch = new ClockWatch(db, clock);
    const stored = (await db.meta.get(KEY))?.value as Partial<StoredClock> | undefined;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    watch.state = {
      offsetMs: num(stored?.offsetMs),
      measuredAt: num(stored?.measuredAt),
      lastSeen: num(stored?.lastSeen) ?? 0,
      wentBackwardsBy: num(stored?.wentBackwardsBy),
    };
    await watch.check();
    return watch;
  }

  /** Server time minus device time (ms), when known. */
  get offsetMs(): number | null {
    return this.state.offsetMs;
  }

  /** What the guard should be told, if anything. */
  warning(): ClockWarning {
    if (this.state.wentBackwardsBy !== null) return 'went_backwards';
    if (this.state.offsetMs !== null && Math.abs(this.state.offsetMs) > CLOCK_SKEW_LIMIT_MS) return 'skewed';
    return null;
  }

  /** The note for an entry made now, or undefined when the clock looks right. */
  note(): string | undefined {
    this.checkSync();
    const warning = this.warning();
    if (warning === 'went_backwards') return `clock went back ${Math.round(this.state.wentBackwardsBy! / 1000)} s`;
    if (warning === 'skewed') {
      const seconds = Math.round(-this.state.offsetMs! / 1000);
      return `clock ${seconds > 0 ? '+' : ''}${seconds} s from server time`;
    }
    return undefined;
  }

  /**
   * Records the server's time from an answer. The offset assumes the server stamped it half
   * way through the round trip (as NTP does). A good measurement clears a backwards warning:
   * the clock is right again.
   */
  async observe(serverTime: number | null, sentAt: number, receivedAt: number): Promise<void> {
    if (serverTime === null || receivedAt < sentAt || receivedAt - sentAt > MAX_ROUND_TRIP_MS) return;
    this.checkSync();
    const offset = Math.round(serverTime - (sentAt + receivedAt) / 2);
    this.state.offsetMs = offset;
    this.state.measuredAt = receivedAt;
    if (Math.abs(offset) <= CLOCK_SKEW_LIMIT_MS) {
      this.state.wentBackwardsBy = null;
      this.state.lastSeen = this.clock.now();
    }
    await this.persist();
  }

  /** Looks for a clock change since the last check; persists the latest time seen. */
  async check(): Promise<void> {
    const changed = this.checkSync();
    if (changed || this.clock.now() - this.persistedAt >= PERSIST_EVERY_MS) await this.persist();
  }

  private checkSync(): boolean {
    const now = this.clock.now();
    const drift = now - this.clock.monotonic();
    const jump = drift - this.drift;
    this.drift = drift;
    let changed = false;
    // The wall clock was set while we ran: the measured offset moves the other way.
    if (Math.abs(jump) > 1000 && this.state.offsetMs !== null) {
      this.state.offsetMs -= Math.round(jump);
      changed = true;
    }
    const behind = this.state.lastSeen - now;
    if (behind > BACKWARDS_TOLERANCE_MS || -jump > BACKWARDS_TOLERANCE_MS) {
      this.state.wentBackwardsBy = Math.max(this.state.wentBackwardsBy ?? 0, behind, -jump);
      changed = true;
    }
    if (now > this.state.lastSeen) this.state.lastSeen = now;
    return changed;
  }

  private async persist(): Promise<void> {
    this.persistedAt = this.clock.now();
    await this.db.meta.put({ key: KEY, value: { ...this.state } });
  }
}
