/** A small fixed-window limiter for sign-in attempts, per client address, in memory. */

export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt; false when `key` has used up its attempts for this window. */
  allow(key: string, nowMs: number): boolean {
    if (this.windows.size > 10_000) this.sweep(nowMs); // bounded memory under a flood of addresses
    const w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.windowMs) {
      this.windows.set(key, { start: nowMs, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.maxAttempts;
  }

  /** Seconds until `key` may try again. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - nowMs) / 1000)) : 0;
  }

  private sweep(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(key);
  }
}
