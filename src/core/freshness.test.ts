// Freshness: the age of the trust bundle and the status list at the time of a scan.
import { describe, expect, it } from 'vitest';
import { ageLevel, freshnessAt, oldestAge } from './freshness.ts';

describe('freshnessAt', () => {
  it('ages data from its issuedAt, or from the last check that confirmed it current', () => {
    const f = freshnessAt(
      { trust: { seq: 2, issuedAt: 1000, expiresAt: 5000 }, status: { seq: 9, issuedAt: 1500, checkedAt: 1900 } },
      2000,
    );
    expect(f).toEqual({
      trust: { seq: 2, issuedAt: 1000, expiresAt: 5000, expired: false, ageSeconds: 1000 },
      status: { seq: 9, issuedAt: 1500, ageSeconds: 100 },
    });
    expect(freshnessAt({ trust: { seq: 2, issuedAt: 1000, expiresAt: 5000, checkedAt: 1990 }, status: null }, 2000).trust?.ageSeconds).toBe(
      10,
    );
  });

  it('calls a bundle expired only after expiresAt', () => {
    const at = (now: number) => freshnessAt({ trust: { seq: 1, issuedAt: 0, expiresAt: 100 }, status: null }, now).trust?.expired;
    expect([at(99), at(100), at(101)]).toEqual([false, false, true]);
  });

  it('never reports a negative age (data issued ahead of a slow clock)', () => {
    expect(freshnessAt({ trust: { seq: 1, issuedAt: 500, expiresAt: 900 }, status: null }, 400).trust?.ageSeconds).toBe(0);
  });

  it('reports no status age before any list is held', () => {
    expect(freshnessAt({ trust: null, status: { seq: null, issuedAt: null } }, 10)).toEqual({ trust: null, status: null });
  });
});

describe('ageLevel', () => {
  const thresholds = { warnAfter: 100, staleAfter: 300 };
  it.each([
    [null, 'none'],
    [0, 'fresh'],
    [99, 'fresh'],
    [100, 'warn'],
    [299, 'warn'],
    [300, 'stale'],
  ])('an age of %j is %s', (age, level) => {
    expect(ageLevel(age === null ? null : { seq: 1, issuedAt: 0, ageSeconds: age }, thresholds)).toBe(level);
  });
});

describe('oldestAge', () => {
  const age = (ageSeconds: number) => ({ seq: 1, issuedAt: 0, ageSeconds });
  it('picks the oldest of the data held, and null when none is held', () => {
    const old = age(7200);
    expect(oldestAge([age(60), null, old, age(3600)])).toBe(old);
    expect(oldestAge([null, null])).toBeNull();
    expect(oldestAge([])).toBeNull();
  });
});
