/** Ed25519 in pure JavaScript (tweetnacl): the fallback where WebCrypto lacks Ed25519. */
import nacl from 'tweetnacl';
import { isCanonicalSignature, type Ed25519Signer, type Ed25519Verifier } from './ed25519.ts';

export const tweetnaclEd25519: Ed25519Verifier = {
  name: 'tweetnacl',
  async verify(publicKey, message, signature) {
    if (publicKey.length !== 32 || !isCanonicalSignature(signature)) return false;
    try {
      return nacl.sign.detached.verify(message, signature, publicKey);
    } catch {
      return false;
    }
  },
};

/** A signer from a 32-byte Ed25519 seed (the `secretKey` of our key files). */
export function signerFromSeed(seed: Uint8Array): Ed25519Signer {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const pair = nacl.sign.keyPair.fromSeed(seed);
  return {
    publicKey: pair.publicKey,
    async sign(message) {
      return nacl.sign.detached(message, pair.secretKey);
    },
  };
}

/** The public key of a 32-byte seed. */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return nacl.sign.keyPair.fromSeed(seed).publicKey;
}
