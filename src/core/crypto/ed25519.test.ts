// Both Ed25519 implementations on RFC 8032 §7.1 vectors, malleated and malformed input,
// and the start-up choice between them.
import { describe, expect, it } from 'vitest';
import { isCanonicalSignature, type Ed25519Verifier } from './ed25519.ts';
import { publicKeyFromSeed, signerFromSeed, tweetnaclEd25519 } from './tweetnacl-ed25519.ts';
import { chooseEd25519, webCryptoEd25519, type SubtleEd25519 } from './webcrypto-ed25519.ts';

const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

// RFC 8032 §7.1, tests 1 to 3.
const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
].map((v) => ({ seed: fromHex(v.seed), publicKey: fromHex(v.publicKey), message: fromHex(v.message), signature: fromHex(v.signature) }));

// The group order L, little-endian, to build a malleated S + L.
const L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

function addLittleEndian(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = a[i]! + b[i]! + carry;
    out[i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

const implementations: Ed25519Verifier[] = [webCryptoEd25519(globalThis.crypto.subtle), tweetnaclEd25519];

describe.each(implementations.map((ed25519) => ({ name: ed25519.name, ed25519 })))('Ed25519 with $name', ({ ed25519 }) => {
  it('accepts the RFC 8032 test signatures and nothing altered', async () => {
    for (const v of RFC8032) {
      expect(await ed25519.verify(v.publicKey, v.message, v.signature)).toBe(true);
      const otherMessage = new Uint8Array([...v.message, 0]);
      expect(await ed25519.verify(v.publicKey, otherMessage, v.signature)).toBe(false);
      const flipped = v.signature.slice();
      flipped[10]! ^= 0x01;
      expect(await ed25519.verify(v.publicKey, v.message, flipped)).toBe(false);
    }
  });

  it('refuses a malleated signature with S + L', async () => {
    const v = RFC8032[1]!;
    const malleated = new Uint8Array(64);
    malleated.set(v.signature.subarray(0, 32));
    malleated.set(addLittleEndian(v.signature.subarray(32), L), 32);
    expect(isCanonicalSignature(malleated)).toBe(false);
    expect(await ed25519.verify(v.publicKey, v.message, malleated)).toBe(false);
  });

  it('answers false, never throws, for wrong lengths and garbage', async () => {
    const v = RFC8032[0]!;
    expect(await ed25519.verify(v.publicKey.subarray(0, 31), v.message, v.signature)).toBe(false);
    expect(await ed25519.verify(v.publicKey, v.message, v.signature.subarray(0, 63))).toBe(false);
    expect(await ed25519.verify(new Uint8Array(32).fill(0xff), v.message, v.signature)).toBe(false);
    expect(await ed25519.verify(new Uint8Array(32), v.message, new Uint8Array(64))).toBe(false);
  });
});

describe('signing and choosing an implementation', () => {
  it('derives the RFC 8032 public keys and signatures from their seeds', async () => {
    for (const v of RFC8032) {
      expect(publicKeyFromSeed(v.seed)).toEqual(v.publicKey);
      const signer = signerFromSeed(v.seed);
      expect(signer.publicKey).toEqual(v.publicKey);
      expect(await signer.sign(v.message)).toEqual(v.signature);
    }
    expect(() => signerFromSeed(new Uint8Array(31))).toThrow(RangeError);
  });

  it('tells canonical S from S >= L', () => {
    const signature = new Uint8Array(64);
    signature.set(L, 32);
    expect(isCanonicalSignature(signature)).toBe(false);
    signature[32] = L[0]! - 1;
    expect(isCanonicalSignature(signature)).toBe(true);
    expect(isCanonicalSignature(new Uint8Array(63))).toBe(false);
  });

  it('chooses native WebCrypto where it works', async () => {
    expect((await chooseEd25519(globalThis.crypto.subtle, () => tweetnaclEd25519)).name).toBe('webcrypto');
  });

  it('falls back to tweetnacl without WebCrypto, when it lacks Ed25519, or when it answers wrongly', async () => {
    expect((await chooseEd25519(undefined, () => tweetnaclEd25519)).name).toBe('tweetnacl');
    expect((await chooseEd25519(null, () => tweetnaclEd25519)).name).toBe('tweetnacl');
    const noEd25519: SubtleEd25519 = {
      importKey: () => Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError')),
      verify: () => Promise.reject(new Error('unreachable')),
    };
    expect((await chooseEd25519(noEd25519, () => tweetnaclEd25519)).name).toBe('tweetnacl');
    const saysYesToEverything: SubtleEd25519 = { importKey: async () => ({}), verify: async () => true };
    expect((await chooseEd25519(saysYesToEverything, () => tweetnaclEd25519)).name).toBe('tweetnacl');
  });

  it('answers false, not an exception, when the platform rejects a key', async () => {
    const rejecting: SubtleEd25519 = { importKey: () => Promise.reject(new Error('bad key')), verify: async () => true };
    const v = RFC8032[0]!;
    expect(await webCryptoEd25519(rejecting).verify(v.publicKey, v.message, v.signature)).toBe(false);
  });
});
