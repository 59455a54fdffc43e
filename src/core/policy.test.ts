// Checkpoint policy: by default only `ok` admits; yellow and expired trust follow the policy.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decide, decidedCode, parsePolicy } from './policy.ts';
import { REASONS } from './reasons.ts';
import { freshnessAt } from './freshness.ts';

const expiredTrust = freshnessAt({ trust: { seq: 1, issuedAt: 0, expiresAt: 100 }, status: null }, 200);
const currentTrust = freshnessAt({ trust: { seq: 1, issuedAt: 0, expiresAt: 300 }, status: null }, 200);

describe('decide', () => {
  it('admits only ok by default, refers yellow and a failed check, refuses the rest', () => {
    for (const reason of REASONS) {
      const expected = reason === 'ok' ? 'admit' : reason === 'status_yellow' || reason === 'check_failed' ? 'refer' : 'refuse';
      expect(decide(reason), reason).toBe(expected);
    }
  });

  it('yellow can mean refuse', () => {
    expect(decide('status_yellow', { ...DEFAULT_POLICY, yellow: 'refuse' })).toBe('refuse');
  });

  it('an expired trust bundle refers an ok code only where the policy says so', () => {
    expect(decide('ok', DEFAULT_POLICY, expiredTrust)).toBe('admit');
    const strict = { ...DEFAULT_POLICY, expiredTrust: 'refer' as const };
    expect(decide('ok', strict, expiredTrust)).toBe('refer');
    expect(decide('ok', strict, currentTrust)).toBe('admit');
    expect(decide('ok', strict)).toBe('admit');
    expect(decide('status_red', strict, expiredTrust)).toBe('refuse');
  });

  it('no policy can make a refused reason admit', () => {
    const lenient = { yellow: 'refer' as const, expiredTrust: 'admit' as const, warnAfter: 1, staleAfter: 2, acceptStatic: true };
    for (const reason of REASONS.filter((r) => r !== 'ok')) expect(decide(reason, lenient)).not.toBe('admit');
  });
});

describe('decide: static codes (acceptStatic)', () => {
  const noStatic = { ...DEFAULT_POLICY, acceptStatic: false };
  const staticCode = { holderBound: false };
  const holderBound = { holderBound: true };

  it('accepts static codes by default, so codes issued before holder-bound ones still admit', () => {
    expect(DEFAULT_POLICY.acceptStatic).toBe(true);
    expect(decide('ok', DEFAULT_POLICY, undefined, staticCode)).toBe('admit');
  });

  it('refers a static code where the policy does not accept them, and never admits it', () => {
    expect(decide('ok', noStatic, undefined, staticCode)).toBe('refer');
    expect(decide('status_yellow', noStatic, undefined, staticCode)).toBe('refer');
    expect(decide('status_yellow', { ...noStatic, yellow: 'refuse' }, undefined, staticCode)).toBe('refuse');
    expect(decide('status_red', noStatic, undefined, staticCode)).toBe('refuse');
    for (const reason of REASONS) expect(decide(reason, noStatic, undefined, staticCode), reason).not.toBe('admit');
  });

  it('a holder-bound code is unaffected; without the kind the field cannot apply', () => {
    expect(decide('ok', noStatic, undefined, holderBound)).toBe('admit');
    expect(decide('status_yellow', noStatic, undefined, holderBound)).toBe('refer');
    expect(decide('ok', noStatic)).toBe('admit');
  });
});

describe('parsePolicy', () => {
  it('fills missing fields from the default and drops unknown ones', () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicy({ yellow: 'refuse', extra: 1 })).toEqual({ ...DEFAULT_POLICY, yellow: 'refuse' });
    expect(parsePolicy({ warnAfter: 10, staleAfter: 10 })).toEqual({ ...DEFAULT_POLICY, warnAfter: 10, staleAfter: 10 });
    expect(parsePolicy({ acceptStatic: false })).toEqual({ ...DEFAULT_POLICY, acceptStatic: false });
  });

  it.each([
    null,
    undefined,
    'refer',
    42,
    { yellow: 'admit' },
    { expiredTrust: 'refuse' },
    { warnAfter: 0 },
    { warnAfter: -5 },
    { staleAfter: Number.NaN },
    { staleAfter: Infinity },
    { warnAfter: '3600' },
    { warnAfter: 100, staleAfter: 50 },
    { acceptStatic: 'no' },
    { acceptStatic: 0 },
  ])('refuses %j', (value) => {
    expect(parsePolicy(value)).toBeNull();
  });
});

describe('decide() for codes of recognised authorities (GC1 1.1 §6)', () => {
  const peer = { holderBound: true, home: false };
  const home = { holderBound: true, home: true };
  const at = (recognised: 'as-home' | 'refuse-yellow' | 'refer') => ({ ...DEFAULT_POLICY, recognised });

  it('as-home: a peer code means what a home code means', () => {
    for (const reason of ['ok', 'status_yellow', 'revoked'] as const)
      expect(decide(reason, at('as-home'), undefined, peer)).toBe(decide(reason, at('as-home'), undefined, home));
  });

  it('refuse-yellow: a yellow peer code is refused, a green one admitted, home codes untouched', () => {
    expect(decide('status_yellow', at('refuse-yellow'), undefined, peer)).toBe('refuse');
    expect(decide('ok', at('refuse-yellow'), undefined, peer)).toBe('admit');
    expect(decide('status_yellow', at('refuse-yellow'), undefined, home)).toBe('refer');
  });

  it('refer: every peer code that would admit or refer goes to a supervisor; refusals stay refusals', () => {
    expect(decide('ok', at('refer'), undefined, peer)).toBe('refer');
    expect(decide('status_yellow', at('refer'), undefined, peer)).toBe('refer');
    expect(decide('status_red', at('refer'), undefined, peer)).toBe('refuse');
    expect(decide('ok', at('refer'), undefined, home)).toBe('admit');
  });

  it('decidedCode reads home from the verdict issuer, and parsePolicy checks and defaults the setting', () => {
    expect(decidedCode({ holder: { holderBound: false }, issuer: { home: false } })).toEqual({ holderBound: false, home: false });
    expect(decidedCode({})).toBeUndefined();
    expect(parsePolicy({})?.recognised).toBe('as-home');
    expect(parsePolicy({ recognised: 'refer' })?.recognised).toBe('refer');
    expect(parsePolicy({ recognised: 'sometimes' })).toBeNull();
  });
});
