/**
 * The review API (src/core/api/review.ts): the queue of applications, approve with a colour,
 * reject or revoke with a reason, persons and their one status, the second reviewer's
 * proposals, holders' corrections, the authority's rules and code validity, and printed paper
 * codes. Registered inside the admin scope (a signed-in session); the route table says which
 * permission each route needs (`review`; `operate` for a paper code; `administer` for the
 * settings) and serve-route.ts checks it with requirePermission. Every decision is recorded
 * with the reviewer's account id, and every change (decisions, paper codes, the rules) is a
 * console audit row in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { answerChangedInTx, answerCorrection, listCorrections } from '../issuance/corrections.ts';
import { currentReviewer } from '../issuance/current-reviewer.ts';
import { issuanceSettings, updateIssuanceSettings } from '../issuance/issuance-settings.ts';
import { approve, changeColour, changePersonStatus, paperCode, reject, revoke } from '../issuance/issuance.ts';
import { personViewById, reviewOne, reviewPage } from '../issuance/review-views.ts';
import { confirmProposal, listProposals, rejectProposal } from '../issuance/status-proposals.ts';

/** Registers /api/admin/review/*. */
export async function adminReviewRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const nowSeconds = () => Math.floor(ctx.now() / 1000);

  serveRoute(app, 'GET /api/admin/review/applications', async (request) => {
    const state = request.query.state ?? 'pending';
    const page = await reviewPage(ctx.db, state, Number(request.query.limit ?? 50), request.query.after ?? null, nowSeconds());
    const [count] = await ctx.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM holder_applications WHERE state = $1', [state]);
    return { ...page, total: Number(count!.n) };
  });

  serveRoute(app, 'GET /api/admin/review/applications/:id', async (request) => {
    const view = await reviewOne(ctx.db, request.params.id, nowSeconds());
    if (!view) throw new HttpError(404, 'no such application');
    return view;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/approve', async (request, reply) => {
    const reviewer = currentReviewer(request);
    const decided = await approve(ctx, request.params.id, request.body, reviewer);
    if ('proposal' in decided) return reply.code(202).send(decided);
    request.log.info({ applicationId: decided.id, colour: request.body.colour, reviewer: reviewer.id }, 'application approved');
    return decided;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/reject', async (request) => {
    const reviewer = currentReviewer(request);
    const decided = await reject(ctx, request.params.id, request.body.reason, reviewer);
    request.log.info({ applicationId: decided.id, reviewer: reviewer.id }, 'application rejected');
    return decided;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/revoke', async (request) => {
    const reviewer = currentReviewer(request);
    const decided = await revoke(ctx, request.params.id, request.body.reason, reviewer);
    request.log.info({ applicationId: decided.id, reviewer: reviewer.id }, 'application revoked');
    return decided;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/status', async (request, reply) => {
    const reviewer = currentReviewer(request);
    const changed = await changeColour(ctx, request.params.id, request.body, reviewer);
    if ('proposal' in changed) return reply.code(202).send(changed);
    request.log.info({ applicationId: changed.id, colour: request.body.colour, reviewer: reviewer.id }, 'application colour changed');
    return changed;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/paper-code', async (request, reply) => {
    const reviewer = currentReviewer(request);
    const code = await paperCode(ctx, request.params.id, reviewer);
    request.log.info({ applicationId: request.params.id, cid: code.cid, reviewer: reviewer.id }, 'paper code issued');
    return reply.code(201).send(code);
  });

  serveRoute(app, 'GET /api/admin/review/persons/:id', async (request) => {
    const person = await personViewById(ctx.db, request.params.id, nowSeconds());
    if (!person) throw new HttpError(404, 'no such person');
    return person;
  });

  serveRoute(app, 'POST /api/admin/review/persons/:id/status', async (request, reply) => {
    const reviewer = currentReviewer(request);
    const body = request.body;
    const proposal = await changePersonStatus(
      ctx,
      request.params.id,
      {
        colour: body.colour,
        reason: body.reason,
        ...(body.until !== undefined ? { until: body.until } : {}),
        ...(body.reasonText ? { reasonText: body.reasonText } : {}),
      },
      reviewer,
    );
    if (proposal) return reply.code(202).send(proposal);
    request.log.info({ personId: request.params.id, colour: body.colour, reviewer: reviewer.id }, 'person status changed');
    return (await personViewById(ctx.db, request.params.id, nowSeconds()))!;
  });

  serveRoute(app, 'GET /api/admin/review/proposals', async (request) => ({
    proposals: await listProposals(ctx.db, request.query.state ?? 'pending'),
  }));

  serveRoute(app, 'POST /api/admin/review/proposals/:id/confirm', async (request) => {
    const reviewer = currentReviewer(request);
    const confirmed = await confirmProposal(
      ctx,
      request.params.id,
      reviewer,
      async (applicationId, colour, reason, reasonText) => {
        await approve(ctx, applicationId, { colour, reason, ...(reasonText ? { reasonText } : {}) }, reviewer, reviewer.id);
      },
      answerChangedInTx(ctx, reviewer.actor.accountId),
    );
    request.log.info({ proposal: confirmed.id, reviewer: reviewer.id }, 'status proposal confirmed');
    return confirmed;
  });

  serveRoute(app, 'POST /api/admin/review/proposals/:id/reject', async (request) =>
    rejectProposal(ctx, request.params.id, currentReviewer(request)),
  );

  serveRoute(app, 'GET /api/admin/review/corrections', async (request) =>
    listCorrections(ctx, request.query.state ?? 'open', Number(request.query.limit ?? 50)),
  );

  serveRoute(app, 'POST /api/admin/review/corrections/:id/answer', async (request, reply) => {
    const proposal = await answerCorrection(ctx, request.params.id, request.body, currentReviewer(request));
    if (proposal) return reply.code(202).send(proposal);
    return listCorrections(ctx, 'open', 50);
  });

  serveRoute(app, 'GET /api/admin/review/settings', async () => issuanceSettings(ctx.db));

  // The review rules and the second-reviewer rule are the authority's settings: the table gives them to `administer`.
  serveRoute(app, 'PATCH /api/admin/review/settings', async (request) => {
    const reviewer = currentReviewer(request);
    const now = ctx.now();
    const settings = await ctx.db.transaction(async (tx) => {
      const before = await issuanceSettings(tx);
      const after = await updateIssuanceSettings(tx, request.body, reviewer.id, now);
      const rules = Object.keys(after.rules) as (keyof typeof after.rules)[];
      const changed = [
        ...rules.filter((k) => after.rules[k] !== before.rules[k]),
        ...(after.validityDays !== before.validityDays ? ['validityDays'] : []),
        ...(JSON.stringify(after.secondReviewer) !== JSON.stringify(before.secondReviewer) ? ['secondReviewer'] : []),
      ];
      const detail = { changed, rules: after.rules, validityDays: after.validityDays, secondReviewer: after.secondReviewer };
      await recordAudit(tx, reviewer.actor, 'review.settings', 'review settings', detail, now);
      return after;
    });
    request.log.info({ rules: settings.rules, validityDays: settings.validityDays, reviewer: reviewer.id }, 'review rules changed');
    return settings;
  });
}
