/**
 * Key files as `gatecheck keygen` writes them: {"kid","publicKey","secretKey"} in base64url,
 * secretKey the 32-byte Ed25519 seed, kid = kidOf(publicKey), owner-read-only. A file
 * without secretKey is a public key file (enough for a pinned root and for verifying).
 * The one implementation for the server and the CLI (which maps KeyFileError to a usage error).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { b64uDecodeLength, b64uEncode, bytesEqual, kidOf, publicKeyFromSeed } from '../../core/index.ts';

/** A key read from its file and checked; `seed` is null when the file holds the public half only. */
export interface KeyFile {
  kid: string;
  publicKey: Uint8Array;
  seed: Uint8Array | null;
}

/** The JSON of a key file, as written. */
export interface KeyFileJson {
  kid: string;
  publicKey: string;
  secretKey: string;
}

/** The three key roles and their file names in DIR/keys. */
export const KEY_FILES = { root: 'root.json', issuer: 'issuer.json', status: 'status.json' } as const;
export type KeyRole = keyof typeof KEY_FILES;

/** A key file that is missing, unreadable, inconsistent or in the way; the message says which and why. */
export class KeyFileError extends Error {}

/** The JSON written to a key file for `seed`. */
export function keyFileJson(seed: Uint8Array): KeyFileJson {
  const publicKey = publicKeyFromSeed(seed);
  return { kid: b64uEncode(kidOf(publicKey)), publicKey: b64uEncode(publicKey), secretKey: b64uEncode(seed) };
}

/** Checks a key file's parsed JSON (`where` names it in errors): kid matches the public key, the seed matches both. */
export function parseKeyFile(value: unknown, where: string): KeyFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new KeyFileError(`${where} is not a key file (a JSON object)`);
  const { kid, publicKey, secretKey } = value as Record<string, unknown>;
  const publicBytes = b64uDecodeLength(publicKey, 32);
  if (!publicBytes) throw new KeyFileError(`${where}: publicKey must be base64url of 32 bytes`);
  const kidBytes = b64uDecodeLength(kid, 8);
  if (!kidBytes || !bytesEqual(kidBytes, kidOf(publicBytes))) throw new KeyFileError(`${where}: kid is not kidOf(publicKey)`);
  let seed: Uint8Array | null = null;
  if (secretKey !== undefined) {
    seed = b64uDecodeLength(secretKey, 32);
    if (!seed) throw new KeyFileError(`${where}: secretKey must be base64url of a 32-byte seed`);
    if (!bytesEqual(publicKeyFromSeed(seed), publicBytes)) throw new KeyFileError(`${where}: secretKey does not belong to publicKey`);
  }
  return { kid: b64uEncode(kidBytes), publicKey: publicBytes, seed };
}

/** Reads and checks one key file; `what` says what it is for in errors (e.g. "issuer key file"). */
export function readKeyFile(path: string, what = 'key file'): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyFileError(`${what} ${path}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? (error as Error).message})`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyFileError(`${what} ${path}: not a JSON key file`);
  }
  return parseKeyFile(value, `${what} ${path}`);
}

/** Writes a new key file for `seed`, owner-read-only; never replaces an existing file. */
export function writeKeyFile(path: string, seedBytes: Uint8Array): KeyFile {
  const seed = new Uint8Array(seedBytes); // a plain copy, never a Buffer sharing a pool
  const json = keyFileJson(seed);
  try {
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`, { flag: 'wx', mode: 0o400 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyFileError(
      code === 'EEXIST' ? `${path} already exists; key files are never overwritten` : `cannot write ${path}: ${(error as Error).message}`,
    );
  }
  chmodSync(path, 0o400); // the umask may have narrowed it further, never widened; be exact
  return { kid: json.kid, publicKey: publicKeyFromSeed(seed), seed };
}

/** Creates root, issuer and status keys in `dir` (as `gatecheck keygen --out dir` would). */
export function createKeyset(dir: string): Record<KeyRole, KeyFile> {
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
