/** The audit log (admin API, `administer` only): pages newest first, and the whole log as CSV. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '../../core/api/admin-accounts.ts';
import { ADMIN_PATHS } from '../../core/api/admin-paths.ts';
import type { ServerContext } from '../context.ts';
import { auditCsv, listAudit } from '../admin/audit-log.ts';
import { requirePermission } from '../admin/current-admin.ts';

export async function adminAuditRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const administer = requirePermission('administer');

  r.get(
    ADMIN_PATHS.audit,
    { preValidation: administer, schema: { querystring: AuditQuery, response: { 200: AuditPage } } },
    async (request) => {
      const before = request.query.before === undefined ? null : Number(request.query.before);
      const limit = Math.min(200, Number(request.query.limit ?? 50));
      return listAudit(ctx.db, before, limit);
    },
  );

  r.get(ADMIN_PATHS.auditCsv, { preValidation: administer }, async (_request, reply) => {
    const stamp = new Date(ctx.now()).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="gatecheck-audit-${stamp}.csv"`)
      .send(Readable.from(auditCsv(ctx.db)));
  });
}
