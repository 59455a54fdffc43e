/**
 * Key files for the CLI verbs. The format and its checks live in src/server/keys/key-file.ts
 * (shared with the server); here a bad or missing file becomes a usage error (exit 2).
 */
import { existsSync } from 'node:fs';
import { b64uDecodeLength } from '../core/index.ts';
import {
  KeyFileError,
  readKeyFile as readCheckedKeyFile,
  writeKeyFile as writeCheckedKeyFile,
  type KeyFile,
} from '../server/keys/key-file.ts';
import { UsageError } from './command.ts';

export type { KeyFile } from '../server/keys/key-file.ts';

function asUsageError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw error instanceof KeyFileError ? new UsageError(error.message) : error;
  }
}

/** Writes a new key file, owner-read-only; refuses to replace an existing file. */
export function writeKeyFile(path: string, seed: Uint8Array): KeyFile {
  return asUsageError(() => writeCheckedKeyFile(path, seed));
}

/** Reads a key file; with `needSecret`, a public-only file is a usage error. */
export function readKeyFile(path: string, what: string, needSecret = false): KeyFile {
  const key = asUsageError(() => readCheckedKeyFile(path, `${what} key file`));
  if (needSecret && !key.seed) throw new UsageError(`${what} key file ${path} has no secretKey; signing needs it`);
  return key;
}

/** A public key given as base64url (32 bytes) or as a key file path. */
export function readPublicKey(value: string, what: string): Uint8Array {
  const key = b64uDecodeLength(value, 32);
  if (key) return key;
  if (!existsSync(value))
    throw new UsageError(`the ${what} key ${JSON.stringify(value)} is neither base64url of a 32-byte public key nor an existing key file`);
  return readKeyFile(value, what).publicKey;
}
