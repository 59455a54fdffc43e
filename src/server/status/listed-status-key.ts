/**
 * The rule that keeps status sync alive: a status list is signed only by a key the trust
 * bundle being served lists as a status key. Scanners check every status list against that
 * bundle, so a delta signed by any other key (a demo key, a server started on its own keys
 * against a shared PostgreSQL) would stop status sync on every device that fetched it.
 */
import { decodeEnvelope, utf8DecodeStrict } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';

/** Why `statusKid` may not sign status lists now, or null when the served bundle lists it (null kid: the server has no status key). */
export async function statusKeyProblem(db: Queryable, statusKid: string | null): Promise<string | null> {
  if (statusKid === null) return 'this server is not set up yet: it holds no status key (DIR/keys/status.json), so it signs no status list';
  const [row] = await db.query<{ seq: number; envelope: string }>('SELECT seq, envelope FROM trust_bundles ORDER BY seq DESC LIMIT 1');
  if (!row) return `no trust bundle is published yet, so no scanner could verify a status list signed by this server's key ${statusKid}`;
  // The envelope was verified against the root when it was imported; only its payload is read here.
  const decoded = decodeEnvelope(JSON.parse(row.envelope));
  const text = decoded ? utf8DecodeStrict(decoded.payloadBytes) : null;
  const keys = text ? (JSON.parse(text) as { keys?: { kid?: unknown; use?: unknown }[] }).keys : undefined;
  if (keys?.some((k) => k.use === 'status' && k.kid === statusKid)) return null;
  return `the published trust bundle (seq ${row.seq}) does not list this server's status key ${statusKid}`;
}

/** Refused before anything is signed: 503, since it is the server's set-up, not the request, that is wrong. */
export class StatusKeyNotListed extends HttpError {
  constructor(problem: string) {
    super(503, `status changes cannot be published: ${problem}`);
  }
}

/** Throws StatusKeyNotListed unless the served bundle lists `statusKid`. */
export async function assertStatusKeyListed(db: Queryable, statusKid: string | null): Promise<void> {
  const problem = await statusKeyProblem(db, statusKid);
  if (problem) throw new StatusKeyNotListed(problem);
}
