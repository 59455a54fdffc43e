/**
 * A hand-driven clock with timers, for code that takes `now`, `setTimer` and `clearTimer` as
 * dependencies (the scanner's scan flow): time moves only when the test calls advance(), which
 * fires every timer that has come due.
 */
export interface ManualTimers {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  advance(ms: number): void;
}

export function manualTimers(start = 1_000_000): ManualTimers {
  let now = start;
  const timers: { fn: () => void; at: number }[] = [];
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { fn, at: now + ms };
      timers.push(timer);
      return timer;
    },
    clearTimer(handle) {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers]) {
        if (timer.at <= now) {
          timers.splice(timers.indexOf(timer), 1);
          timer.fn();
        }
      }
    },
  };
}
