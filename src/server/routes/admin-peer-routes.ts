/** Recognised authorities and relayed peers (admin API, read): what the console's trust page shows of them. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { serveRoute } from '../http/serve-route.ts';
import { adminPeers } from '../peers/peer-view.ts';
import { publishedBundle } from '../trust/trust-store.ts';

export async function adminPeerRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/peers', async () => adminPeers(await publishedBundle(ctx.db), await ctx.peers.rows(), ctx.now()));
}
