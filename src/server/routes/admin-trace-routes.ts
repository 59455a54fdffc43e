/**
 * Contact tracing (src/core/api/traces.ts): role `tracer` or admin (permission `trace`).
 * POST /api/admin/traces runs a trace; GET …/:id reads a stored one; POST …/:id/proposal
 * proposes a status for its contacts, which takes effect through the second-reviewer rule
 * as one signed delta: a tracer's proposal waits for a reviewer (202); a reviewer's takes
 * effect at once (200, state confirmed) unless the rule holds it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { can, needsSecondReviewer } from '../../core/index.ts';
import { ProposalPending } from '../../core/api/review.ts';
import { ErrorBody } from '../../core/api/text.ts';
import { TRACE_PATHS, TraceParams, TraceProposalRequest, TraceRequest, TraceResult } from '../../core/api/traces.ts';
import type { ServerContext } from '../context.ts';
import { auditActor, currentAdmin, requirePermission } from '../admin/current-admin.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { HttpError } from '../http/errors.ts';
import { answerChangedInTx } from '../issuance/corrections.ts';
import { issuanceSettings } from '../issuance/issuance-settings.ts';
import { confirmProposal, propose } from '../issuance/status-proposals.ts';
import { runTrace, storedTrace, traceChanges } from '../tracing/trace.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export async function adminTraceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const trace = requirePermission('trace');

  r.post(
    TRACE_PATHS.traces,
    { bodyLimit: 4096, preValidation: trace, schema: { body: TraceRequest, response: { 200: TraceResult, ...errors } } },
    async (request) => {
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
    },
  );

  r.get(
    `${TRACE_PATHS.traces}/:id`,
    { preValidation: trace, schema: { params: TraceParams, response: { 200: TraceResult, ...errors } } },
    async (request) => storedTrace(ctx.db, request.params.id.toLowerCase()),
  );

  r.post(
    `${TRACE_PATHS.traces}/:id/proposal`,
    {
      bodyLimit: 4 * 1024 * 1024,
      preValidation: trace,
      schema: { params: TraceParams, body: TraceProposalRequest, response: { 200: ProposalPending, 202: ProposalPending, ...errors } },
    },
    async (request, reply) => {
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
    },
  );
}
