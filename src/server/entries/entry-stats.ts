/**
 * Statistics for the console: scans per hour (or per day over long ranges), per checkpoint,
 * per result, per checkpoint and hour of day (heatmap), red and yellow sightings, refused
 * and overridden scans, and devices that have gone silent. Every count is by the decision
 * that stands (core's effectiveDecision: a guard's override wins), in SQL through its twin
 * effectiveDecisionSql. Plain PostgreSQL (count FILTER, GROUPING SETS), the same on PGlite.
 *
 * Counts come from one of two sources of "hourly counts per checkpoint" rows, aggregated
 * by the same query (see `statsSource`): the raw entries table, or the rollups
 * (`entry-rollups.ts`) for whole hours plus the raw table for the partial hours at the
 * range's ends.
 */
import { HOURLY_STATS_UP_TO_MS, type ScanCounts, type Stats, type StatsQuery } from '../../core/admin-protocol.ts';
import { effectiveDecisionSql } from '../../core/decision.ts';
import type { Queryable } from '../db/db.ts';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A device that has not uploaded for this long is listed as silent. */
export const SILENT_AFTER_MS = DAY_MS;
/** The heatmap lists this many of the busiest checkpoints (a city has tens of thousands). */
export const HEATMAP_CHECKPOINTS = 100;

/**
 * Where counts are read from. `rollups` (the default) reads the hourly rollups, which can
 * only serve time zones a whole number of hours from UTC; for any other offset (India's
 * +5:30, Nepal's +5:45) the raw table is read. `raw` always reads the raw table (the
 * bench's baseline and the tests' reference).
 */
export type StatsSource = 'rollups' | 'raw';

const EFFECTIVE = effectiveDecisionSql('e');

/**
 * Per-group counts over raw entries `e`, with the same column names as the rollup tables.
 * The one place the raw table's counting rule is written (the rollups' insert uses it too).
 */
export const RAW_COUNTS = `count(*)::bigint AS scans,
  count(*) FILTER (WHERE ${EFFECTIVE} = 'admit')::bigint AS admitted,
  count(*) FILTER (WHERE ${EFFECTIVE} = 'refuse')::bigint AS refused,
  count(*) FILTER (WHERE ${EFFECTIVE} = 'refer')::bigint AS referred,
  count(*) FILTER (WHERE e.override IS NOT NULL)::bigint AS overridden,
  count(*) FILTER (WHERE e.override->>'decision' = 'admit')::bigint AS to_admit,
  count(*) FILTER (WHERE e.override->>'decision' = 'refuse')::bigint AS to_refuse,
  count(*) FILTER (WHERE e.reason = 'status_red')::bigint AS red,
  count(*) FILTER (WHERE e.reason = 'status_yellow')::bigint AS yellow`;

/** The count columns of a rollup row, in order. */
export const COUNT_COLUMNS = ['scans', 'admitted', 'refused', 'referred', 'overridden', 'to_admit', 'to_refuse', 'red', 'yellow'] as const;
type CountColumn = (typeof COUNT_COLUMNS)[number];
type CountRow = Record<CountColumn, number>;

/** `x` rounded down to a multiple of `m` (also for negative x, which SQL's / truncates). */
const floorTo = (x: string, m: string) => `((${x}) - (((${x}) % ${m}) + ${m}) % ${m})`;

/**
 * SQL for the hourly counts per checkpoint over [from, to), as rows (h, checkpoint_id,
 * …COUNT_COLUMNS) where h is the start of an hour of the administrator's clock, in Unix ms.
 * Parameters: $1 from, $2 to, $3 offset ms, and for rollups $4/$5 the whole hours [a, b)
 * served by the rollup table (the raw table serves [from, a) and [b, to)).
 */
function hourlySource(source: StatsSource): string {
  const localHour = `${floorTo('e.time_ms + $3::bigint', String(HOUR_MS))} - $3::bigint`;
  const raw = (where: string) => `SELECT ${localHour} AS h, e.checkpoint_id, ${RAW_COUNTS} FROM entries e WHERE ${where} GROUP BY 1, 2`;
  if (source === 'raw') return raw('e.time_ms >= $1 AND e.time_ms < $2');
  return `SELECT r.hour_ms AS h, r.checkpoint_id, ${COUNT_COLUMNS.map((c) => `r.${c}`).join(', ')}
      FROM entry_hourly r WHERE r.hour_ms >= $4 AND r.hour_ms < $5
    UNION ALL
    ${raw('((e.time_ms >= $1 AND e.time_ms < $4) OR (e.time_ms >= $5 AND e.time_ms < $2))')}`;
}

/** The same for scans per (effective decision, reason): rows (decision, reason, scans); $1 from, $2 to, $3/$4 [a, b). */
function resultSource(source: StatsSource): string {
  const raw = (where: string) => `SELECT ${EFFECTIVE} AS decision, e.reason, count(*)::bigint AS scans FROM entries e WHERE ${where} GROUP BY 1, 2`;
  if (source === 'raw') return raw('e.time_ms >= $1 AND e.time_ms < $2');
  return `SELECT r.decision, r.reason, r.scans FROM entry_hourly_results r WHERE r.hour_ms >= $3 AND r.hour_ms < $4
    UNION ALL
    ${raw('((e.time_ms >= $1 AND e.time_ms < $3) OR (e.time_ms >= $4 AND e.time_ms < $2))')}`;
}

const sums = COUNT_COLUMNS.map((c) => `coalesce(sum(s.${c}), 0)::bigint AS ${c}`).join(',\n  ');

const counts = (r: CountRow): ScanCounts => ({ scans: r.scans, admitted: r.admitted, refused: r.refused, referred: r.referred, overridden: r.overridden });
const ZERO: ScanCounts = { scans: 0, admitted: 0, refused: 0, referred: 0, overridden: 0 };
const ZERO_ROW = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as CountRow;

/** Statistics over [from, to) by scan time, and the silent devices as of `nowMs`. */
export async function entryStats(db: Queryable, query: StatsQuery, nowMs: number, options: { source?: StatsSource } = {}): Promise<Stats> {
  const { from, to } = query;
  const bucketMs = to - from <= HOURLY_STATS_UP_TO_MS ? HOUR_MS : DAY_MS;
  // Buckets start on the administrator's local hour or midnight: shift by the UTC offset.
  const offsetMs = query.tzOffsetMinutes * 60_000;
  const source: StatsSource = options.source === 'raw' || offsetMs % HOUR_MS !== 0 ? 'raw' : 'rollups';
  const params: unknown[] = [from, to, offsetMs];
  if (source === 'rollups') {
    // The whole UTC hours inside the range; when there are none, the raw table serves it all.
    let a = Math.ceil(from / HOUR_MS) * HOUR_MS;
    let b = Math.floor(to / HOUR_MS) * HOUR_MS;
    if (a > b) a = b = to;
    params.push(a, b);
  }
  const bucket = `${floorTo('s.h + $3::bigint', String(bucketMs))} - $3::bigint`;
  const hourOfDay = `((((s.h + $3::bigint) % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${HOUR_MS}`;
  const [grouped, byResult, silent] = await Promise.all([
    // One pass over the hourly rows: totals, series, per checkpoint, per checkpoint and hour of day.
    db.query<CountRow & { g: number; bucket: number | null; checkpoint_id: string | null; hod: number | null }>(
      `SELECT GROUPING(bucket, checkpoint_id, hod)::int AS g, bucket, checkpoint_id, hod,
         ${sums}
       FROM (SELECT ${bucket} AS bucket, ${hourOfDay}::int AS hod, s.* FROM (${hourlySource(source)}) s) s
       GROUP BY GROUPING SETS ((), (bucket), (checkpoint_id), (checkpoint_id, hod))`,
      params,
    ),
    db.query<{ decision: Stats['byResult'][number]['decision']; reason: Stats['byResult'][number]['reason']; scans: number }>(
      `SELECT s.decision, s.reason, sum(s.scans)::bigint AS scans FROM (${resultSource(source)}) s
       GROUP BY s.decision, s.reason HAVING sum(s.scans) > 0 ORDER BY scans DESC, s.decision, s.reason`,
      params.filter((_, i) => i !== 2),
    ),
    db.query<{ id: string; checkpoint_id: string; checkpoint_name: string | null; name: string; created_ms: number; revoked_ms: null; last_seen_ms: number | null }>(
      `SELECT d.id, d.checkpoint_id, c.name AS checkpoint_name, d.name, d.created_ms, d.revoked_ms, d.last_seen_ms
       FROM devices d LEFT JOIN checkpoints c ON c.id = d.checkpoint_id
       WHERE d.revoked_ms IS NULL AND (d.last_seen_ms IS NULL OR d.last_seen_ms < $1)
       ORDER BY d.last_seen_ms NULLS FIRST, d.created_ms, d.id`,
      [nowMs - SILENT_AFTER_MS],
    ),
  ]);

  const totals = grouped.find((r) => r.g === 7) ?? ZERO_ROW;
  const series = grouped.filter((r) => r.g === 3 && r.scans > 0) as (CountRow & { bucket: number })[];
  const perCheckpoint = grouped.filter((r) => r.g === 5 && r.scans > 0) as (CountRow & { checkpoint_id: string })[];
  const perHour = grouped.filter((r) => r.g === 4 && r.scans > 0) as (CountRow & { checkpoint_id: string; hod: number })[];
  const names = await checkpointNames(db, perCheckpoint.map((r) => r.checkpoint_id));
  const name = (id: string) => names.get(id) ?? null;
  const byName = (a: { checkpoint_id: string }, b: { checkpoint_id: string }) => compareNullable(name(a.checkpoint_id), name(b.checkpoint_id)) || compare(a.checkpoint_id, b.checkpoint_id);
  perCheckpoint.sort((a, b) => b.scans - a.scans || byName(a, b));

  const hoursOf = new Map<string, number[]>();
  for (const r of perHour) {
    const hours = hoursOf.get(r.checkpoint_id) ?? new Array<number>(24).fill(0);
    hours[r.hod] = r.scans;
    hoursOf.set(r.checkpoint_id, hours);
  }

  return {
    from,
    to,
    bucketMs,
    totals: { ...counts(totals), overriddenToAdmit: totals.to_admit, overriddenToRefuse: totals.to_refuse },
    series: fillBuckets(series, from, to, bucketMs, offsetMs),
    byCheckpoint: perCheckpoint.map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), ...counts(r) })),
    byResult,
    silentDevices: silent.map((d) => ({ id: d.id, checkpointId: d.checkpoint_id, checkpointName: d.checkpoint_name, name: d.name, createdMs: d.created_ms, revokedMs: d.revoked_ms, lastSeenMs: d.last_seen_ms })),
    silentAfterMs: SILENT_AFTER_MS,
    heatmap: perCheckpoint.slice(0, HEATMAP_CHECKPOINTS).map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), hours: hoursOf.get(r.checkpoint_id)! })),
    sightings: perCheckpoint
      .filter((r) => r.red + r.yellow > 0)
      .sort((a, b) => b.red + b.yellow - (a.red + a.yellow) || b.red - a.red || byName(a, b))
      .map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), red: r.red, yellow: r.yellow })),
  };
}

async function checkpointNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM checkpoints WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Names in code-point order, unknown (deleted) checkpoints last, as SQL's ORDER BY name. */
const compareNullable = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : compare(a, b));

/** Every bucket from the one holding `from` up to `to`, zeros where nothing was scanned (charts need no gaps). */
function fillBuckets(rows: (CountRow & { bucket: number })[], from: number, to: number, bucketMs: number, offsetMs: number): Stats['series'] {
  const byStart = new Map(rows.map((r) => [r.bucket, r]));
  const series: Stats['series'] = [];
  for (let start = Math.floor((from + offsetMs) / bucketMs) * bucketMs - offsetMs; start < to; start += bucketMs) {
    const row = byStart.get(start);
    series.push({ start, ...(row ? counts(row) : ZERO) });
  }
  return series;
}
