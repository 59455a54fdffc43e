/** Ed25519 signing through node:crypto (native; tweetnacl takes far longer on large deltas). */
import { createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto';
import type { Ed25519Signer } from '../../core/index.ts';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): this prefix, then the seed.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A signer for a 32-byte seed; signatures are identical to tweetnacl's (Ed25519 is deterministic). */
export function nodeSigner(seed: Uint8Array): Ed25519Signer {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  // The SPKI DER of an Ed25519 key ends with the 32 raw public key bytes.
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  return {
    publicKey,
    async sign(message) {
      return new Uint8Array(nodeSign(null, message, privateKey));
    },
  };
}
