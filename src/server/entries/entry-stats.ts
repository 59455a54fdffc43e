/**
 * Statistics for the console: scans per hour (or per day over long ranges), per checkpoint,
 * per result, per checkpoint and hour of day (heatmap), red and yellow sightings, refused
 * and overridden scans, and devices that have gone silent. Every count is by the decision
 * that stands (core's effectiveDecision: a guard's override wins), in SQL through its twin
 * effectiveDecisionSql. Plain PostgreSQL (count FILTER, UNION ALL), the same on PGlite.
 *
 * Counts come from the rollups (`entry-rollups.ts`: whole UTC days from the daily one,
 * other whole hours from the hourly ones) plus the raw table for the partial hours at the
 * range's ends, or, in raw mode, from the raw entries table alone (see `plan`). Three
 * independent queries (series, per checkpoint with hours of day, per result) run side by
 * side on PostgreSQL's pool.
 */
import { HOURLY_STATS_UP_TO_MS, type ScanCounts, type Stats, type StatsQuery } from '../../core/admin-protocol.ts';
import { effectiveDecision, effectiveDecisionSql, type Decision, type OverrideDecision, type Reason } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';
import { kidsOfAuthority } from './entry-authority.ts';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A device that has not uploaded for this long is listed as silent. */
export const SILENT_AFTER_MS = DAY_MS;
/** The heatmap lists this many of the busiest checkpoints (a city has tens of thousands). */
export const HEATMAP_CHECKPOINTS = 100;

/**
 * Where counts are read from. `rollups` (the default) reads the rollups, which can
 * only serve time zones a whole number of hours from UTC; for any other offset (India's
 * +5:30, Nepal's +5:45) the raw table is read. `raw` always reads the raw table (the
 * bench's baseline and the tests' reference).
 */
export type StatsSource = 'rollups' | 'raw';

const EFFECTIVE = effectiveDecisionSql('e');

/** The count columns of a rollup row, in order. */
export const COUNT_COLUMNS = ['scans', 'admitted', 'refused', 'referred', 'overridden', 'to_admit', 'to_refuse', 'red', 'yellow'] as const;

/**
 * Each count over raw entries `e`, named as the rollup tables' columns: the one place the
 * raw table's counting rule is written (the rollups' upserts use it too).
 */
export const RAW_COUNT: Record<(typeof COUNT_COLUMNS)[number], string> = {
  scans: 'count(*)::bigint',
  admitted: `count(*) FILTER (WHERE ${EFFECTIVE} = 'admit')::bigint`,
  refused: `count(*) FILTER (WHERE ${EFFECTIVE} = 'refuse')::bigint`,
  referred: `count(*) FILTER (WHERE ${EFFECTIVE} = 'refer')::bigint`,
  overridden: 'count(*) FILTER (WHERE e.override IS NOT NULL)::bigint',
  to_admit: "count(*) FILTER (WHERE e.override->>'decision' = 'admit')::bigint",
  to_refuse: "count(*) FILTER (WHERE e.override->>'decision' = 'refuse')::bigint",
  red: "count(*) FILTER (WHERE e.reason = 'status_red')::bigint",
  yellow: "count(*) FILTER (WHERE e.reason = 'status_yellow')::bigint",
};
/** All of them, as a select list. */
export const RAW_COUNTS = COUNT_COLUMNS.map((c) => `${RAW_COUNT[c]} AS ${c}`).join(',\n  ');

type CountColumn = (typeof COUNT_COLUMNS)[number];
type CountRow = Record<CountColumn, number>;

/** `x` rounded down to a multiple of `m` (also for negative x, which SQL's / truncates). */
const floorTo = (x: string, m: number) => `((${x}) - (((${x}) % ${m}) + ${m}) % ${m})`;
/** Hour of day (0-23) of Unix ms expression `x`. */
const hourOfDay = (x: string) => `(((((${x}) % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${HOUR_MS})::int`;
const HOURS = Array.from({ length: 24 }, (_, i) => i);

/** Parameters of one statement: `p(value)` appends one and returns its placeholder. */
function parameters(): { values: unknown[]; p: (value: number) => string; texts: (value: readonly string[]) => string } {
  const values: unknown[] = [];
  return {
    values,
    p: (value) => {
      values.push(value);
      return `$${values.length}::bigint`;
    },
    texts: (value) => {
      values.push([...value]);
      return `$${values.length}::text[]`;
    },
  };
}

/**
 * Which source serves which part of [from, to): whole UTC days from the daily rollup
 * [days), the remaining whole hours from the hourly one [hours), the partial hours at the
 * ends from the raw table (rows with from <= time < to outside [hours.from, hours.to)).
 * In raw mode everything is raw.
 */
interface Plan {
  from: number;
  to: number;
  offsetMs: number;
  source: StatsSource;
  hours: { from: number; to: number };
  days: { from: number; to: number };
  /** Only entries whose code's key is one of these (the issuer keys of the authority asked for); raw mode. */
  kids: readonly string[] | null;
}

function plan(query: StatsQuery, source: StatsSource, kids: readonly string[] | null): Plan {
  const { from, to } = query;
  let a = Math.ceil(from / HOUR_MS) * HOUR_MS;
  let b = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (a > b) a = b = to;
  let d1 = Math.ceil(a / DAY_MS) * DAY_MS;
  let d2 = Math.floor(b / DAY_MS) * DAY_MS;
  if (d1 > d2) d1 = d2 = b;
  return { from, to, offsetMs: query.tzOffsetMinutes * 60_000, source, hours: { from: a, to: b }, days: { from: d1, to: d2 }, kids };
}

/** WHERE condition for the raw rows a plan leaves to the raw table. */
function rawRange(pl: Plan, p: (v: number) => string, texts?: (v: readonly string[]) => string): string {
  if (pl.source === 'raw') {
    const range = `e.time_ms >= ${p(pl.from)} AND e.time_ms < ${p(pl.to)}`;
    if (!pl.kids) return range;
    if (!texts) throw new TypeError('an authority filter needs its key ids as a parameter');
    return `${range} AND e.kid = ANY(${texts(pl.kids)})`;
  }
  return (
    `((e.time_ms >= ${p(pl.from)} AND e.time_ms < ${p(pl.hours.from)})` +
    ` OR (e.time_ms >= ${p(pl.hours.to)} AND e.time_ms < ${p(pl.to)}))`
  );
}

/** WHERE condition for the hourly rollup's rows a plan uses (whole hours outside the whole days). */
function hourlyRange(pl: Plan, p: (v: number) => string, days: boolean): string {
  if (!days) return `r.hour_ms >= ${p(pl.hours.from)} AND r.hour_ms < ${p(pl.hours.to)}`;
  return (
    `((r.hour_ms >= ${p(pl.hours.from)} AND r.hour_ms < ${p(pl.days.from)})` +
    ` OR (r.hour_ms >= ${p(pl.days.to)} AND r.hour_ms < ${p(pl.hours.to)}))`
  );
}

const SERIES_COLUMNS = ['scans', 'admitted', 'refused', 'referred', 'overridden', 'to_admit', 'to_refuse'] as const;

/** Counts per bucket of the administrator's clock (hours or days): from the hourly totals, or the raw table in raw mode. */
function seriesQuery(pl: Plan, bucketMs: number): { sql: string; values: unknown[] } {
  const { values, p, texts } = parameters();
  const off = p(pl.offsetMs);
  const cols = SERIES_COLUMNS.join(', ');
  const rows =
    pl.source === 'raw'
      ? `SELECT ${floorTo(`e.time_ms + ${off}`, HOUR_MS)} - ${off} AS h, ${RAW_COUNTS}
        FROM entries e WHERE ${rawRange(pl, p, texts)} GROUP BY 1`
      : `SELECT r.hour_ms AS h, ${cols} FROM entry_hourly_totals r WHERE ${hourlyRange(pl, p, false)}`;
  return {
    sql: `SELECT ${floorTo(`s.h + ${off}`, bucketMs)} - ${off} AS bucket,
        ${SERIES_COLUMNS.map((c) => `coalesce(sum(s.${c}), 0)::bigint AS ${c}`).join(', ')}
      FROM (${rows}) s GROUP BY 1`,
    values,
  };
}

/**
 * Counts per checkpoint, with scans per hour of day (h0…h23): of the UTC day from the
 * rollups (the caller turns them to the administrator's clock), of the local day in raw
 * mode. Whole UTC days come from the daily rollup (one row per checkpoint and day), the
 * other whole hours from the hourly one.
 */
function checkpointQuery(pl: Plan): { sql: string; values: unknown[] } {
  const { values, p, texts } = parameters();
  const cols = COUNT_COLUMNS.join(', ');
  const spread = (hod: string) => HOURS.map((i) => `CASE WHEN ${hod} = ${i} THEN scans ELSE 0 END AS h${i}`).join(', ');
  const rows =
    pl.source === 'raw'
      ? `SELECT checkpoint_id, ${cols}, ${spread('hod')} FROM (
      SELECT e.checkpoint_id, ${hourOfDay(`e.time_ms + ${p(pl.offsetMs)}`)} AS hod, ${RAW_COUNTS}
      FROM entries e WHERE ${rawRange(pl, p, texts)} GROUP BY 1, 2) raw`
      : `SELECT checkpoint_id, ${cols}, ${HOURS.map((i) => `hours[${i + 1}] AS h${i}`).join(', ')}
        FROM entry_daily r WHERE r.day_ms >= ${p(pl.days.from)} AND r.day_ms < ${p(pl.days.to)}
      UNION ALL SELECT checkpoint_id, ${cols}, ${spread(hourOfDay('r.hour_ms'))} FROM entry_hourly r WHERE ${hourlyRange(pl, p, true)}`;
  return {
    sql: `SELECT s.checkpoint_id, ${[...COUNT_COLUMNS, ...HOURS.map((i) => `h${i}`)].map((c) => `sum(s.${c})::bigint AS ${c}`).join(', ')}
      FROM (${rows}) s GROUP BY s.checkpoint_id`,
    values,
  };
}

/** Scans per (decision that stands, reason). */
function resultQuery(pl: Plan): { sql: string; values: unknown[] } {
  const { values, p, texts } = parameters();
  const rows =
    pl.source === 'raw'
      ? `SELECT ${EFFECTIVE} AS decision, e.reason, count(*)::bigint AS scans FROM entries e WHERE ${rawRange(pl, p, texts)} GROUP BY 1, 2`
      : `SELECT r.decision, r.reason, r.scans FROM entry_hourly_results r WHERE ${hourlyRange(pl, p, false)}`;
  return {
    sql: `SELECT s.decision, s.reason, sum(s.scans)::bigint AS scans FROM (${rows}) s
      GROUP BY s.decision, s.reason`,
    values,
  };
}

/**
 * Rollup mode's partial hours at the range's ends, read once from the raw table: entries
 * per (local hour, checkpoint, decision that stands, reason, overridden), which is all any
 * count needs (an overridden entry's decision is its override's). Merged in by `addEdges`.
 */
function edgeQuery(pl: Plan): { sql: string; values: unknown[] } {
  const { values, p } = parameters();
  return {
    sql: `SELECT e.time_ms / ${HOUR_MS} * ${HOUR_MS} AS h, e.checkpoint_id, ${EFFECTIVE} AS decision, e.reason,
        e.override IS NOT NULL AS overridden, count(*)::bigint AS n
      FROM entries e WHERE ${rawRange(pl, p)} GROUP BY 1, 2, 3, 4, 5`,
    values,
  };
}
type EdgeRow = { h: number; checkpoint_id: string | null; decision: Decision; reason: Reason; overridden: boolean; n: number };

/** Adds the partial hours' entries to the rollups' series, per-checkpoint and per-result rows (mutates them). */
function addEdges(
  edges: EdgeRow[],
  bucketOf: (h: number) => number,
  series: SeriesRow[],
  perCheckpoint: CheckpointRow[],
  byResult: ResultRow[],
): void {
  const buckets = new Map(series.map((r) => [r.bucket, r]));
  const checkpoints = new Map(perCheckpoint.map((r) => [r.checkpoint_id, r]));
  const results = new Map(byResult.map((r) => [`${r.decision}/${r.reason}`, r]));
  for (const edge of edges) {
    const one = contribution({
      decision: edge.decision,
      reason: edge.reason,
      override: edge.overridden ? { decision: edge.decision as OverrideDecision } : null,
    });
    const bucket = bucketOf(edge.h);
    const s = buckets.get(bucket) ?? (Object.fromEntries([['bucket', bucket], ...SERIES_COLUMNS.map((c) => [c, 0])]) as SeriesRow);
    for (const c of SERIES_COLUMNS) s[c] += one[c] * edge.n;
    if (!buckets.has(bucket)) {
      series.push(s);
      buckets.set(bucket, s);
    }
    let k = checkpoints.get(edge.checkpoint_id);
    if (!k) {
      k = Object.fromEntries([
        ['checkpoint_id', edge.checkpoint_id],
        ...COUNT_COLUMNS.map((c) => [c, 0]),
        ...HOURS.map((i) => [`h${i}`, 0]),
      ]) as CheckpointRow;
      perCheckpoint.push(k);
      checkpoints.set(edge.checkpoint_id, k);
    }
    for (const c of COUNT_COLUMNS) k[c] += one[c] * edge.n;
    const hour = `h${Math.floor((edge.h % DAY_MS) / HOUR_MS)}` as const;
    k[hour] = (k[hour] ?? 0) + edge.n;
    const key = `${edge.decision}/${edge.reason}`;
    const r = results.get(key) ?? { decision: edge.decision, reason: edge.reason, scans: 0 };
    r.scans += edge.n;
    if (!results.has(key)) {
      byResult.push(r);
      results.set(key, r);
    }
  }
}

/** What one entry adds to each count: the TypeScript twin of RAW_COUNT (tests pin rollups, which use both, to the raw table). */
export function contribution(entry: { decision: Decision; reason: Reason; override: { decision: OverrideDecision } | null }): CountRow {
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

const counts = (r: ScanCounts): ScanCounts => ({
  scans: r.scans,
  admitted: r.admitted,
  refused: r.refused,
  referred: r.referred,
  overridden: r.overridden,
});
const ZERO: ScanCounts = { scans: 0, admitted: 0, refused: 0, referred: 0, overridden: 0 };
type CheckpointRow = CountRow & { checkpoint_id: string | null } & Record<`h${number}`, number>;
type SeriesRow = Pick<CountRow, (typeof SERIES_COLUMNS)[number]> & { bucket: number };
type ResultRow = { decision: Decision; reason: Reason; scans: number };

/** Statistics over [from, to) by scan time, and the silent devices as of `nowMs`. */
export async function entryStats(db: Queryable, query: StatsQuery, nowMs: number, options: { source?: StatsSource } = {}): Promise<Stats> {
  const { from, to } = query;
  const bucketMs = to - from <= HOURLY_STATS_UP_TO_MS ? HOUR_MS : DAY_MS;
  // Buckets start on the administrator's local hour or midnight: shift by the UTC offset.
  const offsetMs = query.tzOffsetMinutes * 60_000;
  // The rollups are not kept per authority: counts of one authority's codes come from the raw
  // table (entry-authority.ts: by the key ids the bundles list for it).
  const kids = query.authority === undefined ? null : await kidsOfAuthority(db, query.authority);
  const source: StatsSource = options.source === 'raw' || offsetMs % HOUR_MS !== 0 || kids ? 'raw' : 'rollups';
  const pl = plan(query, source, kids);
  const run = <R>(q: { sql: string; values: unknown[] }) => db.query<R>(q.sql, q.values);
  // Independent queries: on PostgreSQL they run side by side on the pool's connections.
  const [series, perCheckpoint, results, edges, silent] = await Promise.all([
    run<SeriesRow>(seriesQuery(pl, bucketMs)),
    run<CheckpointRow>(checkpointQuery(pl)),
    run<ResultRow>(resultQuery(pl)),
    source === 'raw' ? Promise.resolve([]) : run<EdgeRow>(edgeQuery(pl)),
    db.query<{
      id: string;
      checkpoint_id: string;
      checkpoint_name: string | null;
      name: string;
      created_ms: number;
      revoked_ms: null;
      last_seen_ms: number | null;
    }>(
      `SELECT d.id, d.checkpoint_id, c.name AS checkpoint_name, d.name, d.created_ms, d.revoked_ms, d.last_seen_ms
       FROM devices d LEFT JOIN checkpoints c ON c.id = d.checkpoint_id
       WHERE d.revoked_ms IS NULL AND (d.last_seen_ms IS NULL OR d.last_seen_ms < $1)
       ORDER BY d.last_seen_ms NULLS FIRST, d.created_ms, d.id`,
      [nowMs - SILENT_AFTER_MS],
    ),
  ]);

  addEdges(edges, (h) => Math.floor((h + offsetMs) / bucketMs) * bucketMs - offsetMs, series, perCheckpoint, results);
  const byResult = results
    .filter((r) => r.scans > 0)
    .sort((a, b) => b.scans - a.scans || compare(a.decision, b.decision) || compare(a.reason, b.reason));
  const totals = { ...ZERO, to_admit: 0, to_refuse: 0 };
  for (const row of series) for (const c of SERIES_COLUMNS) totals[c] += row[c];
  const checkpoints = perCheckpoint.filter((r) => r.scans > 0);
  const names = await checkpointNames(
    db,
    checkpoints.map((r) => r.checkpoint_id),
  );
  // No checkpoint (scans made before enrollment): no name, listed after the named ones.
  const name = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  const byName = (a: { checkpoint_id: string | null }, b: { checkpoint_id: string | null }) =>
    compareNullable(name(a.checkpoint_id), name(b.checkpoint_id)) || compareNullable(a.checkpoint_id, b.checkpoint_id);
  checkpoints.sort((a, b) => b.scans - a.scans || byName(a, b));
  // Rollup hours are of the UTC day: hour i of the administrator's day is UTC hour i - offset.
  const shift = source === 'raw' ? 0 : offsetMs / HOUR_MS;
  const hoursOf = (r: CheckpointRow) => HOURS.map((i) => r[`h${(((i - shift) % 24) + 24) % 24}`]!);

  return {
    from,
    to,
    bucketMs,
    totals: { ...counts(totals), overriddenToAdmit: totals.to_admit, overriddenToRefuse: totals.to_refuse },
    series: fillBuckets(
      series.filter((r) => r.scans > 0),
      from,
      to,
      bucketMs,
      offsetMs,
    ),
    byCheckpoint: checkpoints.map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), ...counts(r) })),
    byResult,
    silentDevices: silent.map((d) => ({
      id: d.id,
      checkpointId: d.checkpoint_id,
      checkpointName: d.checkpoint_name,
      name: d.name,
      createdMs: d.created_ms,
      revokedMs: d.revoked_ms,
      lastSeenMs: d.last_seen_ms,
    })),
    silentAfterMs: SILENT_AFTER_MS,
    heatmap: checkpoints
      .slice(0, HEATMAP_CHECKPOINTS)
      .map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), hours: hoursOf(r) })),
    sightings: checkpoints
      .filter((r) => r.red + r.yellow > 0)
      .sort((a, b) => b.red + b.yellow - (a.red + a.yellow) || b.red - a.red || byName(a, b))
      .map((r) => ({ checkpointId: r.checkpoint_id, name: name(r.checkpoint_id), red: r.red, yellow: r.yellow })),
  };
}

async function checkpointNames(db: Queryable, maybeIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = maybeIds.filter((id) => id !== null);
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM checkpoints WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Names in code-point order, unknown (deleted) checkpoints last, as SQL's ORDER BY name. */
const compareNullable = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : compare(a, b));

/** Every bucket from the one holding `from` up to `to`, zeros where nothing was scanned (charts need no gaps). */
function fillBuckets(rows: SeriesRow[], from: number, to: number, bucketMs: number, offsetMs: number): Stats['series'] {
  const byStart = new Map(rows.map((r) => [r.bucket, r]));
  const series: Stats['series'] = [];
  for (let start = Math.floor((from + offsetMs) / bucketMs) * bucketMs - offsetMs; start < to; start += bucketMs) {
    const row = byStart.get(start);
    series.push({ start, ...(row ? counts(row) : ZERO) });
  }
  return series;
}
