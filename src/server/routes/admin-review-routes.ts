/**
 * The review API (src/core/api/review.ts): the queue of applications, approve with a colour,
 * reject or revoke with a reason, the authority's rules and code validity, and printed paper
 * codes. Registered inside the admin scope (a signed-in session); each route then checks the
 * acting reviewer's role with core's `can`: `review` for application data and decisions,
 * `operate` for a paper code. Every decision is recorded with the reviewer's identity, and
 * every change (decisions, paper codes, the rules) is a console audit row in its transaction.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Permission } from '../../core/index.ts';
import {
  ApplicationList,
  ApplicationListQuery,
  ApplicationParams,
  ApproveRequest,
  ColourChangeRequest,
  PaperCode,
  ReasonRequest,
  REVIEW_PATHS,
  ReviewApplication,
  ReviewSettings,
  ReviewSettingsUpdate,
} from '../../core/api/review.ts';
import { ErrorBody } from '../../core/api/text.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { HttpError } from '../http/errors.ts';
import { getApplication, listApplications } from '../issuance/application-store.ts';
import { currentReviewer, type Reviewer, type ReviewerOf } from '../issuance/current-reviewer.ts';
import { issuanceSettings, updateIssuanceSettings } from '../issuance/issuance-settings.ts';
import { approve, changeColour, paperCode, reject, reviewView, revoke } from '../issuance/issuance.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const BASE = REVIEW_PATHS.applications;

/** Registers /api/admin/review/*; `reviewerOf` says who is acting (today: the administrator). */
export async function adminReviewRoutes(app: FastifyInstance, ctx: ServerContext, reviewerOf: ReviewerOf = currentReviewer): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    async function actor(request: FastifyRequest, permission: Permission): Promise<Reviewer> {
      const reviewer = await reviewerOf(request);
      if (!reviewer) throw new HttpError(401, 'sign in first');
      if (!can(reviewer.role, permission))
        throw new HttpError(
          403,
          `your role (${reviewer.role}) cannot ${permission === 'review' ? 'review applications' : 'print paper codes'}`,
        );
      return reviewer;
    }

    scope.get(BASE, { schema: { querystring: ApplicationListQuery, response: { 200: ApplicationList, ...errors } } }, async (request) => {
      await actor(request, 'review');
      const state = request.query.state ?? 'pending';
      const { rows, total } = await listApplications(ctx.db, state, Number(request.query.limit ?? 50));
      return { applications: await Promise.all(rows.map((row) => reviewView(ctx, row))), total, next: null };
    });

    scope.get(
      `${BASE}/:id`,
      { schema: { params: ApplicationParams, response: { 200: ReviewApplication, ...errors } } },
      async (request) => {
        await actor(request, 'review');
        const row = await getApplication(ctx.db, request.params.id);
        if (!row) throw new HttpError(404, 'no such application');
        return reviewView(ctx, row);
      },
    );

    scope.post(
      `${BASE}/:id/approve`,
      { bodyLimit: 1024, schema: { params: ApplicationParams, body: ApproveRequest, response: { 200: ReviewApplication, ...errors } } },
      async (request) => {
        const reviewer = await actor(request, 'review');
        const decided = await approve(ctx, request.params.id, request.body.colour, reviewer);
        request.log.info({ applicationId: decided.id, colour: request.body.colour, reviewer: reviewer.id }, 'application approved');
        return decided;
      },
    );

    scope.post(
      `${BASE}/:id/reject`,
      { bodyLimit: 4096, schema: { params: ApplicationParams, body: ReasonRequest, response: { 200: ReviewApplication, ...errors } } },
      async (request) => {
        const reviewer = await actor(request, 'review');
        const decided = await reject(ctx, request.params.id, request.body.reason, reviewer);
        request.log.info({ applicationId: decided.id, reviewer: reviewer.id }, 'application rejected');
        return decided;
      },
    );

    scope.post(
      `${BASE}/:id/revoke`,
      { bodyLimit: 4096, schema: { params: ApplicationParams, body: ReasonRequest, response: { 200: ReviewApplication, ...errors } } },
      async (request) => {
        const reviewer = await actor(request, 'review');
        const decided = await revoke(ctx, request.params.id, request.body.reason, reviewer);
        request.log.info({ applicationId: decided.id, reviewer: reviewer.id }, 'application revoked');
        return decided;
      },
    );

    scope.post(
      `${BASE}/:id/status`,
      {
        bodyLimit: 1024,
        schema: { params: ApplicationParams, body: ColourChangeRequest, response: { 200: ReviewApplication, ...errors } },
      },
      async (request) => {
        const reviewer = await actor(request, 'review');
        const changed = await changeColour(ctx, request.params.id, request.body.colour, reviewer);
        request.log.info({ applicationId: changed.id, colour: request.body.colour, reviewer: reviewer.id }, 'application colour changed');
        return changed;
      },
    );

    scope.post(
      `${BASE}/:id/paper-code`,
      { schema: { params: ApplicationParams, response: { 201: PaperCode, ...errors } } },
      async (request, reply) => {
        const reviewer = await actor(request, 'operate');
        const code = await paperCode(ctx, request.params.id, reviewer);
        request.log.info({ applicationId: request.params.id, cid: code.cid, reviewer: reviewer.id }, 'paper code issued');
        return reply.code(201).send(code);
      },
    );

    scope.get(REVIEW_PATHS.settings, { schema: { response: { 200: ReviewSettings, ...errors } } }, async (request) => {
      await actor(request, 'review');
      return issuanceSettings(ctx.db);
    });

    scope.patch(
      REVIEW_PATHS.settings,
      { bodyLimit: 4096, schema: { body: ReviewSettingsUpdate, response: { 200: ReviewSettings, ...errors } } },
      async (request) => {
        const reviewer = await actor(request, 'review');
        const now = ctx.now();
        const settings = await ctx.db.transaction(async (tx) => {
          const before = await issuanceSettings(tx);
          const after = await updateIssuanceSettings(tx, request.body, reviewer.id, now);
          const changed = [
            ...Object.keys(after.rules).filter(
              (k) => after.rules[k as keyof typeof after.rules] !== before.rules[k as keyof typeof before.rules],
            ),
            ...(after.validityDays !== before.validityDays ? ['validityDays'] : []),
          ];
          await recordAudit(
            tx,
            reviewer.actor,
            'review.settings',
            'review settings',
            { changed, rules: after.rules, validityDays: after.validityDays },
            now,
          );
          return after;
        });
        request.log.info({ rules: settings.rules, validityDays: settings.validityDays, reviewer: reviewer.id }, 'review rules changed');
        return settings;
      },
    );
  });
}
