/**
 * The holder API (src/core/api/holder.ts): apply, read one's application, renew its code, read
 * one's status and scans, ask for corrections. The route table gives each its schemas;
 * applications and corrections are rate-limited per client address; the credential returned
 * once at application is the Bearer for the other calls and is stored only as its SHA-256.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { bearer } from '../http/bearer.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { correctionsOfApplication, requestCorrection } from '../issuance/corrections.ts';
import { holderScans } from '../issuance/holder-scans.ts';
import { applicationFor, apply, holderStatusOf, holderView, renew } from '../issuance/issuance.ts';

const CORRECTION_LIMIT = { max: 10, timeWindow: 3600_000 };

/**
 * Registers POST /api/holder/applications, GET …/:id, POST …/:id/renew, GET …/:id/status,
 * POST and GET …/:id/corrections and GET …/:id/scans: each behind the application's credential,
 * so a holder reads their own status and scans and nobody else's.
 */
export async function holderRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    const { max, windowMs } = ctx.settings.holderApplyLimit;

    serveRoute(
      scope,
      'POST /api/holder/applications',
      async (request, reply) => {
        const { credential, view } = await apply(ctx, request.body);
        request.log.info({ applicationId: view.id, state: view.state }, 'holder application received');
        return reply.code(201).send({ credential, application: view });
      },
      { config: { rateLimit: { max, timeWindow: windowMs } } },
    );

    serveRoute(scope, 'GET /api/holder/applications/:id', async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return holderView(ctx, row);
    });

    serveRoute(scope, 'POST /api/holder/applications/:id/renew', async (request) => renew(ctx, request.params.id, bearer(request)));

    serveRoute(scope, 'GET /api/holder/applications/:id/status', async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      const status = await holderStatusOf(ctx, row);
      if (!status) throw new HttpError(409, `the application is ${row.state}; a status is shown once it is approved`);
      return status;
    });

    serveRoute(
      scope,
      'POST /api/holder/applications/:id/corrections',
      async (request, reply) => {
        const row = await applicationFor(ctx, request.params.id, bearer(request));
        const created = await requestCorrection(ctx, row, request.body.text);
        request.log.info({ applicationId: row.id, correction: created.id }, 'correction requested');
        return reply.code(201).send(created);
      },
      { config: { rateLimit: CORRECTION_LIMIT } },
    );

    serveRoute(scope, 'GET /api/holder/applications/:id/corrections', async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return { corrections: await correctionsOfApplication(ctx.db, row.id) };
    });

    serveRoute(scope, 'GET /api/holder/applications/:id/scans', async (request) => {
      const row = await applicationFor(ctx, request.params.id, bearer(request));
      return { scans: await holderScans(ctx.db, row.id) };
    });
  });
}
