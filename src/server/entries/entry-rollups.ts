/**
 * The rollups statistics read (migration 003): `entry_hourly` (per UTC hour and
 * checkpoint: scans, by the decision that stands, overrides, red and yellow sightings),
 * `entry_daily` (the same per UTC day, with scans per hour of the day) and
 * `entry_hourly_results` (per UTC hour, shard, decision that stands and reason). Kept up to
 * date inside the upload's transaction: new entries are added by the insert statement
 * itself (entry-store.ts); an override recorded later moves its entry between counts here.
 */
import { effectiveDecision, effectiveDecisionSql, type Decision, type EntryOverride, type Reason } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';
import { contribution, COUNT_COLUMNS, HOUR_MS, RAW_COUNT, RAW_COUNTS } from './entry-stats.ts';

/** Spreads one hour's result counts over this many rows (by a byte of the checkpoint id). */
export const RESULT_SHARDS = 8;
/** SQL for the shard of checkpoint id expression `checkpoint` (a uuid; NULL, no checkpoint, is shard 0). */
export const shardSql = (checkpoint: string) => `COALESCE(get_byte(uuid_send(${checkpoint}), 15) % ${RESULT_SHARDS}, 0)`;
/** The same in TypeScript. */
const shardOf = (checkpointId: string | null) => (checkpointId === null ? 0 : parseInt(checkpointId.slice(-2), 16) % RESULT_SHARDS);

const addCounts = (table: string) => COUNT_COLUMNS.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ');
const DAY_MS = 24 * HOUR_MS;
/** The columns of entry_hourly_totals (the series' counts). */
export const TOTAL_COLUMNS = COUNT_COLUMNS.filter((c) => c !== 'red' && c !== 'yellow');
/** Scans per UTC hour of the day of rows `e`, as the daily rollup's array. */
const HOUR_COUNTS = Array.from({ length: 24 }, (_, i) => `count(*) FILTER (WHERE (e.time_ms % ${DAY_MS}) / ${HOUR_MS} = ${i})`);
const HOURS_ARRAY = `ARRAY[${HOUR_COUNTS.join(', ')}]::bigint[]`;

/**
 * The three upserts that add rows `source` (an entries-shaped relation: time_ms,
 * checkpoint_id, reason, decision, override) to the rollups, as WITH items of one
 * statement. Rows are grouped, so each rollup row is touched once, and sorted, so
 * concurrent uploads lock rollup rows in one order and cannot deadlock.
 */
export function rollupInsertCtes(source: string): string {
  return `hourly AS (
    INSERT INTO entry_hourly (hour_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')})
    SELECT (e.time_ms / ${HOUR_MS}) * ${HOUR_MS}, e.checkpoint_id, ${RAW_COUNTS} FROM ${source} e GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (hour_ms, checkpoint_id) DO UPDATE SET ${addCounts('entry_hourly')}
  ),
  totals AS (
    INSERT INTO entry_hourly_totals (hour_ms, shard, ${TOTAL_COLUMNS.join(', ')})
    SELECT (e.time_ms / ${HOUR_MS}) * ${HOUR_MS}, ${shardSql('e.checkpoint_id')}, ${TOTAL_COLUMNS.map((c) => RAW_COUNT[c]).join(', ')}
    FROM ${source} e GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (hour_ms, shard) DO UPDATE SET ${TOTAL_COLUMNS.map((c) => `${c} = entry_hourly_totals.${c} + EXCLUDED.${c}`).join(', ')}
  ),
  daily AS (
    INSERT INTO entry_daily (day_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')}, hours)
    SELECT (e.time_ms / ${DAY_MS}) * ${DAY_MS}, e.checkpoint_id, ${RAW_COUNTS}, ${HOURS_ARRAY}
    FROM ${source} e GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day_ms, checkpoint_id) DO UPDATE SET ${addCounts('entry_daily')},
      hours = gatecheck_add_hours(entry_daily.hours, EXCLUDED.hours)
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
  /** Null: made before the device was enrolled (no checkpoint). */
  checkpoint_id: string | null;
  reason: Reason;
  decision: Decision;
  override: EntryOverride | null;
}

type Counts = Record<(typeof COUNT_COLUMNS)[number], number>;

/**
 * Moves stored entries between rollup counts when their override changed (`before` and
 * `after` the same entries, in the same order), inside the caller's transaction.
 */
export async function applyOverrideChanges(tx: Queryable, before: RolledEntry[], after: RolledEntry[]): Promise<void> {
  const hourly = new Map<string, { hour_ms: number; checkpoint_id: string | null } & Counts>();
  const results = new Map<string, { hour_ms: number; shard: number; decision: Decision; reason: Reason; scans: number }>();
  const add = (entry: RolledEntry, sign: 1 | -1) => {
    const hour = Math.floor(entry.time_ms / HOUR_MS) * HOUR_MS;
    const key = `${hour}/${entry.checkpoint_id}`;
    const row = hourly.get(key) ?? {
      hour_ms: hour,
      checkpoint_id: entry.checkpoint_id,
      ...(Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as Counts),
    };
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
  for (const e of before) add(e, -1);
  for (const e of after) add(e, 1);
  const changedHours = [...hourly.values()].filter((r) => COUNT_COLUMNS.some((c) => r[c] !== 0));
  const changedResults = [...results.values()].filter((r) => r.scans !== 0);
  if (changedHours.length > 0) {
    await tx.query(
      `INSERT INTO entry_hourly (hour_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')})
       SELECT * FROM json_to_recordset($1::text::json)
         AS x(hour_ms bigint, checkpoint_id uuid, ${COUNT_COLUMNS.map((c) => `${c} bigint`).join(', ')})
       ORDER BY 1, 2
       ON CONFLICT (hour_ms, checkpoint_id) DO UPDATE SET ${addCounts('entry_hourly')}`,
      [JSON.stringify(changedHours)],
    );
    // The same changes per hour and shard, for the series.
    const totals = new Map<string, Record<string, number>>();
    for (const row of changedHours) {
      const shard = shardOf(row.checkpoint_id);
      const key = `${row.hour_ms}/${shard}`;
      const sum = totals.get(key) ?? { hour_ms: row.hour_ms, shard, ...Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, 0])) };
      for (const c of TOTAL_COLUMNS) sum[c]! += row[c];
      totals.set(key, sum);
    }
    await tx.query(
      `INSERT INTO entry_hourly_totals (hour_ms, shard, ${TOTAL_COLUMNS.join(', ')})
       SELECT * FROM json_to_recordset($1::text::json)
         AS x(hour_ms bigint, shard smallint, ${TOTAL_COLUMNS.map((c) => `${c} bigint`).join(', ')})
       ORDER BY 1, 2
       ON CONFLICT (hour_ms, shard) DO UPDATE SET
         ${TOTAL_COLUMNS.map((c) => `${c} = entry_hourly_totals.${c} + EXCLUDED.${c}`).join(', ')}`,
      [JSON.stringify([...totals.values()])],
    );
    // The same changes per day (an override never changes how many scans an hour had).
    const days = new Map<string, { day_ms: number; checkpoint_id: string | null } & Counts>();
    for (const row of changedHours) {
      const day = Math.floor(row.hour_ms / DAY_MS) * DAY_MS;
      const key = `${day}/${row.checkpoint_id}`;
      const sum = days.get(key) ?? {
        day_ms: day,
        checkpoint_id: row.checkpoint_id,
        ...(Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as Counts),
      };
      for (const c of COUNT_COLUMNS) sum[c] += row[c];
      days.set(key, sum);
    }
    await tx.query(
      `INSERT INTO entry_daily (day_ms, checkpoint_id, ${COUNT_COLUMNS.join(', ')}, hours)
       SELECT x.*, array_fill(0::bigint, ARRAY[24]) FROM json_to_recordset($1::text::json)
         AS x(day_ms bigint, checkpoint_id uuid, ${COUNT_COLUMNS.map((c) => `${c} bigint`).join(', ')})
       ORDER BY 1, 2
       ON CONFLICT (day_ms, checkpoint_id) DO UPDATE SET ${addCounts('entry_daily')}`,
      [JSON.stringify([...days.values()])],
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
