import { describe, expect, it } from 'vitest';
import { continuesGroup, groupDecision, GROUP_WINDOW_MS } from './group.ts';

describe('group verdicts', () => {
  it('take the strictest member', () => {
    expect(groupDecision([])).toBe('admit');
    expect(groupDecision(['admit', 'admit'])).toBe('admit');
    expect(groupDecision(['admit', 'refer', 'admit'])).toBe('refer');
    expect(groupDecision(['refer', 'refuse', 'admit'])).toBe('refuse');
  });
  it('group codes of one holder key scanned close together', () => {
    expect(continuesGroup({ at: 0, holderKey: 'k' }, { at: GROUP_WINDOW_MS, holderKey: 'k' })).toBe(true);
    expect(continuesGroup({ at: 0, holderKey: 'k' }, { at: GROUP_WINDOW_MS + 1, holderKey: 'k' })).toBe(false);
    expect(continuesGroup({ at: 0, holderKey: 'k' }, { at: 10, holderKey: 'other' })).toBe(false);
    expect(continuesGroup({ at: 0 }, { at: 10 })).toBe(false);
    expect(continuesGroup({ at: 0, holderKey: 'k' }, { at: 10 })).toBe(false);
    expect(continuesGroup({ at: 100, holderKey: 'k' }, { at: 50, holderKey: 'k' })).toBe(false);
  });
});
