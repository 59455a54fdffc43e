/** The audit log (admin API, `administer` only): pages newest first, and the whole log as CSV. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { auditCsv, listAudit } from '../admin/audit-log.ts';
import { serveRoute } from '../http/serve-route.ts';

export async function adminAuditRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/audit', async (request) => {
    const before = request.query.before === undefined ? null : Number(request.query.before);
    const limit = Math.min(200, Number(request.query.limit ?? 50));
    return listAudit(ctx.db, before, limit);
  });

  serveRoute(app, 'GET /api/admin/audit.csv', async (_request, reply) => {
    const stamp = new Date(ctx.now()).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="gatecheck-audit-${stamp}.csv"`)
      .send(Readable.from(auditCsv(ctx.db)));
  });
}
