// Byte helpers: strict base64url (one accepted spelling), strict UTF-8, 32-bit integers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  b64uDecode,
  b64uDecodeLength,
  b64uEncode,
  bytesEqual,
  concatBytes,
  isU32,
  isUint,
  readU32,
  u32Bytes,
  utf8DecodeStrict,
  utf8Encode,
} from './bytes.ts';

describe('base64url', () => {
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes the RFC 4648 example %j as %j and back', (text, encoded) => {
    expect(b64uEncode(utf8Encode(text))).toBe(encoded);
    expect(b64uDecode(encoded)).toEqual(utf8Encode(text));
  });

  it('uses the URL-safe alphabet', () => {
    expect(b64uEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(b64uDecode('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it.each([
    ['Zg==', 'padding'],
    ['Zg=', 'partial padding'],
    ['+_8', 'the standard alphabet plus'],
    ['-/8', 'the standard alphabet slash'],
    ['Zm9 v', 'a space'],
    ['Zm9v\n', 'a newline'],
    ['Z', 'a length that leaves a single character'],
    ['Zh', 'non-zero unused bits (Zg is the one spelling of "f")'],
    ['Zm9', 'non-zero unused bits after two bytes'],
    ['Zm9vé', 'a non-ASCII character'],
  ])('refuses %j: %s', (text) => {
    expect(b64uDecode(text)).toBeNull();
  });

  it('agrees with Node on random bytes of every length up to 100', () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = b64uEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(b64uDecode(text)).toEqual(bytes);
    }
  });

  it('checks exact lengths and refuses non-strings', () => {
    expect(b64uDecodeLength('Zm9v', 3)).toEqual(utf8Encode('foo'));
    expect(b64uDecodeLength('Zm9v', 4)).toBeNull();
    expect(b64uDecodeLength('Zm9vYg', 3)).toBeNull();
    expect(b64uDecodeLength(42, 3)).toBeNull();
    expect(b64uDecodeLength(null, 0)).toBeNull();
    expect(b64uDecode(undefined as unknown as string)).toBeNull();
  });
});

describe('strict UTF-8', () => {
  it('decodes valid text, keeping a byte-order mark as a character', () => {
    expect(utf8DecodeStrict(utf8Encode('张*明'))).toBe('张*明');
    expect(utf8DecodeStrict(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA');
  });

  it.each([
    [[0xff], 'a byte that never appears'],
    [[0xc0, 0x80], 'an overlong NUL'],
    [[0xed, 0xa0, 0x80], 'an encoded surrogate'],
    [[0xe4, 0xb8], 'a truncated sequence'],
    [[0x80], 'a lone continuation byte'],
    [[0xf4, 0x90, 0x80, 0x80], 'a code point above U+10FFFF'],
  ])('refuses %j: %s', (bytes) => {
    expect(utf8DecodeStrict(new Uint8Array(bytes))).toBeNull();
  });
});

describe('integers and byte strings', () => {
  it('writes and reads 32-bit unsigned big-endian integers', () => {
    for (const value of [0, 1, 255, 256, 440300, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const bytes = u32Bytes(value);
      expect(bytes.length).toBe(4);
      expect(readU32(bytes, 0)).toBe(value);
    }
    expect(u32Bytes(0x01020304)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(readU32(new Uint8Array([9, 0xff, 0xff, 0xff, 0xff]), 1)).toBe(0xffffffff);
  });

  it('tells 32-bit and safe unsigned integers from everything else', () => {
    expect([0, 1, 0xffffffff].every(isU32)).toBe(true);
    expect([-1, 0x100000000, 1.5, NaN, Infinity, '1', null].some(isU32)).toBe(false);
    expect([0, 2 ** 40, Number.MAX_SAFE_INTEGER].every(isUint)).toBe(true);
    expect([-1, 2 ** 53, 0.5, '3', undefined].some(isUint)).toBe(false);
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]));
    expect(joined).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(joined, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(joined, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(bytesEqual(joined, new Uint8Array([1, 2]))).toBe(false);
  });
});
