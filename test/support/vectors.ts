/** Loads the public GC1 conformance vectors kept in the repository (test/vectors/README.md says where they came from). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope, Reason } from '../../src/core/index.ts';

/** The repository root, found from this file's real location. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the vectors live: a copy inside the repository, so a clone needs nothing beside it. */
export const VECTORS_PATH = path.resolve(REPO_ROOT, 'test/vectors/gc1-public.json');

/** The shape of gc1-public.json. */
export interface PublicVectors {
  spec: string;
  now: number;
  rootKey: string;
  trust: Envelope;
  status: Envelope;
  cases: { name: string; expect: Reason; qr: string }[];
  badTrust: Record<string, Envelope>;
  badStatus: Record<string, Envelope>;
  issuerSeed: string;
  /** GC1 1.1 §6: a home bundle recognising a peer, a status list per authority, and envelopes refused whole. */
  federation: {
    trust: Envelope;
    status: Envelope[];
    cases: { name: string; expect: Reason; qr: string }[];
    badStatus: Record<string, Envelope>;
  };
}

/** Reads and returns the public vectors (throws when the shared folder is missing: a set-up error). */
export function loadPublicVectors(): PublicVectors {
  return JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as PublicVectors;
}
