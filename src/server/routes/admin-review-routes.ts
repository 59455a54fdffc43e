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
  CorrectionAnswer,
  CorrectionList,
  CorrectionListQuery,
  PaperCode,
  PersonParams,
  PersonStatusRequest,
  PersonView,
  ProposalList,
  ProposalListQuery,
  ProposalPending,
  StatusProposal,
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
import { answerChangedInTx, answerCorrection, listCorrections } from '../issuance/corrections.ts';
import { personViewById, reviewOne, reviewPage } from '../issuance/review-views.ts';
import { confirmProposal, listProposals, rejectProposal } from '../issuance/status-proposals.ts';
import { currentReviewer, type Reviewer, type ReviewerOf } from '../issuance/current-reviewer.ts';
import { issuanceSettings, updateIssuanceSettings } from '../issuance/issuance-settings.ts';
import { approve, changeColour, changePersonStatus, paperCode, reject, revoke } from '../issuance/issuance.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const BASE = REVIEW_PATHS.applications;
const PERSONS = '/api/admin/review/persons';
const PROPOSALS = REVIEW_PATHS.proposals;

/** Registers /api/admin/review/*; `reviewerOf` says who is acting (today: the administrator). */
export async function adminReviewRoutes(app: FastifyInstance, ctx: ServerContext, reviewerOf: ReviewerOf = currentReviewer): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    const nowSeconds = () => Math.floor(ctx.now() / 1000);

    async function actor(request: FastifyRequest, permission: Permission): Promise<Reviewer> {
      const reviewer = await reviewerOf(request);
      if (!reviewer) throw new HttpError(401, 'sign in first');
      if (!can(reviewer.role, permission))
        throw new HttpError(
          403,
          `your role (${reviewer.role}) cannot ${permission === 'review' ? "review applications or change a person's status" : 'print paper codes'}`,
        );
      return reviewer;
    }

    scope.get(BASE, { schema: { querystring: ApplicationListQuery, response: { 200: ApplicationList, ...errors } } }, async (request) => {
      await actor(request, 'review');
      const state = request.query.state ?? 'pending';
      const page = await reviewPage(ctx.db, state, Number(request.query.limit ?? 50), request.query.after ?? null, nowSeconds());
      const [count] = await ctx.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM holder_applications WHERE state = $1', [state]);
      return { ...page, total: Number(count!.n) };
    });

    scope.get(
      `${BASE}/:id`,
      { schema: { params: ApplicationParams, response: { 200: ReviewApplication, ...errors } } },
      async (request) => {
        await actor(request, 'review');
        const view = await reviewOne(ctx.db, request.params.id, nowSeconds());
        if (!view) throw new HttpError(404, 'no such application');
        return view;
      },
    );

    scope.post(
      `${BASE}/:id/approve`,
      {
        bodyLimit: 1024,
        schema: { params: ApplicationParams, body: ApproveRequest, response: { 200: ReviewApplication, 202: ProposalPending, ...errors } },
      },
      async (request, reply) => {
        const reviewer = await actor(request, 'review');
        const decided = await approve(ctx, request.params.id, request.body, reviewer);
        if ('proposal' in decided) return reply.code(202).send(decided);
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
        schema: {
          params: ApplicationParams,
          body: ColourChangeRequest,
          response: { 200: ReviewApplication, 202: ProposalPending, ...errors },
        },
      },
      async (request, reply) => {
        const reviewer = await actor(request, 'review');
        const changed = await changeColour(ctx, request.params.id, request.body, reviewer);
        if ('proposal' in changed) return reply.code(202).send(changed);
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

    scope.get(`${PERSONS}/:id`, { schema: { params: PersonParams, response: { 200: PersonView, ...errors } } }, async (request) => {
      await actor(request, 'review');
      const person = await personViewById(ctx.db, request.params.id, nowSeconds());
      if (!person) throw new HttpError(404, 'no such person');
      return person;
    });

    scope.post(
      `${PERSONS}/:id/status`,
      {
        bodyLimit: 2048,
        schema: { params: PersonParams, body: PersonStatusRequest, response: { 200: PersonView, 202: ProposalPending, ...errors } },
      },
      async (request, reply) => {
        const reviewer = await actor(request, 'review');
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
      },
    );

    scope.get(
      REVIEW_PATHS.proposals,
      { schema: { querystring: ProposalListQuery, response: { 200: ProposalList, ...errors } } },
      async (request) => {
        await actor(request, 'review');
        return { proposals: await listProposals(ctx.db, request.query.state ?? 'pending') };
      },
    );

    scope.post(
      `${PROPOSALS}/:id/confirm`,
      { schema: { params: PersonParams, response: { 200: StatusProposal, ...errors } } },
      async (request) => {
        const reviewer = await actor(request, 'review');
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
      },
    );

    scope.post(
      `${PROPOSALS}/:id/reject`,
      { schema: { params: PersonParams, response: { 200: StatusProposal, ...errors } } },
      async (request) => rejectProposal(ctx, request.params.id, await actor(request, 'review')),
    );

    scope.get(
      REVIEW_PATHS.corrections,
      { schema: { querystring: CorrectionListQuery, response: { 200: CorrectionList, ...errors } } },
      async (request) => {
        await actor(request, 'review');
        return listCorrections(ctx, request.query.state ?? 'open', Number(request.query.limit ?? 50));
      },
    );

    scope.post(
      `${REVIEW_PATHS.corrections}/:id/answer`,
      {
        bodyLimit: 4096,
        schema: { params: PersonParams, body: CorrectionAnswer, response: { 200: CorrectionList, 202: ProposalPending, ...errors } },
      },
      async (request, reply) => {
        const reviewer = await actor(request, 'review');
        const proposal = await answerCorrection(ctx, request.params.id, request.body, reviewer);
        if (proposal) return reply.code(202).send(proposal);
        return listCorrections(ctx, 'open', 50);
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
        // The review rules and the second-reviewer rule are the authority's settings: an admin's.
        const reviewer = await actor(request, 'review');
        if (!can(reviewer.role, 'administer')) throw new HttpError(403, 'only an admin changes the review settings');
        const now = ctx.now();
        const settings = await ctx.db.transaction(async (tx) => {
          const before = await issuanceSettings(tx);
          const after = await updateIssuanceSettings(tx, request.body, reviewer.id, now);
          const changed = [
            ...Object.keys(after.rules).filter(
              (k) => after.rules[k as keyof typeof after.rules] !== before.rules[k as keyof typeof before.rules],
            ),
            ...(after.validityDays !== before.validityDays ? ['validityDays'] : []),
            ...(JSON.stringify(after.secondReviewer) !== JSON.stringify(before.secondReviewer) ? ['secondReviewer'] : []),
          ];
          await recordAudit(
            tx,
            reviewer.actor,
            'review.settings',
            'review settings',
            { changed, rules: after.rules, validityDays: after.validityDays, secondReviewer: after.secondReviewer },
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
