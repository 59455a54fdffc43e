/** Entries uploaded by devices: stored once each, whatever the retries; later overrides kept. */
import type { EntryOverride, EntryUpload } from '../../core/index.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ensureEntryPartitions } from './entry-partitions.ts';
import { applyOverrideChanges, rollupInsertCtes, type RolledEntry } from './entry-rollups.ts';

/** Where an upload came from, taken from the authenticated device, never from the body. */
export interface EntrySource {
  deviceId: string;
  checkpointId: string;
}

/** What one batch changed: new rows, and stored rows whose override was recorded now. */
export interface InsertResult {
  inserted: number;
  overridden: number;
}

const ENTRY_COLUMNS =
  'id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, override, clock_note, received_ms';

/**
 * One statement stores a batch: the ids go into `entry_ids` first (ON CONFLICT DO
 * NOTHING: the dedup, across every partition and whatever time a re-sent entry claims),
 * only the ids that were new go into `entries` (routed to their day partition), and the
 * rows just inserted are added to the hourly rollups. It returns how many were new and
 * which re-sent ids carry an override. One JSON parameter instead of thousands of
 * placeholders: the same SQL on both engines, and far less parsing per row.
 */
const INSERT_SQL = `WITH x AS (
    SELECT * FROM json_to_recordset($1::text::json) AS x(id uuid, checkpoint_label text, time_ms bigint, direction text,
      reason text, decision text, cid text, kid text, override jsonb, clock_note text, before_enrollment boolean)
  ),
  fresh AS (
    INSERT INTO entry_ids (id, time_ms) SELECT x.id, x.time_ms FROM x ORDER BY x.id ON CONFLICT (id) DO NOTHING RETURNING id
  ),
  ins AS (
    INSERT INTO entries (${ENTRY_COLUMNS})
    SELECT x.id, $2, CASE WHEN x.before_enrollment THEN NULL ELSE $3::uuid END, x.checkpoint_label, x.time_ms, x.direction,
           x.reason, x.decision, x.cid, x.kid, x.override, x.clock_note, $4
    FROM x JOIN fresh ON fresh.id = x.id
    RETURNING time_ms, checkpoint_id, reason, decision, override
  ),
  ${rollupInsertCtes('ins')}
  SELECT (SELECT count(*) FROM ins)::int AS inserted,
    ARRAY(SELECT x.id::text FROM x WHERE x.override IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.id = x.id)) AS resent`;

/**
 * Stores a validated batch, all or nothing. An id already stored is never inserted again,
 * so a retried batch never duplicates; but when the device re-sends an entry with a guard
 * override newer (by `override.at`) than the stored one, or the first one, that override is
 * recorded, because the guard may override after the entry was first uploaded, and the
 * entry moves between rollup counts when that changes the decision that stands. Only the
 * device that uploaded an entry can amend it, and nothing but its override changes.
 */
export async function insertEntries(
  db: Db,
  source: EntrySource,
  entries: readonly EntryUpload[],
  receivedMs: number,
): Promise<InsertResult> {
  if (entries.length === 0) return { inserted: 0, overridden: 0 };
  const batch = newestPerId(entries);
  const rows = batch.map((e) => ({
    id: e.id,
    checkpoint_label: e.checkpoint,
    time_ms: e.time,
    direction: e.direction,
    reason: e.reason,
    decision: e.decision,
    cid: e.cid ?? null,
    kid: e.kid ?? null,
    override: e.override ?? null,
    clock_note: e.clockNote ?? null,
    // Made before the device was enrolled: no checkpoint, never the one it enrolled at later.
    before_enrollment: e.beforeEnrollment === true,
  }));
  await ensureEntryPartitions(
    db,
    rows.map((r) => r.time_ms),
    receivedMs,
  );
  return db.transaction(async (tx) => {
    const [result] = await tx.query<{ inserted: number; resent: string[] }>(INSERT_SQL, [
      JSON.stringify(rows),
      source.deviceId,
      source.checkpointId,
      receivedMs,
    ]);
    const resent = new Set(result!.resent);
    if (resent.size === 0) return { inserted: result!.inserted, overridden: 0 };
    const offered = new Map(batch.filter((e) => resent.has(e.id.toLowerCase())).map((e) => [e.id.toLowerCase(), e.override!]));
    return { inserted: result!.inserted, overridden: await recordOverrides(tx, source, offered) };
  });
}

/**
 * Records re-sent overrides newer than the stored ones on this device's stored entries,
 * and moves those entries between rollup counts. The stored rows are locked first, so two
 * servers amending one entry at once apply one after the other.
 */
async function recordOverrides(tx: Queryable, source: EntrySource, offered: Map<string, EntryOverride>): Promise<number> {
  const stored = await tx.query<RolledEntry & { id: string }>(
    `SELECT e.id::text AS id, e.time_ms, e.checkpoint_id, e.reason, e.decision, e.override
     FROM entry_ids i JOIN entries e ON e.time_ms = i.time_ms AND e.id = i.id
     WHERE i.id = ANY($1::uuid[]) AND e.device_id = $2
     ORDER BY e.id FOR UPDATE OF e`,
    [[...offered.keys()], source.deviceId],
  );
  const before: RolledEntry[] = [];
  const after: (RolledEntry & { id: string })[] = [];
  for (const row of stored) {
    const override = offered.get(row.id)!;
    if (row.override && !(override.at > row.override.at)) continue;
    before.push(row);
    after.push({ ...row, override });
  }
  if (after.length === 0) return 0;
  await tx.query(
    `UPDATE entries e SET override = x.override
     FROM json_to_recordset($1::text::json) AS x(id uuid, time_ms bigint, override jsonb)
     WHERE e.time_ms = x.time_ms AND e.id = x.id`,
    [JSON.stringify(after.map((r) => ({ id: r.id, time_ms: r.time_ms, override: r.override })))],
  );
  await applyOverrideChanges(tx, before, after);
  return after.length;
}

/**
 * One entry per id (UUIDs compare in any letter case): the statement may touch a row only
 * once, so a batch naming an entry twice keeps the copy with the newest override.
 */
function newestPerId(entries: readonly EntryUpload[]): EntryUpload[] {
  const byId = new Map<string, EntryUpload>();
  for (const entry of entries) {
    const key = entry.id.toLowerCase();
    const held = byId.get(key);
    if (!held || (entry.override?.at ?? -1) >= (held.override?.at ?? -1)) byId.set(key, entry);
  }
  return [...byId.values()];
}
