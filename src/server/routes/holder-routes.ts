/**
 * The holder API (src/core/api/holder.ts): apply, read one's application, renew its code.
 * Validation and serialisation come from the contract's TypeBox schemas; applications are
 * rate-limited per client address; the credential returned once at application is the
 * Bearer for the other two calls and is stored only as its SHA-256.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { bearer } from '../http/bearer.ts';
import { serveRoute } from '../http/serve-route.ts';
import { applicationFor, apply, holderView, renew } from '../issuance/issuance.ts';

/** Registers POST /api/holder/applications, GET …/:id and POST …/:id/renew. */
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
  });
}
