/**
 * The holder API (src/core/api/holder.ts): apply, read one's application, renew its code.
 * Validation and serialisation come from the contract's TypeBox schemas; applications are
 * rate-limited per client address; the credential returned once at application is the
 * Bearer for the other two calls and is stored only as its SHA-256.
 */
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ApplicationCreated,
  ApplicationRequest,
  ApplicationView,
  CorrectionRequest,
  HOLDER_PATHS,
  HolderCorrection,
  HolderCorrectionList,
  HolderScanList,
  HolderStatus,
} from '../../core/api/holder.ts';
import { ErrorBody, Uuid } from '../../core/api/text.ts';
import type { ServerContext } from '../context.ts';
import { correctionsOfApplication, requestCorrection } from '../issuance/corrections.ts';
import { holderScans } from '../issuance/holder-scans.ts';
import { applicationFor, apply, holderStatusOf, holderView, renew } from '../issuance/issuance.ts';
import { HttpError } from '../http/errors.ts';

// Route patterns of the contract's paths (its functions encode the id, so ':id' cannot go through them).
const APPLICATION = `${HOLDER_PATHS.apply}/:id`;
const RENEW = `${HOLDER_PATHS.apply}/:id/renew`;
const STATUS = `${HOLDER_PATHS.apply}/:id/status`;
const CORRECTIONS = `${HOLDER_PATHS.apply}/:id/corrections`;
const SCANS = `${HOLDER_PATHS.apply}/:id/scans`;
const Params = Type.Object({ id: Uuid }, { additionalProperties: false });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const CORRECTION_LIMIT = { max: 10, timeWindow: 3600_000 };

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{32,128})$/.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * Registers POST /api/holder/applications, GET …/:id, POST …/:id/renew, GET …/:id/status,
 * POST and GET …/:id/corrections and GET …/:id/scans: each behind the application's credential,
 * so a holder reads their own status and scans and nobody else's.
 */
export async function holderRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (plain) => {
    await plain.register(rateLimit, { global: false });
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });

    scope.post(
      HOLDER_PATHS.apply,
      {
        bodyLimit: 8 * 1024,
        config: { rateLimit: { max: ctx.settings.holderApplyLimit.max, timeWindow: ctx.settings.holderApplyLimit.windowMs } },
        schema: { body: ApplicationRequest, response: { 201: ApplicationCreated, ...errors } },
      },
      async (request, reply) => {
        const { credential, view } = await apply(ctx, request.body);
        request.log.info({ applicationId: view.id, state: view.state }, 'holder application received');
        return reply.code(201).send({ credential, application: view });
      },
    );

    scope.get(APPLICATION, { schema: { params: Params, response: { 200: ApplicationView, ...errors } } }, async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return holderView(ctx, row);
    });

    scope.post(RENEW, { bodyLimit: 1024, schema: { params: Params, response: { 200: ApplicationView, ...errors } } }, async (request) =>
      renew(ctx, request.params.id, bearer(request)),
    );

    scope.get(STATUS, { schema: { params: Params, response: { 200: HolderStatus, ...errors } } }, async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      const status = await holderStatusOf(ctx, row);
      if (!status) throw new HttpError(409, `the application is ${row.state}; a status is shown once it is approved`);
      return status;
    });

    scope.post(
      CORRECTIONS,
      {
        bodyLimit: 4096,
        config: { rateLimit: CORRECTION_LIMIT },
        schema: { params: Params, body: CorrectionRequest, response: { 201: HolderCorrection, ...errors } },
      },
      async (request, reply) => {
        const row = await applicationFor(ctx, request.params.id, bearer(request));
        const created = await requestCorrection(ctx, row, request.body.text);
        request.log.info({ applicationId: row.id, correction: created.id }, 'correction requested');
        return reply.code(201).send(created);
      },
    );

    scope.get(CORRECTIONS, { schema: { params: Params, response: { 200: HolderCorrectionList, ...errors } } }, async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return { corrections: await correctionsOfApplication(ctx.db, row.id) };
    });

    scope.get(SCANS, { schema: { params: Params, response: { 200: HolderScanList, ...errors } } }, async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return { scans: await holderScans(ctx.db, row.id) };
    });
  });
}
