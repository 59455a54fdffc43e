// SHA-256 known answers (FIPS 180-4 examples) and agreement with Node at every padding boundary.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256.ts';
import { kidOf } from './ed25519.ts';
import { b64uDecode, b64uEncode, utf8Encode } from '../bytes.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('hashes %j to the published digest', (text, digest) => {
    expect(hex(sha256(utf8Encode(text)))).toBe(digest);
  });

  it('hashes a million "a" to the published digest', () => {
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Node for every length from 0 to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('gives kidOf(pk) as the first 8 bytes of the digest (a key of the public vectors)', () => {
    const publicKey = b64uDecode('aK4dRNbyTXKAeEpQW3LWTo_an5JQYbLKtEmSCSr_cCM')!;
    expect(b64uEncode(kidOf(publicKey))).toBe('eLoZbSVR9O4');
  });
});
