// The masked name rule (name-mask.ts): one rule, every script, always within the code's 64 bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes.ts';
import { MAX_NAME_BYTES } from './code/layout.ts';
import { idHint, maskName } from './name-mask.ts';

describe('maskName', () => {
  it.each([
    ['张三明', '张*明'],
    ['张明', '张*'],
    ['张', '*'],
    ['欧阳修文', '欧**文'],
    [' 张  三明 ', '张*明'],
    ['约翰·史密斯', '约***斯'],
    ['𠀋小明', '𠀋*明'], // a CJK extension B character is one character
  ])('Han name %s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['John Smith', 'J*** S****'],
    ['  John   Smith ', 'J*** S****'],
    ['Zoë', 'Z**'],
    ['Иван Петров', 'И*** П*****'],
    ['김민준', '김**'],
    ['やまだ たろう', 'や** た**'],
    ['محمد علي', 'م*** ع**'],
    ['A', 'A'],
    ['Li 明', 'L* 明'], // mixed scripts follow the word rule
  ])('other scripts: %s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('shortens the stars, then drops words, to fit the code', () => {
    const long = 'Maximilian Alexander Ferdinand Karl Joseph von Habsburg-Lothringen';
    const masked = maskName(long);
    expect(masked).toBe('M* A* F* K* J* v* H*');
    expect(maskName('A'.repeat(120))).toBe('A*');
    expect(maskName('国'.repeat(64))).toBe('国*国');
    const words = Array.from({ length: 40 }, (_, i) => `W${i}x`).join(' ');
    expect(utf8Encode(maskName(words)).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(maskName(words).startsWith('W* W* ')).toBe(true);
  });

  it('white space only is empty', () => {
    expect(maskName('   ')).toBe('');
  });

  it('never exceeds 64 UTF-8 bytes, never keeps more than the first and last character of a word, never splits a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }), (name) => {
        const masked = maskName(name);
        expect(utf8Encode(masked).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(masked).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        for (const word of masked.split(' ')) expect(Array.from(word.replace(/\*/g, '')).length).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('idHint', () => {
  it('is the last four characters of the ID number', () => {
    expect(idHint('440301199001011234')).toBe('1234');
    expect(idHint('E1234567X')).toBe('567X');
    expect(idHint('AB1')).toBe('AB1');
    expect(idHint(' 12345 ')).toBe('2345');
  });
});
