/**
 * Retention of application data: an application (full name, ID number, declaration) is
 * deleted with its codes and decisions a set number of days (ServerSettings
 * .applicationRetentionDays, default 30; `gatecheck serve --keep-applications-days N`) after
 * its last code expires; an application that never got a code, after it was rejected, or
 * after it was submitted when nobody decided it. At start, then hourly. Entries are never
 * touched: they hold the code's cid only and are governed by --keep-entries-days.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { scheduleHourly } from '../jobs/hourly.ts';
import type { Queryable } from '../db/db.ts';

const DAY_MS = 24 * 3600_000;

/** Deletes every application whose data is due (its end before `cutoffMs`); returns how many. */
export async function purgeApplicationsBefore(db: Queryable, cutoffMs: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `WITH due AS (
       SELECT a.id FROM holder_applications a
       LEFT JOIN (SELECT application_id, max(exp) AS last_exp FROM issued_codes GROUP BY application_id) c ON c.application_id = a.id
       WHERE CASE WHEN c.last_exp IS NOT NULL THEN c.last_exp * 1000 ELSE coalesce(a.decided_ms, a.submitted_ms) END < $1
     ), gone AS (DELETE FROM holder_applications WHERE id IN (SELECT id FROM due) RETURNING 1)
     SELECT count(*)::bigint AS n FROM gone`,
    [cutoffMs],
  );
  return Number(row?.n ?? 0);
}

/** Runs the purge when the server is ready and every hour while it runs; stops on close. */
export function scheduleApplicationRetention(app: FastifyInstance, ctx: ServerContext): void {
  const days = ctx.settings.applicationRetentionDays;
  scheduleHourly(app, 'application retention', 'deleted application data', async () => {
    const removed = await purgeApplicationsBefore(ctx.db, ctx.now() - days * DAY_MS);
    return removed > 0 ? { removed, keepDays: days } : null;
  });
}
