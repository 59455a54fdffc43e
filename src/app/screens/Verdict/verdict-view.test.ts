import { describe, expect, it } from 'vitest';
import type { Reason } from '../../../core/index.ts';
import type { ScanOutcome } from '../../flow/scan-flow.ts';
import { verdictView } from './verdict-view.ts';

const outcome = (reason: Reason, decision: 'admit' | 'refuse' | 'refer', extra: Partial<ScanOutcome> = {}): ScanOutcome => ({
  checked: { verdict: { reason, freshness: { trust: null, status: null } }, decision, noTrust: false },
  source: 'camera',
  at: 1_000_000,
  entryId: 'e1',
  ...extra,
});

describe('what a verdict shows', () => {
  it('gives each refusal family its own word and headline', () => {
    expect(verdictView(outcome('status_red', 'refuse'), 0, false)).toMatchObject({
      family: 'health',
      wordKey: 'family.health.word',
      headlineKey: 'family.health.headline',
    });
    expect(verdictView(outcome('bad_signature', 'refuse'), 0, false)).toMatchObject({ family: 'invalid', wordKey: 'family.invalid.word' });
    expect(verdictView(outcome('not_a_health_code', 'refuse'), 0, false)).toMatchObject({
      family: 'not_a_code',
      wordKey: 'family.not_a_code.word',
    });
    expect(verdictView(outcome('ok', 'admit'), 0, false)).toMatchObject({ family: 'admit', wordKey: 'decision.admit', headlineKey: null });
  });

  it('shows the decision that stands after an override, and what the scanner said', () => {
    const view = verdictView(
      outcome('status_red', 'refuse', { override: { decision: 'admit', reason: 'supervisor_approved', at: 1 } }),
      0,
      false,
    );
    expect(view).toMatchObject({ standing: 'admit', family: 'admit', wordKey: 'decision.admit', overriddenFrom: 'refuse' });
  });

  it('says a future-dated code is not valid yet when the clock was confirmed, else to check the clock', () => {
    expect(verdictView(outcome('not_yet_valid', 'refuse'), 0, true).reasonKey).toBe('reason.not_yet_valid.clockOk');
    expect(verdictView(outcome('not_yet_valid', 'refuse'), 0, false).reasonKey).toBe('reason.not_yet_valid');
  });

  it("marks an expired code's date as a problem", () => {
    expect(verdictView(outcome('expired', 'refuse'), 0, false).expiryKey).toBe('verdict.expiredOn');
    expect(verdictView(outcome('ok', 'admit'), 0, false).expiryKey).toBe('verdict.expires');
  });

  it('tells the guard what to do with an invalid code by why it is invalid', () => {
    const headline = (reason: Reason) => verdictView(outcome(reason, 'refuse'), 0, false).headlineKey;
    expect(headline('presentation_expired')).toBe('family.invalid.headline.stale');
    expect(headline('bad_holder_proof')).toBe('family.invalid.headline.stale');
    expect(headline('unknown_issuer')).toBe('family.invalid.headline.unknownIssuer');
    expect(headline('bad_signature')).toBe('family.invalid.headline');
  });

  it('headlines "expired on …" for an expired code whatever else is wrong with it', () => {
    const holder = { name: '张*明', hint: '1234', region: 440300, iat: 100, exp: 500, printedStatus: 'green' as const, holderBound: false };
    const keyWindow = outcome('issuer_key_not_valid', 'refuse');
    keyWindow.checked.verdict.holder = holder;
    expect(verdictView(keyWindow, 600_000, false)).toMatchObject({ headlineKey: 'family.invalid.headline.expired', headlineDate: 500_000 });
    // Before its expiry the key window is what is wrong.
    expect(verdictView(keyWindow, 400_000, false)).toMatchObject({ headlineKey: 'family.invalid.headline', headlineDate: null });
  });
});
