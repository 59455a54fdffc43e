/**
 * Entry retention on the server: entries scanned longer ago than the configured number of
 * days are removed, at start and then hourly, a whole day partition at a time. Off unless the operator sets it
 * (`gatecheck serve --keep-entries-days N`): statistics need history, and how long to keep
 * it is the authority's decision, not ours.
 */
import type { FastifyInstance } from 'fastify';
import { purgeTracesBefore } from '../tracing/trace.ts';
import type { ServerContext } from '../context.ts';
import { scheduleHourly } from '../jobs/hourly.ts';
import type { Db } from '../db/db.ts';
import { entryPartitions, forgetEntryPartitions } from './entry-partitions.ts';

const DAY_MS = 24 * 3600_000;

/**
 * Removes entries scanned (device time) before the start of the UTC day holding
 * `cutoffMs`: whole day partitions are dropped (no row-by-row delete at city volume), the
 * default partition's old rows deleted, and the ids and rollups of those hours with them.
 * So entries are kept for at least the configured days and at most one day more. Returns
 * how many entries were removed (counted from the rollups, which are exact).
 */
export async function purgeEntriesBefore(db: Db, cutoffMs: number): Promise<number> {
  const bound = Math.floor(cutoffMs / DAY_MS) * DAY_MS;
  const doomed = (await entryPartitions(db)).filter((p) => (p.day + 1) * DAY_MS <= bound);
  const removed = await db.transaction(async (tx) => {
    // Serialised with partition creation (same lock as gatecheck_entry_partition).
    await tx.query('SELECT pg_advisory_xact_lock(7215190)');
    const [count] = await tx.query<{ n: number }>('SELECT coalesce(sum(scans), 0)::bigint AS n FROM entry_hourly WHERE hour_ms < $1', [
      bound,
    ]);
    for (const p of doomed) await tx.exec(`DROP TABLE IF EXISTS ${quoteIdent(p.name)}`);
    await tx.query('DELETE FROM entries_default WHERE time_ms < $1', [bound]);
    await tx.query('DELETE FROM entry_ids WHERE time_ms < $1', [bound]);
    await tx.query('DELETE FROM entry_hourly WHERE hour_ms < $1', [bound]);
    await tx.query('DELETE FROM entry_hourly_results WHERE hour_ms < $1', [bound]);
    await tx.query('DELETE FROM entry_daily WHERE day_ms < $1', [bound]);
    await tx.query('DELETE FROM entry_hourly_totals WHERE hour_ms < $1', [bound]);
    return Number(count!.n);
  });
  forgetEntryPartitions(
    db,
    doomed.map((p) => p.day),
  );
  return removed;
}

/** A partition name as an SQL identifier (ours are entries_dYYYYMMDD; quoted anyway). */
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs the purge when the server is ready and every hour while it runs; stops on close. */
export function scheduleEntryRetention(app: FastifyInstance, ctx: ServerContext): void {
  const days = ctx.settings.entryRetentionDays;
  if (!days) return;
  scheduleHourly(app, 'entry retention', 'deleted old entries', async () => {
    const removed = await purgeEntriesBefore(ctx.db, ctx.now() - days * DAY_MS);
    // A contact trace is kept no longer than the entries it was made from.
    const traces = await purgeTracesBefore(ctx.db, ctx.now() - days * DAY_MS);
    return removed > 0 || traces > 0 ? { removed, traces, keepDays: days } : null;
  });
}
