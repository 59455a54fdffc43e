import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatecheckDb } from '../storage/db.ts';
import { ClockWatch, type ClockSources } from './clock.ts';
import { backoffDelay } from '../../core/backoff.ts';

let db: GatecheckDb;
let n = 0;
beforeEach(() => {
  db = new GatecheckDb(`clock-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

/** A device clock a test can set, and a monotonic clock that only moves forward with it. */
function deviceClock(start = 1_780_000_000_000) {
  let wall = start;
  let mono = 0;
  const sources: ClockSources = { now: () => wall, monotonic: () => mono };
  return {
    sources,
    pass(ms: number) {
      wall += ms;
      mono += ms;
    },
    set(ms: number) {
      wall = ms;
    },
  };
}

describe('ClockWatch', () => {
  it('measures the offset from the middle of the round trip and warns beyond 2 minutes', async () => {
    const c = deviceClock();
    const watch = await ClockWatch.open(db, c.sources);
    await watch.observe(c.sources.now() + 90_000 + 100, c.sources.now(), c.sources.now() + 200);
    expect(watch.offsetMs).toBe(90_000);
    expect(watch.warning()).toBeNull();
    expect(watch.note()).toBeUndefined();
    await watch.observe(c.sources.now() - 180_000, c.sources.now(), c.sources.now());
    expect(watch.warning()).toBe('skewed');
    expect(watch.note()).toBe('clock +180 s from server time');
    // A round trip too slow to say anything is ignored.
    await watch.observe(c.sources.now(), c.sources.now() - 60_000, c.sources.now());
    expect(watch.offsetMs).toBe(-180_000);
  });

  it('sees the wall clock set back while running, and follows a clock set forward', async () => {
    const c = deviceClock();
    const watch = await ClockWatch.open(db, c.sources);
    await watch.observe(c.sources.now(), c.sources.now(), c.sources.now());
    c.pass(10_000);
    c.set(c.sources.now() + 3_600_000); // set an hour ahead by hand
    await watch.check();
    expect(watch.offsetMs).toBe(-3_600_000);
    expect(watch.warning()).toBe('skewed');
    c.set(c.sources.now() - 2 * 3_600_000); // then an hour behind the truth
    await watch.check();
    expect(watch.warning()).toBe('went_backwards');
    expect(watch.note()).toBe('clock went back 7200 s');
    // A good measurement says the clock is right again.
    await watch.observe(c.sources.now() + 1000, c.sources.now(), c.sources.now());
    expect(watch.warning()).toBeNull();
  });

  it('sees a clock that went backwards across a restart, but not small NTP steps', async () => {
    const c = deviceClock();
    const first = await ClockWatch.open(db, c.sources);
    c.pass(120_000);
    await first.check();
    const restarted = deviceClock(c.sources.now() - 30_000);
    expect((await ClockWatch.open(db, restarted.sources)).warning()).toBeNull();
    const wrong = deviceClock(c.sources.now() - 86_400_000);
    const third = await ClockWatch.open(db, wrong.sources);
    expect(third.warning()).toBe('went_backwards');
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt with jitter in the upper half, capped', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(1000);
    expect(backoffDelay(0, { random: () => 1 })).toBe(2000);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(12_000);
    expect(backoffDelay(50, { random: () => 1 })).toBe(300_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, { random: Math.random })));
    expect(spread.size).toBeGreaterThan(10);
  });
});
