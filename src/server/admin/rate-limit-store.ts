/**
 * The counter store behind @fastify/rate-limit for sign-in attempts, on the server's clock
 * (ctx.now) rather than Date.now, so tests move time instead of waiting for it (and a slow
 * machine, where each wrong password costs a long scrypt, cannot make a window lapse
 * between attempts). Fixed windows per client address, in memory, bounded in size.
 */
type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** A store class for @fastify/rate-limit's `store` option whose windows follow `now()`. */
export function clockedRateLimitStore(now: () => number) {
  return class ClockedStore {
    private readonly windows = new Map<string, { start: number; count: number }>();

    incr(key: string, callback: Callback, timeWindow: number): void {
      const at = now();
      if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (at - w.start >= timeWindow) this.windows.delete(k);
      let w = this.windows.get(key);
      if (!w || at - w.start >= timeWindow) {
        w = { start: at, count: 0 };
        this.windows.set(key, w);
      }
      w.count++;
      callback(null, { current: w.count, ttl: w.start + timeWindow - at });
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      const at = now();
      const w = this.windows.get(key);
      if (!w || at - w.start >= timeWindow) callback(null, { current: 0, ttl: 0 });
      else callback(null, { current: w.count, ttl: w.start + timeWindow - at });
    }

    child(): ClockedStore {
      return new ClockedStore();
    }
  };
}
