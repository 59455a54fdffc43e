/**
 * Status changes (admin API): the latest change of a cid and the recent batches (read);
 * preview, publish and undo (operate). Every publish is one signed delta recorded as a batch
 * in the signed-in account's name (status/status-bulk.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CodeStatus, StatusChangeRequest } from '../../core/api/admin-status.ts';
import { can } from '../../core/roles.ts';
import type { ServerContext } from '../context.ts';
import { auditActor, currentAdmin } from '../admin/current-admin.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { listStatusBatches, previewStatusChanges, publishStatusChanges, undoStatusBatch, type BulkActor } from '../status/status-bulk.ts';
import { validateStatusChanges } from '../status/status-changes.ts';

export async function adminStatusRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Who publishes: a reviewer (or admin) may change reviewed persons; an operator may not.
  const bulkActor = (request: FastifyRequest): BulkActor => {
    const body = request.body as StatusChangeRequest;
    return {
      actor: auditActor(request),
      canReview: can(currentAdmin(request).role, 'review'),
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.reasonText ? { reasonText: body.reasonText } : {}),
    };
  };

  // The schema bounds the shape; core's check canonicalises each cid (padding bits included).
  const checked = (changes: unknown) => {
    const result = validateStatusChanges(changes);
    if (!result.ok) throw new HttpError(400, result.error, { field: 'changes' });
    return result.changes;
  };

  serveRoute(app, 'POST /api/admin/status/preview', async (request) =>
    previewStatusChanges(ctx.db, checked(request.body.changes), ctx.now(), bulkActor(request)),
  );

  serveRoute(app, 'POST /api/admin/status', async (request) => {
    const result = await publishStatusChanges(ctx, bulkActor(request), checked(request.body.changes), ctx.now());
    request.log.info(
      { from: result.from, to: result.to, changed: result.changed, refused: result.refused?.length ?? 0 },
      'status delta published',
    );
    return result;
  });

  serveRoute(app, 'POST /api/admin/status/batches/:id/undo', async (request) =>
    undoStatusBatch(ctx.db, ctx.status, auditActor(request), request.params.id.toLowerCase(), ctx.now()),
  );

  serveRoute(app, 'GET /api/admin/status/batches', async () => ({ batches: await listStatusBatches(ctx.db) }));

  serveRoute(app, 'GET /api/admin/status/:cid', async (request) => {
    const status = await ctx.status.statusOf(request.params.cid);
    if (!status) throw new HttpError(404, 'no status change was ever published for this cid');
    return status as CodeStatus;
  });
}
