/** Random tokens and their stored hashes (credentials, enrollment tokens, sessions). */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { b64uEncode } from '../core/index.ts';

/** A fresh random token: 32 bytes as base64url (43 characters). */
export function randomToken(): string {
  return b64uEncode(randomBytes(32));
}

/** What the database keeps instead of a token: its SHA-256 in hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A keyed hash (HMAC-SHA256, hex) of `parts` joined by NUL: links values (an identity) without
 * keeping them, and cannot be recomputed by someone who has the table but not the key.
 */
export function keyedHash(key: string, parts: readonly string[]): string {
  return createHmac('sha256', key).update(parts.join('\u0000'), 'utf8').digest('hex');
}
