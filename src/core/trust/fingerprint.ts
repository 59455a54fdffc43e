/**
 * A public key's fingerprint for comparing keys out of band (read aloud on the phone, or
 * side by side with the other region's console): SHA-256 of the raw 32-byte key, its first
 * 20 bytes (160 bits) in RFC 4648 base32, as 8 groups of 4 characters. Base32 has no
 * look-alike pairs (no 0/O, 1/l), and the groups keep a reader's place.
 */
import { sha256 } from '../crypto/sha256.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const FINGERPRINT_BYTES = 20;

/** RFC 4648 base32 without padding; only called here on 20 bytes (a multiple of 5: no padding). */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** "ABCD EFGH … 4567": the fingerprint of a raw Ed25519 public key. */
export function keyFingerprint(publicKey: Uint8Array): string {
  const text = base32(sha256(publicKey).subarray(0, FINGERPRINT_BYTES));
  return text.match(/.{4}/g)!.join(' ');
}
