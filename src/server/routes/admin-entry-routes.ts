/**
 * Entries (admin API, read): a filtered, paginated list as JSON and the same filter as a CSV
 * download. The query's meaning is core's parseEntryQuery (shared with the console); the
 * schema bounds the raw strings and the reply is serialised by schema.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parseEntryQuery, type EntriesPage } from '../../core/admin-protocol.ts';
import type { ServerContext } from '../context.ts';
import { entriesCsv, listEntries } from '../entries/entry-query.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

export async function adminEntryRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/entries', async (request): Promise<EntriesPage> => {
    const parsed = parseEntryQuery(request.query);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const { filter, limit, cursor } = parsed.value;
    return listEntries(ctx.db, filter, limit, cursor);
  });

  serveRoute(app, 'GET /api/admin/entries.csv', async (request, reply) => {
    const parsed = parseEntryQuery(request.query);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    if (parsed.value.cursor) throw new HttpError(400, 'the CSV export has no pages; leave out cursor');
    const stamp = new Date(ctx.now()).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="gatecheck-entries-${stamp}.csv"`)
      .send(Readable.from(entriesCsv(ctx.db, parsed.value.filter)));
  });
}
