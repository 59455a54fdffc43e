/** Builds the Fastify server from a ready context (database open, keys loaded). */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerContext } from './context.ts';
import { StorageHealth } from './db/storage-health.ts';
import { installCors } from './http/cors.ts';
import { installCrossSiteGuard } from './http/cross-site-guard.ts';
import { installErrorHandling } from './http/errors.ts';
import { installPublicOrigin } from './http/public-origin.ts';
import { lazySchemaController } from './http/lazy-compilers.ts';
import { installRouteTable } from './http/route-table.ts';
import { timeoutOptions } from './http/timeouts.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { deviceRoutes } from './routes/device-routes.ts';
import { holderRoutes } from './routes/holder-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { staticRoutes } from './routes/static-routes.ts';
import { scheduleEntryRetention } from './entries/retention.ts';
import { scheduleApplicationRetention } from './issuance/application-retention.ts';

export interface AppOptions {
  /** Fastify's pino logger options; false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Close the database when the app closes (the default; tests sharing a database say false). */
  closeDb?: boolean;
}

/** The whole HTTP surface: app, config, sync API, admin API, demo page, health. */
export async function buildApp(ctx: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request would bury the start-up banner; observe/request-observer.ts logs each
    // request at `debug` and a summary a minute at `info` instead.
    logController: new LogController({ disableRequestLogging: true }),
    // 64 KiB by default; the routes that take more (entries, trust, status changes) say so.
    bodyLimit: 64 * 1024,
    // Finish in-flight requests on close; idle keep-alive sockets are closed at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Slow clients: header, request, keep-alive and idle limits (http/timeouts.ts).
    ...timeoutOptions(ctx.settings.timeouts),
    // X-Forwarded-* only from a reverse proxy the operator declared (--trust-proxy).
    trustProxy: ctx.settings.trustProxy === true,
    ajv: {
      // Wrong types are errors, never quietly converted ("12" is not 12), and bodies are
      // checked as sent, not trimmed to fit.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
    // Each route's validator and serializer compiled on its first request (http/lazy-compilers.ts).
    schemaController: lazySchemaController(),
  });
  installRouteTable(app);
  const health = new StorageHealth(ctx.db, ctx.now, ctx.settings.pgliteDir ?? null);
  installErrorHandling(app, (failure) => health.recordFailure(failure));
  installPublicOrigin(app, ctx.settings);
  installCors(app);
  installCrossSiteGuard(app);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
  });
  if (options.closeDb !== false) app.addHook('onClose', async () => ctx.db.close());

  await app.register(publicRoutes, { ctx, health });
  await app.register(deviceRoutes, { ctx });
  await holderRoutes(app, ctx);
  await adminRoutes(app, ctx);
  await staticRoutes(app, ctx);
  scheduleEntryRetention(app, ctx);
  scheduleApplicationRetention(app, ctx);
  return app;
}
