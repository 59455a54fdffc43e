/**
 * The administrator's API under /api/admin: @fastify/cookie and @fastify/rate-limit in this
 * scope, sign-in routes, then one plugin per resource behind the session check (each route
 * names the permission it needs, core/roles.ts). Routes: the table in
 * src/core/api/routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { ServerContext } from '../context.ts';
import { authenticateAdmin } from '../admin/current-admin.ts';
import { clockedRateLimitStore } from '../admin/rate-limit-store.ts';
import { adminAccountRoutes } from './admin-account-routes.ts';
import { adminAuditRoutes } from './admin-audit-routes.ts';
import { adminCheckpointRoutes } from './admin-checkpoint-routes.ts';
import { adminCodeRoutes } from './admin-code-routes.ts';
import { adminDeviceRoutes } from './admin-device-routes.ts';
import { adminEntryRoutes } from './admin-entry-routes.ts';
import { adminReviewRoutes } from './admin-review-routes.ts';
import { adminSessionRoutes } from './admin-session-routes.ts';
import { adminStatsRoutes } from './admin-stats-routes.ts';
import { adminStatusRoutes } from './admin-status-routes.ts';
import { adminTraceRoutes } from './admin-trace-routes.ts';
import { adminTrustRoutes } from './admin-trust-routes.ts';
import { adminPeerRoutes } from './admin-peer-routes.ts';

/** Registers /api/admin/*. */
export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (admin) => {
    await admin.register(fastifyCookie);
    // Only routes that ask for it (sign-in) are limited; per client address, in memory.
    await admin.register(fastifyRateLimit, { global: false, store: clockedRateLimitStore(ctx.now) });
    await adminSessionRoutes(admin, ctx);

    await admin.register(async (signedIn) => {
      signedIn.addHook('onRequest', authenticateAdmin(ctx));
      for (const routes of [
        adminCheckpointRoutes,
        adminDeviceRoutes,
        adminStatusRoutes,
        adminCodeRoutes,
        adminTrustRoutes,
        adminPeerRoutes,
        adminEntryRoutes,
        adminStatsRoutes,
        adminAccountRoutes,
        adminAuditRoutes,
        adminReviewRoutes,
        adminTraceRoutes,
      ]) {
        await routes(signedIn, ctx);
      }
    });
  });
}
