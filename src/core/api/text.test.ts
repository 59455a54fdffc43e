import { describe, expect, it } from 'vitest';
import { isSafeText } from './text.ts';

describe('safe text', () => {
  it('takes ordinary text in any script', () => {
    for (const s of ['North Gate 北门', 'J*** S****', 'Ünïcødé 😀', 'عربى', '']) expect(isSafeText(s, 40)).toBe(true);
  });
  it('refuses NUL, controls and lone surrogates', () => {
    for (const s of ['a\u0000', 'a\u0007b', 'tab\tin', 'x\u007f', '\u0085', 'a\ud800', '\udc00b', 'a\ud83d'])
      expect(isSafeText(s, 40)).toBe(false);
  });
  it('counts length', () => {
    expect(isSafeText('abc', 2)).toBe(false);
    expect(isSafeText('', 5, 1)).toBe(false);
  });
});
