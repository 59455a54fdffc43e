/** Status lists (gc1.md §4.2): opening a signed snapshot, snapshot part or delta. */
import type { Ed25519Verifier } from '../crypto/ed25519.ts';
import type { ListedStatus } from '../reasons.ts';
import { b64uDecodeLength, b64uEncode, isUint } from '../bytes.ts';
import { decodeEnvelope, openEnvelope } from '../envelope.ts';
import { DEFAULT_AUTHORITY, isAuthorityId, isRecord, statusKeyFor, type TrustBundle } from '../trust/bundle.ts';

/** One status-list entry, keyed elsewhere by the base64url cid. */
export interface StatusEntry {
  status: ListedStatus;
  /** When the entry may be dropped; it applies while now <= until. */
  until?: number;
}

export interface StatusEntryWithCid extends StatusEntry {
  cid: string;
}

/** A verified status document. `from === 0` is a snapshot (possibly one of `parts`). */
export interface StatusDocument {
  /** Whose chain this document extends (gc1.md §6); absent in the JSON means the home authority. */
  authority: string;
  from: number;
  to: number;
  issuedAt: number;
  entries: StatusEntryWithCid[];
  part: number;
  parts: number;
}

export type StatusProblem =
  | 'not_an_envelope'
  | 'unknown_signer'
  | 'wrong_authority'
  | 'signer_not_valid'
  | 'bad_signature'
  | 'not_json'
  | 'bad_document';

export type StatusResult = { ok: true; document: StatusDocument } | { ok: false; problem: StatusProblem; detail: string };

const LISTED: readonly ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];

/**
 * Opens a status envelope: the signer must be a `status` key of the verified bundle, valid
 * at the document's issuedAt (the strict reading where gc1.md is silent), and the
 * signature must verify before the document is read.
 */
export async function openStatusList(envelope: unknown, bundle: TrustBundle, ed25519: Ed25519Verifier): Promise<StatusResult> {
  const decoded = decodeEnvelope(envelope);
  if (!decoded) return { ok: false, problem: 'not_an_envelope', detail: 'not a signed envelope' };
  const key = statusKeyFor(bundle, b64uEncode(decoded.kid));
  if (!key) return { ok: false, problem: 'unknown_signer', detail: 'not signed by a status key of the trust bundle' };
  const opened = await openEnvelope(decoded, key.publicKey, ed25519);
  if (!opened.ok) return { ok: false, problem: opened.problem, detail: 'status key signature does not verify' };
  const parsed = parseStatusDocument(opened.document, bundle.authority);
  // gc1.md §6: a status key speaks only for its own authority's chain; anything else is refused whole.
  if (parsed.ok && parsed.document.authority !== key.authority) {
    return {
      ok: false,
      problem: 'wrong_authority',
      detail: `a status list of authority ${parsed.document.authority} signed by a status key of ${key.authority}`,
    };
  }
  if (parsed.ok && (parsed.document.issuedAt < key.notBefore || parsed.document.issuedAt > key.notAfter)) {
    return { ok: false, problem: 'signer_not_valid', detail: 'issued outside its status key validity window' };
  }
  return parsed;
}

/**
 * Validates a status document that has already passed its signature check. A document without
 * `authority` belongs to `homeAuthority` (the bundle's home; gc1.md §6).
 */
export function parseStatusDocument(document: unknown, homeAuthority = DEFAULT_AUTHORITY): StatusResult {
  const bad = (detail: string): StatusResult => ({ ok: false, problem: 'bad_document', detail });
  if (!isRecord(document) || document.type !== 'gc1-status') return bad('not a gc1-status document');
  const authority = document.authority ?? homeAuthority;
  if (!isAuthorityId(authority)) return bad('authority must match ^[a-z0-9][a-z0-9-]{0,31}$');
  const { from, to, issuedAt, entries } = document;
  if (!isUint(from) || !isUint(to) || !isUint(issuedAt)) return bad('from, to and issuedAt must be integers');
  if (from > 0 && to <= from) return bad('a delta must move to a later sequence');
  const hasPart = document.part !== undefined || document.parts !== undefined;
  const part = hasPart ? document.part : 1;
  const parts = hasPart ? document.parts : 1;
  if (!isUint(part) || !isUint(parts) || part < 1 || part > parts) return bad('part and parts must satisfy 1 <= part <= parts');
  if (hasPart && from !== 0) return bad('only snapshots come in parts');
  if (!Array.isArray(entries)) return bad('entries must be an array');
  const out: StatusEntryWithCid[] = [];
  for (const [i, entry] of entries.entries()) {
    if (!isRecord(entry)) return bad(`entry ${i} is not an object`);
    const cid = b64uDecodeLength(entry.cid, 16);
    if (!cid) return bad(`entry ${i}: cid must be base64url of 16 bytes`);
    if (!LISTED.includes(entry.status as ListedStatus)) return bad(`entry ${i}: unknown status`);
    if (entry.until !== undefined && !isUint(entry.until)) return bad(`entry ${i}: until must be an integer`);
    const item: StatusEntryWithCid = { cid: b64uEncode(cid), status: entry.status as ListedStatus };
    if (entry.until !== undefined) item.until = entry.until as number;
    out.push(item);
  }
  return { ok: true, document: { authority, from, to, issuedAt, entries: out, part, parts } };
}

/** True while an entry still applies at `now`. */
export function entryApplies(entry: StatusEntry, now: number): boolean {
  return entry.until === undefined || now <= entry.until;
}
