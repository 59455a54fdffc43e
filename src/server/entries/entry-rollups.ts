/**
 * The hourly rollups statistics read (migration 003): `entry_hourly` (per UTC hour and
 * checkpoint: scans, by the decision that stands, overrides, red and yellow sightings) and
 * `entry_hourly_results` (per UTC hour, shard, decision that stands and reason). Kept up to
 * date inside the upload's transaction: new entries are added by the insert statement
 * itself (entry-store.ts); an override recorded later moves its entry between counts here.
 */
import { effectiveDecision, effectiveDecisionSql } from '../../core/decision.ts';
import type { Decision, EntryOverride, Reason } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';
import { COUNT_COLUMNS, HOUR_MS, RAW_COUNTS } from './entry-stats.ts';

/** Spreads one hour's result counts over this many rows (by a byte of the checkpoint id). */
export const RESULT_SHARDS = 8;
/** SQL for the shard of checkpoint id expression `checkpoint` (a uuid). */
export const shardSql = (checkpoint: string) => `(get_byte(uuid_send(${checkpoint}), 15) % ${RESULT_SHARDS})`;
/** The same in TypeScript. */
const shardOf = (checkpointId: string) => parseInt(checkpointId.slice(-2), 16) % RESULT_SHARDS;

const addCounts = COUNT_COLUMNS.map((c) => `${c} = entry_hourly.${c} + EXCLUDED.${c}`).join(', ');

/**
 * The two upserts that add rows `source` (an entries-shaped relation: time_ms,
 * checkpoint_id, reason, decision, override) to the rollups, as WITH items of one
 * statement. Rows are grouped, so each rollup row is touched once, and sorted, so
 * concurrent uploads lock rollup rows in one order and cannot deadlock.
 */
export function rollupInsertCtes(source: string): string {
  return `hourly AS (
    INSERT INTO entry_hourly (hour_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')})
    SELECT (e.time_ms / ${HOUR_MS}) * ${HOUR_MS}, e.checkpoint_id, ${RAW_COUNTS} FROM ${source} e GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (hour_ms, checkpoint_id) DO UPDATE SET ${addCounts}
  ),
  results AS (
    INSERT INTO entry_hourly_results (hour_ms, shard, decision, reason, scans)
    SELECT (e.time_ms / ${HOUR_MS}) * ${HOUR_MS}, ${shardSql('e.checkpoint_id')}, ${effectiveDecisionSql('e')}, e.reason, count(*)
    FROM ${source} e GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (hour_ms, shard, decision, reason) DO UPDATE SET scans = entry_hourly_results.scans + EXCLUDED.scans
  )`;
}

/** A stored entry as the rollups see it. */
export interface RolledEntry {
  time_ms: number;
  checkpoint_id: string;
  reason: Reason;
  decision: Decision;
  override: EntryOverride | null;
}

type Counts = Record<(typeof COUNT_COLUMNS)[number], number>;

/** What one entry adds to its hour's counts: the TypeScript twin of RAW_COUNTS (tests pin them together). */
export function contribution(entry: RolledEntry): Counts {
  const decided = effectiveDecision(entry);
  return {
    scans: 1,
    admitted: decided === 'admit' ? 1 : 0,
    refused: decided === 'refuse' ? 1 : 0,
    referred: decided === 'refer' ? 1 : 0,
    overridden: entry.override ? 1 : 0,
    to_admit: entry.override?.decision === 'admit' ? 1 : 0,
    to_refuse: entry.override?.decision === 'refuse' ? 1 : 0,
    red: entry.reason === 'status_red' ? 1 : 0,
    yellow: entry.reason === 'status_yellow' ? 1 : 0,
  };
}

/**
 * Moves stored entries between rollup counts when their override changed (`before` and
 * `after` the same entries, in the same order), inside the caller's transaction.
 */
export async function applyOverrideChanges(tx: Queryable, before: RolledEntry[], after: RolledEntry[]): Promise<void> {
  const hourly = new Map<string, { hour_ms: number; checkpoint_id: string } & Counts>();
  const results = new Map<string, { hour_ms: number; shard: number; decision: Decision; reason: Reason; scans: number }>();
  const add = (entry: RolledEntry, sign: 1 | -1) => {
    const hour = Math.floor(entry.time_ms / HOUR_MS) * HOUR_MS;
    const key = `${hour}/${entry.checkpoint_id}`;
    const row = hourly.get(key) ?? { hour_ms: hour, checkpoint_id: entry.checkpoint_id, ...(Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as Counts) };
    const counts = contribution(entry);
    for (const c of COUNT_COLUMNS) row[c] += sign * counts[c];
    hourly.set(key, row);
    const shard = shardOf(entry.checkpoint_id);
    const decision = effectiveDecision(entry);
    const rkey = `${hour}/${shard}/${decision}/${entry.reason}`;
    const result = results.get(rkey) ?? { hour_ms: hour, shard, decision, reason: entry.reason, scans: 0 };
    result.scans += sign;
    results.set(rkey, result);
  };
  before.forEach((e) => add(e, -1));
  after.forEach((e) => add(e, 1));
  const changedHours = [...hourly.values()].filter((r) => COUNT_COLUMNS.some((c) => r[c] !== 0));
  const changedResults = [...results.values()].filter((r) => r.scans !== 0);
  if (changedHours.length > 0) {
    await tx.query(
      `INSERT INTO entry_hourly (hour_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')})
       SELECT * FROM json_to_recordset($1::text::json) AS x(hour_ms bigint, checkpoint_id uuid, ${COUNT_COLUMNS.map((c) => `${c} bigint`).join(', ')})
       ORDER BY 1, 2
       ON CONFLICT (hour_ms, checkpoint_id) DO UPDATE SET ${addCounts}`,
      [JSON.stringify(changedHours)],
    );
  }
  if (changedResults.length > 0) {
    await tx.query(
      `INSERT INTO entry_hourly_results (hour_ms, shard, decision, reason, scans)
       SELECT * FROM json_to_recordset($1::text::json) AS x(hour_ms bigint, shard smallint, decision text, reason text, scans bigint)
       ORDER BY 1, 2, 3, 4
       ON CONFLICT (hour_ms, shard, decision, reason) DO UPDATE SET scans = entry_hourly_results.scans + EXCLUDED.scans`,
      [JSON.stringify(changedResults)],
    );
  }
}
