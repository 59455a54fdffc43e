/**
 * Key files, as `gatecheck keygen` writes them: JSON {"kid","publicKey","secretKey"}, each
 * base64url without padding; secretKey is the 32-byte Ed25519 seed, kid = kidOf(publicKey).
 * A file without secretKey is a public key file (enough for trust bundles and verifying).
 */
import { existsSync, writeFileSync } from 'node:fs';
import {
  b64uDecodeLength,
  b64uEncode,
  bytesEqual,
  kidOf,
  publicKeyFromSeed,
  signerFromSeed,
  type Ed25519Signer,
} from '../core/index.ts';
import { UsageError } from './command.ts';
import { readJsonFile } from './options.ts';

/** A key read from a key file and checked for consistency. */
export interface KeyFile {
  kid: string;
  publicKey: Uint8Array;
  /** The 32-byte seed, when the file holds the secret. */
  seed?: Uint8Array;
}

/** The JSON written to a key file. */
export function keyFileJson(seed: Uint8Array): { kid: string; publicKey: string; secretKey: string } {
  const publicKey = publicKeyFromSeed(seed);
  return { kid: b64uEncode(kidOf(publicKey)), publicKey: b64uEncode(publicKey), secretKey: b64uEncode(seed) };
}

/** Writes a new key file, owner-read-only; refuses to replace an existing file. */
export function writeKeyFile(path: string, seed: Uint8Array): void {
  try {
    writeFileSync(path, JSON.stringify(keyFileJson(seed), null, 2) + '\n', { flag: 'wx', mode: 0o400 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `${path} already exists; key files are never overwritten` : `cannot write ${path}: ${(error as Error).message}`);
  }
}

/** Parses and checks a key file's JSON: kid matches the public key, the seed matches both. */
export function parseKeyFile(value: unknown, where: string): KeyFile {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where} is not a key file (a JSON object)`);
  const { kid, publicKey, secretKey } = value as Record<string, unknown>;
  const publicBytes = b64uDecodeLength(publicKey, 32);
  if (!publicBytes) throw new UsageError(`${where}: publicKey must be base64url of 32 bytes`);
  const kidBytes = b64uDecodeLength(kid, 8);
  if (!kidBytes || !bytesEqual(kidBytes, kidOf(publicBytes))) throw new UsageError(`${where}: kid is not kidOf(publicKey)`);
  const key: KeyFile = { kid: kid as string, publicKey: publicBytes };
  if (secretKey !== undefined) {
    const seed = b64uDecodeLength(secretKey, 32);
    if (!seed) throw new UsageError(`${where}: secretKey must be base64url of a 32-byte seed`);
    if (!bytesEqual(publicKeyFromSeed(seed), publicBytes)) throw new UsageError(`${where}: secretKey does not belong to publicKey`);
    key.seed = seed;
  }
  return key;
}

/** Reads a key file; with `needSecret`, a public-only file is a usage error. */
export function readKeyFile(path: string, what: string, needSecret = false): KeyFile {
  const key = parseKeyFile(readJsonFile(path, `${what} key file`), `${what} key file ${path}`);
  if (needSecret && !key.seed) throw new UsageError(`${what} key file ${path} has no secretKey; signing needs it`);
  return key;
}

/** A signer from a key file that holds its secret. */
export function readSigner(path: string, what: string): Ed25519Signer {
  return signerFromSeed(readKeyFile(path, what, true).seed!);
}

/** A public key given as base64url (32 bytes) or as a key file path. */
export function readPublicKey(value: string, what: string): Uint8Array {
  const key = b64uDecodeLength(value, 32);
  if (key) return key;
  if (!existsSync(value)) throw new UsageError(`the ${what} key ${JSON.stringify(value)} is neither base64url of a 32-byte public key nor an existing key file`);
  return readKeyFile(value, what).publicKey;
}
