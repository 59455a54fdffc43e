/** Validating status changes as an administrator submits them (before anything is signed). */
import { b64uDecodeLength, b64uEncode, isUint, type ListedStatus, type StatusEntryWithCid } from '../../core/index.ts';

const LISTED: readonly string[] = ['green', 'yellow', 'red', 'revoked'];
/** One request may change this many codes (a 10,000-entry delta is a supported case). */
export const MAX_STATUS_CHANGES = 50_000;

export type StatusChangesResult = { ok: true; changes: StatusEntryWithCid[] } | { ok: false; error: string };

/**
 * Checks a list of {cid, status, until?}: cid base64url of 16 bytes, a listed status, until a
 * Unix time in seconds. A cid given twice keeps its last change (as the spec applies them).
 */
export function validateStatusChanges(value: unknown): StatusChangesResult {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, error: 'changes must be a non-empty array' };
  if (value.length > MAX_STATUS_CHANGES) return { ok: false, error: `at most ${MAX_STATUS_CHANGES} changes at once` };
  const byCid = new Map<string, StatusEntryWithCid>();
  for (const [i, item] of value.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, error: `change ${i} is not an object` };
    const { cid, status, until } = item as Record<string, unknown>;
    const extra = Object.keys(item).find((k) => k !== 'cid' && k !== 'status' && k !== 'until');
    if (extra !== undefined) return { ok: false, error: `change ${i}: unknown field ${extra}` };
    const bytes = b64uDecodeLength(cid, 16);
    if (!bytes) return { ok: false, error: `change ${i}: cid must be base64url of 16 bytes` };
    if (typeof status !== 'string' || !LISTED.includes(status))
      return { ok: false, error: `change ${i}: status must be green, yellow, red or revoked` };
    if (until !== undefined && until !== null && !isUint(until))
      return { ok: false, error: `change ${i}: until must be a Unix time in seconds` };
    const entry: StatusEntryWithCid = { cid: b64uEncode(bytes), status: status as ListedStatus };
    if (typeof until === 'number') entry.until = until;
    byCid.delete(entry.cid);
    byCid.set(entry.cid, entry);
  }
  return { ok: true, changes: [...byCid.values()] };
}
