/**
 * Contact tracing (src/core/api/traces.ts): role `tracer` or admin (permission `trace`, the
 * route table's access). POST /api/admin/traces runs a trace; GET …/:id reads a stored one;
 * POST …/:id/proposal proposes a status for its contacts, which takes effect through the
 * second-reviewer rule as one signed delta: a tracer's proposal waits for a reviewer (202);
 * a reviewer's takes effect at once (200, state confirmed) unless the rule holds it.
 */
import type { FastifyInstance } from 'fastify';
import { can, needsSecondReviewer } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { auditActor, currentAdmin } from '../admin/current-admin.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { answerChangedInTx } from '../issuance/corrections.ts';
import { issuanceSettings } from '../issuance/issuance-settings.ts';
import { confirmProposal, propose } from '../issuance/status-proposals.ts';
import { runTrace, storedTrace, traceChanges } from '../tracing/trace.ts';

export async function adminTraceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'POST /api/admin/traces', async (request) => {
    const result = await runTrace(
      ctx,
      {
        cid: request.body.cid,
        days: request.body.days ?? 14,
        windowMinutes: request.body.windowMinutes ?? 15,
        reason: request.body.reason,
      },
      auditActor(request),
    );
    request.log.info({ traceId: result.traceId, contacts: result.contacts.length }, 'contact trace run');
    return result;
  });

  serveRoute(app, 'GET /api/admin/traces/:id', async (request) => storedTrace(ctx.db, request.params.id.toLowerCase()));

  serveRoute(app, 'POST /api/admin/traces/:id/proposal', async (request, reply) => {
    const admin = currentAdmin(request);
    const actor = auditActor(request);
    const id = request.params.id.toLowerCase();
    const changes = traceChanges(await storedTrace(ctx.db, id), request.body);
    if (changes.length === 0) throw new HttpError(400, 'this trace found no contacts to propose a status for');
    const proposer = { id: admin.accountId, role: admin.role, actor };
    const proposal = await propose(ctx, { kind: 'trace', changes, source: 'trace', traceId: id }, changes.length, proposer);
    await ctx.db.transaction((tx) =>
      recordAudit(tx, actor, 'trace.propose', id, { proposal: proposal.id, persons: changes.length, colour: proposal.colour }, ctx.now()),
    );
    const { secondReviewer } = await issuanceSettings(ctx.db);
    const held = needsSecondReviewer(secondReviewer, { toRed: proposal.toRed, persons: changes.length });
    // Colours are a reviewer's decision: a tracer's proposal always waits for one.
    if (held || !can(admin.role, 'review')) return reply.code(202).send({ proposal });
    const confirmed = await confirmProposal(ctx, proposal.id, proposer, async () => {}, answerChangedInTx(ctx, admin.accountId), true);
    return { proposal: confirmed };
  });
}
