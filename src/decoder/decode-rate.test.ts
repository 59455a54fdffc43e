import { describe, expect, it } from 'vitest';
import { DecodeRate, EffortCadence, THOROUGH_EVERY } from './decode-rate.ts';

const timing = { holdMs: 3000, idleIntervalMs: 2000 };

/** The rate's answers for frames every `stepMs` from `from` up to (not including) `to`. */
function answers(rate: DecodeRate, from: number, to: number, stepMs: number, candidate = false) {
  const out: { at: number; effort: ReturnType<DecodeRate['shouldDecode']> }[] = [];
  for (let at = from; at < to; at += stepMs) out.push({ at, effort: rate.shouldDecode(at, candidate) });
  return out;
}

describe('EffortCadence', () => {
  it('makes one look in THOROUGH_EVERY thorough, the rest quick', () => {
    const cadence = new EffortCadence();
    const efforts = Array.from({ length: THOROUGH_EVERY * 3 }, () => cadence.next());
    expect(efforts.filter((e) => e === 'thorough')).toHaveLength(3);
    expect(efforts.slice(0, THOROUGH_EVERY)).toEqual([...Array<string>(THOROUGH_EVERY - 1).fill('quick'), 'thorough']);
  });
});

describe('DecodeRate', () => {
  it('decodes every frame while the camera has just opened, one in THOROUGH_EVERY thoroughly', () => {
    const rate = new DecodeRate(0, timing);
    const seen = answers(rate, 0, 3000, 33);
    expect(seen.every((s) => s.effort !== null)).toBe(true);
    const thorough = seen.filter((s) => s.effort === 'thorough').length;
    expect(thorough).toBe(Math.floor(seen.length / THOROUGH_EVERY));
  });

  it('after the hold, decodes every idle interval, each time thoroughly', () => {
    const rate = new DecodeRate(0, timing);
    answers(rate, 0, 3000, 33);
    const decoded = answers(rate, 3000, 11_000, 33).filter((s) => s.effort !== null);
    expect(decoded.map((s) => s.effort)).toEqual(decoded.map(() => 'thorough'));
    for (let i = 1; i < decoded.length; i++) expect(decoded[i]!.at - decoded[i - 1]!.at).toBeGreaterThanOrEqual(2000);
    expect(decoded.length).toBeGreaterThanOrEqual(3);
  });

  it('a candidate frame wakes full rate at once, and for the hold after it', () => {
    const rate = new DecodeRate(0, timing);
    answers(rate, 0, 6000, 33);
    expect(rate.active(6000)).toBe(false);
    // The candidate frame itself is decoded, even right after a slow-rate decode.
    const first = rate.shouldDecode(6001, true);
    expect(first).not.toBeNull();
    expect(answers(rate, 6034, 9000, 33).every((s) => s.effort !== null)).toBe(true);
    expect(rate.active(9002)).toBe(false);
  });

  it('a touch (wake) brings full rate back for the hold', () => {
    const rate = new DecodeRate(0, timing);
    answers(rate, 0, 6000, 33);
    rate.wake(6000);
    expect(rate.active(8999)).toBe(true);
    expect(answers(rate, 6000, 9000, 33).every((s) => s.effort !== null)).toBe(true);
  });
});
