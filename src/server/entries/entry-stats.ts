/**
 * Statistics for the console: scans per hour (or per day over long ranges), per checkpoint
 * and per result, refused and overridden scans, and devices that have gone silent.
 * Plain PostgreSQL aggregates (count FILTER), the same on PGlite and PostgreSQL.
 */
import { HOURLY_STATS_UP_TO_MS, type ScanCounts, type Stats, type StatsQuery } from '../../core/admin-protocol.ts';
import type { Queryable } from '../db/db.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A device that has not uploaded for this long is listed as silent. */
export const SILENT_AFTER_MS = DAY_MS;

const COUNTS = `count(*)::bigint AS scans,
  count(*) FILTER (WHERE e.decision = 'admit')::bigint AS admitted,
  count(*) FILTER (WHERE e.decision = 'refuse')::bigint AS refused,
  count(*) FILTER (WHERE e.decision = 'refer')::bigint AS referred,
  count(*) FILTER (WHERE e.override IS NOT NULL)::bigint AS overridden`;

const counts = (r: ScanCounts): ScanCounts => ({ scans: r.scans, admitted: r.admitted, refused: r.refused, referred: r.referred, overridden: r.overridden });
const ZERO: ScanCounts = { scans: 0, admitted: 0, refused: 0, referred: 0, overridden: 0 };

/** Statistics over [from, to) by scan time, and the silent devices as of `nowMs`. */
export async function entryStats(db: Queryable, query: StatsQuery, nowMs: number): Promise<Stats> {
  const { from, to } = query;
  const bucketMs = to - from <= HOURLY_STATS_UP_TO_MS ? HOUR_MS : DAY_MS;
  // Buckets start on the administrator's local hour or midnight: shift by the UTC offset.
  const offsetMs = query.tzOffsetMinutes * 60_000;
  const range = [from, to];
  const [totals, series, byCheckpoint, byResult, silent] = await Promise.all([
    db.query<ScanCounts & { to_admit: number; to_refuse: number }>(
      `SELECT ${COUNTS},
         count(*) FILTER (WHERE e.override->>'decision' = 'admit')::bigint AS to_admit,
         count(*) FILTER (WHERE e.override->>'decision' = 'refuse')::bigint AS to_refuse
       FROM entries e WHERE e.time_ms >= $1 AND e.time_ms < $2`,
      range,
    ),
    db.query<ScanCounts & { start: number }>(
      `SELECT ((e.time_ms + $3::bigint) / $4::bigint) * $4::bigint - $3::bigint AS start, ${COUNTS}
       FROM entries e WHERE e.time_ms >= $1 AND e.time_ms < $2 GROUP BY 1 ORDER BY 1`,
      [...range, offsetMs, bucketMs],
    ),
    db.query<ScanCounts & { checkpoint_id: string; name: string | null }>(
      `SELECT e.checkpoint_id, c.name, ${COUNTS}
       FROM entries e LEFT JOIN checkpoints c ON c.id = e.checkpoint_id
       WHERE e.time_ms >= $1 AND e.time_ms < $2 GROUP BY e.checkpoint_id, c.name ORDER BY scans DESC, c.name`,
      range,
    ),
    db.query<{ decision: Stats['byResult'][number]['decision']; reason: Stats['byResult'][number]['reason']; scans: number }>(
      `SELECT e.decision, e.reason, count(*)::bigint AS scans FROM entries e
       WHERE e.time_ms >= $1 AND e.time_ms < $2 GROUP BY e.decision, e.reason ORDER BY scans DESC, e.decision, e.reason`,
      range,
    ),
    db.query<{ id: string; checkpoint_id: string; checkpoint_name: string | null; name: string; created_ms: number; revoked_ms: null; last_seen_ms: number | null }>(
      `SELECT d.id, d.checkpoint_id, c.name AS checkpoint_name, d.name, d.created_ms, d.revoked_ms, d.last_seen_ms
       FROM devices d LEFT JOIN checkpoints c ON c.id = d.checkpoint_id
       WHERE d.revoked_ms IS NULL AND (d.last_seen_ms IS NULL OR d.last_seen_ms < $1)
       ORDER BY d.last_seen_ms NULLS FIRST, d.created_ms, d.id`,
      [nowMs - SILENT_AFTER_MS],
    ),
  ]);
  const t = totals[0]!;
  return {
    from,
    to,
    bucketMs,
    totals: { ...counts(t), overriddenToAdmit: t.to_admit, overriddenToRefuse: t.to_refuse },
    series: fillBuckets(series, from, to, bucketMs, offsetMs),
    byCheckpoint: byCheckpoint.map((r) => ({ checkpointId: r.checkpoint_id, name: r.name, ...counts(r) })),
    byResult,
    silentDevices: silent.map((d) => ({ id: d.id, checkpointId: d.checkpoint_id, checkpointName: d.checkpoint_name, name: d.name, createdMs: d.created_ms, revokedMs: d.revoked_ms, lastSeenMs: d.last_seen_ms })),
    silentAfterMs: SILENT_AFTER_MS,
  };
}

/** Every bucket from the one holding `from` up to `to`, zeros where nothing was scanned (charts need no gaps). */
function fillBuckets(rows: (ScanCounts & { start: number })[], from: number, to: number, bucketMs: number, offsetMs: number): Stats['series'] {
  const byStart = new Map(rows.map((r) => [r.start, r]));
  const series: Stats['series'] = [];
  for (let start = Math.floor((from + offsetMs) / bucketMs) * bucketMs - offsetMs; start < to; start += bucketMs) {
    const row = byStart.get(start);
    series.push({ start, ...(row ? counts(row) : ZERO) });
  }
  return series;
}
