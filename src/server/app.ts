/** Builds the Fastify server from a ready context (database open, keys loaded). */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerContext } from './context.ts';
import { installCors } from './http/cors.ts';
import { installErrorHandling } from './http/errors.ts';
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
    // 64 KiB by default; the routes that take more (entries, trust, status changes) say so.
    bodyLimit: 64 * 1024,
    // Finish in-flight requests on close; idle keep-alive sockets are closed at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: ctx.settings.trustProxy,
    ajv: {
      // Wrong types are errors, never quietly converted ("12" is not 12), and bodies are
      // checked as sent, not trimmed to fit.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  });
  installErrorHandling(app);
  installCors(app);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
  });
  if (options.closeDb !== false) app.addHook('onClose', async () => ctx.db.close());

  await publicRoutes(app, ctx);
  await deviceRoutes(app, ctx);
  await holderRoutes(app, ctx);
  await adminRoutes(app, ctx);
  await staticRoutes(app, ctx);
  scheduleEntryRetention(app, ctx);
  scheduleApplicationRetention(app, ctx);
  return app;
}
