/**
 * Statistics (admin API, read). The reply carries an ETag of its body, and a request whose
 * If-None-Match names it gets 304: the console polls while open (a wall screen) and pays
 * for a body only when a figure changed.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseStatsQuery } from '../../core/admin-protocol.ts';
import type { ServerContext } from '../context.ts';
import { entryStats } from '../entries/entry-stats.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

export async function adminStatsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/stats', async (request, reply) => {
    const now = ctx.now();
    const parsed = parseStatsQuery(request.query, now);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const stats = await entryStats(ctx.db, parsed.value, now);
    const etag = `"s${createHash('sha256').update(JSON.stringify(stats)).digest('base64url').slice(0, 22)}"`;
    reply.header('ETag', etag);
    // 304 carries no body, so it is outside the typed (200) reply.
    if (request.headers['if-none-match'] === etag) return (reply as FastifyReply).code(304).send();
    return stats;
  });
}
