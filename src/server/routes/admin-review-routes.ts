/**
 * The review API (src/core/api/review.ts): the queue of applications, approve with a colour,
 * reject or revoke with a reason, the authority's rules and code validity, and printed paper
 * codes. Registered inside the admin scope (a signed-in session); the route table says which
 * permission each route needs (`review`, `operate` for a paper code) and serve-route.ts checks
 * it with requirePermission. Every decision is recorded with the reviewer's account id, and
 * every change (decisions, paper codes, the rules) is a console audit row in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { getApplication, listApplications } from '../issuance/application-store.ts';
import { currentReviewer } from '../issuance/current-reviewer.ts';
import { issuanceSettings, updateIssuanceSettings } from '../issuance/issuance-settings.ts';
import { approve, changeColour, paperCode, reject, reviewView, revoke } from '../issuance/issuance.ts';

/** Registers /api/admin/review/*. */
export async function adminReviewRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/review/applications', async (request) => {
    const state = request.query.state ?? 'pending';
    const { rows, total } = await listApplications(ctx.db, state, Number(request.query.limit ?? 50));
    return { applications: await Promise.all(rows.map((row) => reviewView(ctx, row))), total };
  });

  serveRoute(app, 'GET /api/admin/review/applications/:id', async (request) => {
    const row = await getApplication(ctx.db, request.params.id);
    if (!row) throw new HttpError(404, 'no such application');
    return reviewView(ctx, row);
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/approve', async (request) => {
    const reviewer = currentReviewer(request);
    const decided = await approve(ctx, request.params.id, request.body.colour, reviewer);
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

  serveRoute(app, 'POST /api/admin/review/applications/:id/status', async (request) => {
    const reviewer = currentReviewer(request);
    const changed = await changeColour(ctx, request.params.id, request.body.colour, reviewer);
    request.log.info({ applicationId: changed.id, colour: request.body.colour, reviewer: reviewer.id }, 'application colour changed');
    return changed;
  });

  serveRoute(app, 'POST /api/admin/review/applications/:id/paper-code', async (request, reply) => {
    const reviewer = currentReviewer(request);
    const code = await paperCode(ctx, request.params.id, reviewer);
    request.log.info({ applicationId: request.params.id, cid: code.cid, reviewer: reviewer.id }, 'paper code issued');
    return reply.code(201).send(code);
  });

  serveRoute(app, 'GET /api/admin/review/settings', async () => issuanceSettings(ctx.db));

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
      ];
      const detail = { changed, rules: after.rules, validityDays: after.validityDays };
      await recordAudit(tx, reviewer.actor, 'review.settings', 'review settings', detail, now);
      return after;
    });
    request.log.info({ rules: settings.rules, validityDays: settings.validityDays, reviewer: reviewer.id }, 'review rules changed');
    return settings;
  });
}
