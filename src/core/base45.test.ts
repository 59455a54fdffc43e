// Base45 (RFC 9285): the RFC's examples, and strict decoding (one spelling per byte string).
import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode } from './base45.ts';
import { utf8Encode } from './bytes.ts';

const ascii = (bytes: Uint8Array | null) => (bytes ? String.fromCharCode(...bytes) : null);

describe('base45', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes the RFC 9285 example %j as %j and back', (text, encoded) => {
    expect(base45Encode(utf8Encode(text))).toBe(encoded);
    expect(ascii(base45Decode(encoded))).toBe(text);
  });

  it('encodes the empty string as empty and the extreme groups exactly', () => {
    expect(base45Encode(new Uint8Array(0))).toBe('');
    expect(base45Decode('')).toEqual(new Uint8Array(0));
    expect(base45Decode('FGW')).toEqual(new Uint8Array([0xff, 0xff]));
    expect(base45Decode('U5')).toEqual(new Uint8Array([0xff]));
    expect(base45Decode('000')).toEqual(new Uint8Array([0, 0]));
  });

  it.each([
    ['GGW', 'a triple worth 65536 (the RFC example)'],
    [':::', 'the largest triple, 91124'],
    ['V5', 'a pair worth 256'],
    ['::', 'the largest pair, 2024'],
    ['A', 'a dangling single character'],
    ['BB8A', 'a dangling character after a whole group'],
    ['bb8', 'lower case'],
    ['BB_', 'a character outside the alphabet'],
    ['BB\t', 'a tab (only the space is in the alphabet)'],
    ['BBé', 'a non-ASCII character'],
    ['BB\u0000', 'a NUL'],
  ])('refuses %j: %s', (text) => {
    expect(base45Decode(text)).toBeNull();
  });

  it('round-trips random byte strings of every length up to 200', () => {
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state >>> 24;
    };
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, next);
      const text = base45Encode(bytes);
      expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
      expect(text.length).toBe(Math.floor(length / 2) * 3 + (length % 2) * 2);
      expect(base45Decode(text)).toEqual(bytes);
    }
  });
});
