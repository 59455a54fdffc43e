/**
 * Where a holder's own codes were scanned, from the entry log: only the cids issued for the
 * holder's application (the credential proves which), never another person's. The entry
 * log holds cids only; the link to the application stays in the issuance tables.
 */
import type { HolderScan } from '../../core/api/holder.ts';
import type { Queryable } from '../db/db.ts';

/** The latest scans (at most 100) of an application's codes, newest first. */
export async function holderScans(db: Queryable, applicationId: string): Promise<HolderScan[]> {
  const rows = await db.query<{ cid: string; name: string | null; label: string; time_ms: number; reason: string; decision: string }>(
    `SELECT e.cid, c.name, e.checkpoint_label AS label, e.time_ms, e.reason, e.decision
       FROM entries e LEFT JOIN checkpoints c ON c.id = e.checkpoint_id
      WHERE e.cid IN (SELECT cid FROM issued_codes WHERE application_id = $1)
      ORDER BY e.time_ms DESC LIMIT 100`,
    [applicationId],
  );
  return rows.map((r) => ({
    cid: r.cid,
    checkpointName: r.name ?? r.label,
    at: Number(r.time_ms),
    result: r.reason,
    decision: r.decision,
  }));
}
