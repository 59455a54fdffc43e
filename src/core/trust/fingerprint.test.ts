import { describe, expect, it } from 'vitest';
import { keyFingerprint } from './fingerprint.ts';

describe('keyFingerprint', () => {
  it('is the first 160 bits of SHA-256 in base32, in groups of four', () => {
    // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925;
    // its first 20 bytes in RFC 4648 base32 (checked with `base32` of coreutils).
    expect(keyFingerprint(new Uint8Array(32))).toBe('MZUH VLPY MK6X O3EP YGFY 5H4O EAEJ OFEF');
  });

  it('differs for keys one bit apart', () => {
    const other = new Uint8Array(32);
    other[31] = 1;
    expect(keyFingerprint(other)).not.toBe(keyFingerprint(new Uint8Array(32)));
    expect(keyFingerprint(other)).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  });
});
