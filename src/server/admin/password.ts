/** Administrator passwords: scrypt hashes (node:crypto), checked in constant time. */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { b64uDecode, b64uEncode } from '../../core/index.ts';

// N=2^15, r=8, p=1: about 50 ms and 32 MiB here, the OWASP minimum for scrypt.
const PARAMS = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Uint8Array, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * scrypt runs PBKDF2-HMAC-SHA256 with the password as the HMAC key, and HMAC pads a key
 * shorter than its block with zero bytes: "pw" and "pw\0\0" derive the same hash. So a
 * password may never contain NUL: hashing refuses one and checking one is a mismatch.
 */
function hasNul(password: string): boolean {
  return password.includes('\u0000');
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). Throws RangeError for a password with NUL. */
export async function hashPassword(password: string): Promise<string> {
  if (hasNul(password)) throw new RangeError('a password may not contain NUL');
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, b64uEncode(salt), b64uEncode(key)].join('$');
}

/** True when `password` matches `stored`; false for a wrong password, one with NUL, or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  const salt = b64uDecode(saltText ?? '');
  const expected = b64uDecode(keyText ?? '');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    scheme !== 'scrypt' ||
    !salt ||
    !expected ||
    expected.length !== KEY_LENGTH ||
    !Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0)
  )
    return false;
  const key = await derive(password, salt, params);
  // Derived either way, so a NUL costs the same time as any wrong password.
  return timingSafeEqual(key, expected) && !hasNul(password);
}

/** A generated password: 18 random bytes as base64url (24 characters). */
export function randomPassword(): string {
  return b64uEncode(randomBytes(18));
}
