/**
 * Trust bundles: imported after they were signed offline with the root key, verified
 * against the pinned root public key, never rolled back, then published as the exact bytes
 * that were signed.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_AUTHORITY,
  openTrustBundle,
  parseTrustDocument,
  type Ed25519Verifier,
  type Envelope,
  type TrustBundle,
} from '../../core/index.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { TrustImportProblem } from '../../core/admin-protocol.ts';

/** The bundle being published. */
export interface PublishedTrust {
  seq: number;
  /** The envelope JSON as served. */
  envelope: string;
  etag: string;
  issuedAt: number;
  expiresAt: number;
}

export type TrustImportResult =
  | { ok: true; seq: number; unchanged: boolean; bundle: TrustBundle }
  | { ok: false; problem: TrustImportProblem; detail: string };

/** What an import checks against: the pinned root and the status key this server signs with. */
export interface TrustImportKeys {
  rootPublicKey: Uint8Array;
  statusKid: string;
  ed25519: Ed25519Verifier;
}

/** Everything an import checks that needs no database: JSON, root signature, kids, our status key. */
export async function checkTrustBundle(
  input: unknown,
  keys: TrustImportKeys,
): Promise<{ ok: true; bundle: TrustBundle; envelope: string } | { ok: false; problem: TrustImportProblem; detail: string }> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, problem: 'not_json', detail: 'the trust bundle is not JSON' };
    }
  }
  const opened = await openTrustBundle(value, keys.rootPublicKey, keys.ed25519);
  if (!opened.ok) return opened;
  if (!opened.bundle.keys.some((k) => k.use === 'status' && k.kid === keys.statusKid)) {
    return {
      ok: false,
      problem: 'status_key_missing',
      detail: `the bundle does not list this server's status key ${keys.statusKid}, so scanners could not verify its status lists`,
    };
  }
  const { payload, kid, sig } = value as Envelope;
  return { ok: true, bundle: opened.bundle, envelope: JSON.stringify({ payload, kid, sig }) };
}

/** Verifies and stores a bundle (an envelope object or its JSON text); nothing is written on refusal. */
/** `alsoInTx` runs in the import's transaction once a new bundle is stored (the console's audit row). */
export async function importTrustBundle(
  db: Db,
  input: unknown,
  keys: TrustImportKeys,
  nowMs: number,
  alsoInTx?: (tx: Queryable, seq: number) => Promise<void>,
): Promise<TrustImportResult> {
  // Checked before the transaction, so a bad bundle never takes a lock.
  const checked = await checkTrustBundle(input, keys);
  if (!checked.ok) return checked;
  const { bundle, envelope } = checked;
  return db.transaction(async (tx): Promise<TrustImportResult> => {
    await tx.exec('LOCK TABLE trust_bundles IN EXCLUSIVE MODE');
    const [held] = await tx.query<{ seq: number; envelope: string }>('SELECT seq, envelope FROM trust_bundles ORDER BY seq DESC LIMIT 1');
    if (held && bundle.seq < held.seq) {
      return { ok: false, problem: 'rollback', detail: `seq ${bundle.seq} is older than the published ${held.seq}` };
    }
    if (held && bundle.seq === held.seq) {
      if (held.envelope === envelope) return { ok: true, seq: bundle.seq, unchanged: true, bundle };
      return {
        ok: false,
        problem: 'rollback',
        detail: `a different bundle with seq ${bundle.seq} is already published; sign the new one with a higher seq`,
      };
    }
    const etag = `"t${bundle.seq}-${createHash('sha256').update(envelope).digest('hex').slice(0, 16)}"`;
    await tx.query('INSERT INTO trust_bundles (seq, envelope, etag, issued_at, expires_at, imported_ms) VALUES ($1, $2, $3, $4, $5, $6)', [
      bundle.seq,
      envelope,
      etag,
      bundle.issuedAt,
      bundle.expiresAt,
      nowMs,
    ]);
    if (alsoInTx) await alsoInTx(tx, bundle.seq);
    return { ok: true, seq: bundle.seq, unchanged: false, bundle };
  });
}

/** The published bundle, or null before the first import. */
export async function currentTrust(db: Queryable): Promise<PublishedTrust | null> {
  const [row] = await db.query<{ seq: number; envelope: string; etag: string; issued_at: number; expires_at: number }>(
    'SELECT seq, envelope, etag, issued_at, expires_at FROM trust_bundles ORDER BY seq DESC LIMIT 1',
  );
  return row ? { seq: row.seq, envelope: row.envelope, etag: row.etag, issuedAt: row.issued_at, expiresAt: row.expires_at } : null;
}

/**
 * The published bundle's document, or null before the first import. It was verified against
 * the root when it was imported, so it is read here without a second check.
 */
export async function publishedBundle(db: Queryable): Promise<TrustBundle | null> {
  const published = await currentTrust(db);
  if (!published) return null;
  const { payload } = JSON.parse(published.envelope) as Envelope;
  const parsed = parseTrustDocument(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  return parsed.ok ? parsed.bundle : null;
}

/**
 * The authority of this server's status key in the published bundle (GC1 1.1 §6), or null when
 * it is the default home authority (1.0 documents, no `authority` member).
 */
export async function publishedStatusAuthority(db: Queryable, statusKid: string): Promise<string | null> {
  const bundle = await publishedBundle(db);
  const key = bundle?.keys.find((k) => k.use === 'status' && k.kid === statusKid);
  return key && key.authority !== DEFAULT_AUTHORITY ? key.authority : null;
}
