/**
 * Entry retention on the server: entries scanned longer ago than the configured number of
 * days are deleted, at start and then hourly. Off unless the operator sets it
 * (`gatecheck serve --keep-entries-days N`): statistics need history, and how long to keep
 * it is the authority's decision, not ours.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';

const DAY_MS = 24 * 3600_000;
const EVERY_MS = 3600_000;

/** Deletes entries scanned (device time) before `cutoffMs`; returns how many. */
export async function purgeEntriesBefore(db: Queryable, cutoffMs: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'WITH gone AS (DELETE FROM entries WHERE time_ms < $1 RETURNING 1) SELECT count(*)::bigint AS n FROM gone',
    [cutoffMs],
  );
  return Number(row?.n ?? 0);
}

/** Runs the purge when the server is ready and every hour while it runs; stops on close. */
export function scheduleEntryRetention(app: FastifyInstance, ctx: ServerContext): void {
  const days = ctx.settings.entryRetentionDays;
  if (!days) return;
  const purge = async () => {
    try {
      const removed = await purgeEntriesBefore(ctx.db, ctx.now() - days * DAY_MS);
      if (removed > 0) app.log.info({ removed, keepDays: days }, 'entry retention: deleted old entries');
    } catch (error) {
      app.log.error({ err: error }, 'entry retention: purge failed');
    }
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  app.addHook('onReady', async () => {
    await purge();
    timer = setInterval(() => void purge(), EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
