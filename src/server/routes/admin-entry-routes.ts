/**
 * The console's view of the entries (behind the admin sign-in, registered in its scope):
 * a filtered, paginated list as JSON, the same filter as a CSV download, and statistics.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parseEntryQuery, parseStatsQuery, type EntriesPage, type Stats } from '../../core/admin-protocol.ts';
import type { ServerContext } from '../context.ts';
import { entriesCsv, listEntries } from '../entries/entry-query.ts';
import { entryStats } from '../entries/entry-stats.ts';
import { HttpError } from '../http/errors.ts';

/** Registers GET /api/admin/entries, /api/admin/entries.csv and /api/admin/stats on the signed-in scope. */
export async function adminEntryRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get('/api/admin/entries', async (request): Promise<EntriesPage> => {
    const parsed = parseEntryQuery(request.query as Record<string, unknown>);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const { filter, limit, cursor } = parsed.value;
    return listEntries(ctx.db, filter, limit, cursor);
  });

  scope.get('/api/admin/entries.csv', async (request, reply) => {
    const parsed = parseEntryQuery(request.query as Record<string, unknown>);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    if (parsed.value.cursor) throw new HttpError(400, 'the CSV export has no pages; leave out cursor');
    const stamp = new Date(ctx.now()).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="gatecheck-entries-${stamp}.csv"`)
      .send(Readable.from(entriesCsv(ctx.db, parsed.value.filter)));
  });

  scope.get('/api/admin/stats', async (request): Promise<Stats> => {
    const now = ctx.now();
    const parsed = parseStatsQuery(request.query as Record<string, unknown>, now);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    return entryStats(ctx.db, parsed.value, now);
  });
}
