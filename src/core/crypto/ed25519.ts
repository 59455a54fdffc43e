/** The small asynchronous Ed25519 interface the verifier depends on, and key ids. */
import { sha256 } from './sha256.ts';

/** Verifies pure Ed25519 (RFC 8032) signatures. Never throws for bad input: false. */
export interface Ed25519Verifier {
  /** Shown on the about screen and in bench tables. */
  readonly name: 'webcrypto' | 'tweetnacl';
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** Signs with one key; issuers, the status publisher and tests hold these. */
export interface Ed25519Signer {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** kidOf(pk): the first 8 bytes of SHA-256(pk) (gc1.md notation). */
export function kidOf(publicKey: Uint8Array): Uint8Array {
  return sha256(publicKey).slice(0, 8);
}

// The group order L, little-endian. RFC 8032 §5.1.7 requires rejecting S >= L; tweetnacl
// does not check it, so both implementations check it here and agree on malleated input.
const L = [
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0x10,
];

/** True when a 64-byte signature has the right length and a canonical S (< L). */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    const l = L[i]!;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}
