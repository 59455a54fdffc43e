import { describe, expect, it } from 'vitest';
import { withSaved } from './use-draft.ts';

describe('withSaved: a field bound to a saved value', () => {
  it('shows a value saved elsewhere while the guard has typed nothing', () => {
    expect(withSaved({ value: 'East', saved: 'East' }, 'North')).toEqual({ value: 'North', saved: 'North' });
  });

  it('keeps what the guard is typing when a value is saved meanwhile', () => {
    expect(withSaved({ value: 'Eas', saved: 'East' }, 'North')).toEqual({ value: 'Eas', saved: 'North' });
  });

  it('keeps what the guard typed when their own save comes back', () => {
    // Typed "East gate", the change event saved "East", and they typed on before it returned.
    expect(withSaved({ value: 'East gate', saved: '' }, 'East')).toEqual({ value: 'East gate', saved: 'East' });
  });

  it('changes nothing when the saved value is the one already known', () => {
    const now = { value: 'typing', saved: 'East' };
    expect(withSaved(now, 'East')).toBe(now);
  });
});
