import { describe, expect, it } from 'vitest';
import { addToTally, effectiveDecision, effectiveDecisionSql, emptyTally, overrideChoices, overrideNeedsConfirmation } from './decision.ts';
import { verdictFamily } from './verdict-family.ts';
import { can, isRole, ROLES } from './roles.ts';

describe('effective decision', () => {
  it('is the override when there is one', () => {
    expect(effectiveDecision({ decision: 'refuse' })).toBe('refuse');
    expect(effectiveDecision({ decision: 'refuse', override: null })).toBe('refuse');
    expect(effectiveDecision({ decision: 'refuse', override: { decision: 'admit' } })).toBe('admit');
    expect(effectiveDecision({ decision: 'refer', override: { decision: 'refuse' } })).toBe('refuse');
  });
  it('tallies by the decision that stands', () => {
    const t = emptyTally();
    addToTally(t, { decision: 'refer', override: { decision: 'refuse' } });
    addToTally(t, { decision: 'admit' });
    addToTally(t, { decision: 'refuse', override: { decision: 'admit' } });
    expect(t).toEqual({ admit: 2, refuse: 1, refer: 0, overridden: 2 });
  });
  it('has an SQL twin over a named alias only', () => {
    expect(effectiveDecisionSql('e')).toBe("COALESCE(e.override->>'decision', e.decision)");
    expect(() => effectiveDecisionSql('e; DROP TABLE x')).toThrow();
  });
  it('offers only the opposite of what is shown', () => {
    expect(overrideChoices('admit')).toEqual(['refuse']);
    expect(overrideChoices('refuse')).toEqual(['admit']);
    expect(overrideChoices('refer')).toEqual(['admit', 'refuse']);
    expect(overrideNeedsConfirmation('refuse', 'admit')).toBe(true);
    expect(overrideNeedsConfirmation('refer', 'admit')).toBe(true);
    expect(overrideNeedsConfirmation('refer', 'refuse')).toBe(false);
    expect(overrideNeedsConfirmation('admit', 'refuse')).toBe(false);
  });
});

describe('verdict family', () => {
  it('tells refusals apart', () => {
    expect(verdictFamily('ok', 'admit')).toBe('admit');
    expect(verdictFamily('status_yellow', 'refer')).toBe('refer');
    expect(verdictFamily('status_yellow', 'refuse')).toBe('health');
    expect(verdictFamily('status_red', 'refuse')).toBe('health');
    expect(verdictFamily('revoked', 'refuse')).toBe('health');
    expect(verdictFamily('bad_signature', 'refuse')).toBe('invalid');
    expect(verdictFamily('expired', 'refuse')).toBe('invalid');
    expect(verdictFamily('not_yet_valid', 'refuse')).toBe('invalid');
    expect(verdictFamily('unknown_issuer', 'refuse')).toBe('invalid');
    expect(verdictFamily('presentation_expired', 'refuse')).toBe('invalid');
    expect(verdictFamily('not_a_health_code', 'refuse')).toBe('not_a_code');
  });
});

describe('roles', () => {
  it('grant what the console promises', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(can('viewer', 'read')).toBe(true);
    expect(can('viewer', 'operate')).toBe(false);
    expect(can('reviewer', 'review')).toBe(true);
    expect(can('operator', 'review')).toBe(false);
    expect(can('operator', 'operate')).toBe(true);
    expect(can('operator', 'administer')).toBe(false);
    expect(can('admin', 'administer')).toBe(true);
  });
});
