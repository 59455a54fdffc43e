/**
 * Retry delays: exponential with "equal jitter" (half fixed, half random), so a fleet of
 * scanners that lost the network together does not come back in lockstep, and no retry
 * comes sooner than half its step.
 */

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** The delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 2_000;
  const cap = options.capMs ?? 5 * 60_000;
  const step = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  const random = options.random ?? Math.random;
  return Math.round(step / 2 + random() * (step / 2));
}
