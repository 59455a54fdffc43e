/**
 * Key files as `gatecheck keygen` writes them: {"kid","publicKey","secretKey"} in base64url,
 * secretKey the 32-byte Ed25519 seed, owner-read-only. The server reads the root key's
 * public half only (its secret may be absent, and should be, outside the demo).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { b64uDecodeLength, b64uEncode, bytesEqual, kidOf, publicKeyFromSeed } from '../../core/index.ts';

/** A key read from its file; `seed` is null when the file holds the public half only. */
export interface LoadedKey {
  kid: string;
  publicKey: Uint8Array;
  seed: Uint8Array | null;
}

/** The three key roles and their file names in DIR/keys. */
export const KEY_FILES = { root: 'root.json', issuer: 'issuer.json', status: 'status.json' } as const;
export type KeyRole = keyof typeof KEY_FILES;

/** A key file that is missing or unusable; the message says which and why. */
export class KeyFileError extends Error {}

/** Reads and checks one key file: kid = kidOf(publicKey), publicKey matches the seed. */
export function readKeyFile(path: string): LoadedKey {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KeyFileError(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not a JSON key file'}`);
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const publicKey = b64uDecodeLength(record.publicKey, 32);
  const kid = b64uDecodeLength(record.kid, 8);
  if (!publicKey || !kid) throw new KeyFileError(`${path}: kid and publicKey must be base64url of 8 and 32 bytes`);
  if (!bytesEqual(kid, kidOf(publicKey))) throw new KeyFileError(`${path}: kid is not kidOf(publicKey)`);
  let seed: Uint8Array | null = null;
  if (record.secretKey !== undefined) {
    seed = b64uDecodeLength(record.secretKey, 32);
    if (!seed) throw new KeyFileError(`${path}: secretKey must be base64url of a 32-byte seed`);
    if (!bytesEqual(publicKeyFromSeed(seed), publicKey)) throw new KeyFileError(`${path}: publicKey does not belong to secretKey`);
  }
  return { kid: b64uEncode(kid), publicKey, seed };
}

/** Writes a new key file for `seed`, owner-read-only; refuses to overwrite. */
export function writeKeyFile(path: string, seedBytes: Uint8Array): LoadedKey {
  const seed = new Uint8Array(seedBytes); // a plain copy, never a Buffer sharing a pool
  const publicKey = publicKeyFromSeed(seed);
  const key = { kid: b64uEncode(kidOf(publicKey)), publicKey: b64uEncode(publicKey), secretKey: b64uEncode(seed) };
  writeFileSync(path, JSON.stringify(key, null, 2) + '\n', { flag: 'wx', mode: 0o400 });
  chmodSync(path, 0o400); // the umask may have narrowed it further, never widened; be exact
  return { kid: key.kid, publicKey, seed };
}

/** Creates root, issuer and status keys in `dir` (as `gatecheck keygen --out dir` would). */
export function createKeyset(dir: string): Record<KeyRole, LoadedKey> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const file of Object.values(KEY_FILES)) {
    if (existsSync(join(dir, file))) throw new KeyFileError(`${join(dir, file)} already exists`);
  }
  return {
    root: writeKeyFile(join(dir, KEY_FILES.root), randomBytes(32)),
    issuer: writeKeyFile(join(dir, KEY_FILES.issuer), randomBytes(32)),
    status: writeKeyFile(join(dir, KEY_FILES.status), randomBytes(32)),
  };
}
