/** Random tokens and their stored hashes (credentials, enrollment tokens, sessions). */
import { createHash, randomBytes } from 'node:crypto';
import { b64uEncode } from '../core/index.ts';

/** A fresh random token: 32 bytes as base64url (43 characters). */
export function randomToken(): string {
  return b64uEncode(randomBytes(32));
}

/** What the database keeps instead of a token: its SHA-256 in hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
