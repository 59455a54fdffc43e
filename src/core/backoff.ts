/**
 * Retry delays: exponential with "equal jitter" (half fixed, half random), so a fleet of
 * scanners that lost the network together does not come back in lockstep, and no retry
 * comes sooner than half its step. The scanner's sync and the server's peer relay both
 * retry by it; the random source is the caller's (core takes no randomness of its own).
 */

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A number in [0, 1): Math.random where the caller has nothing better. */
  random: () => number;
}

/** The delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const base = options.baseMs ?? 2_000;
  const cap = options.capMs ?? 5 * 60_000;
  const step = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + options.random() * (step / 2));
}
