// Review rules: the clear case decided at once, the strictest declared item wins, queue above any colour.
import { describe, expect, it } from 'vitest';
import { applyReviewRules, DEFAULT_REVIEW_RULES, greenerThanRules, parseReviewRules, type ReviewRules } from './review-rules.ts';

const none = { symptoms: false, travel: false, contact: false };

describe('applyReviewRules', () => {
  it('by default: nothing declared is green, anything declared waits for a reviewer', () => {
    expect(applyReviewRules(none, DEFAULT_REVIEW_RULES)).toBe('green');
    expect(applyReviewRules({ ...none, symptoms: true }, DEFAULT_REVIEW_RULES)).toBe('queue');
    expect(applyReviewRules({ ...none, travel: true }, DEFAULT_REVIEW_RULES)).toBe('queue');
    expect(applyReviewRules({ ...none, contact: true }, DEFAULT_REVIEW_RULES)).toBe('queue');
  });

  it('contact may mean yellow at once; the strictest declared item wins', () => {
    const rules: ReviewRules = { nothing: 'green', symptoms: 'queue', travel: 'green', contact: 'yellow' };
    expect(applyReviewRules({ ...none, contact: true }, rules)).toBe('yellow');
    expect(applyReviewRules({ ...none, travel: true }, rules)).toBe('green');
    expect(applyReviewRules({ ...none, travel: true, contact: true }, rules)).toBe('yellow');
    expect(applyReviewRules({ symptoms: true, travel: true, contact: true }, rules)).toBe('queue');
    expect(applyReviewRules({ ...none, contact: true }, { ...rules, travel: 'red' })).toBe('yellow');
    expect(applyReviewRules({ ...none, travel: true, contact: true }, { ...rules, travel: 'red' })).toBe('red');
  });

  it('an authority may send every application to a reviewer', () => {
    expect(applyReviewRules(none, { ...DEFAULT_REVIEW_RULES, nothing: 'queue' })).toBe('queue');
  });
});

describe('parseReviewRules', () => {
  it('fills missing fields from the default and drops unknown ones', () => {
    expect(parseReviewRules({})).toEqual(DEFAULT_REVIEW_RULES);
    expect(parseReviewRules({ contact: 'yellow', extra: 1 })).toEqual({ ...DEFAULT_REVIEW_RULES, contact: 'yellow' });
  });
  it.each([null, 'green', [], { nothing: 'approve' }, { contact: 1 }, { travel: null }])('refuses %j', (value) => {
    expect(parseReviewRules(value)).toBeNull();
  });
});

describe('greenerThanRules', () => {
  it('green for a declared symptom waiting for a reviewer is greener than the rules; yellow and red are not', () => {
    const symptoms = { ...none, symptoms: true };
    expect(greenerThanRules('green', symptoms, DEFAULT_REVIEW_RULES)).toBe(true);
    expect(greenerThanRules('yellow', symptoms, DEFAULT_REVIEW_RULES)).toBe(false);
    expect(greenerThanRules('red', symptoms, DEFAULT_REVIEW_RULES)).toBe(false);
  });

  it('a colour outcome is the floor: yellow under a red rule is greener, red is not', () => {
    const rules: ReviewRules = { nothing: 'green', symptoms: 'red', travel: 'green', contact: 'yellow' };
    expect(greenerThanRules('yellow', { ...none, symptoms: true }, rules)).toBe(true);
    expect(greenerThanRules('red', { ...none, symptoms: true }, rules)).toBe(false);
    expect(greenerThanRules('green', { ...none, contact: true }, rules)).toBe(true);
    expect(greenerThanRules('green', { ...none, travel: true }, rules)).toBe(false);
  });

  it('a clear declaration has no floor, even when the rules queue it', () => {
    expect(greenerThanRules('green', none, DEFAULT_REVIEW_RULES)).toBe(false);
    expect(greenerThanRules('green', none, { ...DEFAULT_REVIEW_RULES, nothing: 'queue' })).toBe(false);
  });
});
