/**
 * GET /metrics: for a scraper holding the token (`--metrics-token`, Authorization: Bearer),
 * and for a client on this machine that did not come through a proxy. A
 * reverse proxy on the same machine connects from loopback too, so a request carrying any
 * forwarding header is never taken as local.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import type { ServerMetrics } from './metrics.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

function fromLoopback(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const loopback = /^(127\.|::1$|::ffff:127\.)/.test(address);
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => request.headers[h] !== undefined);
  return loopback && !forwarded;
}

function allowed(request: FastifyRequest, token: string | null): boolean {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  if (token !== null && match && timingSafeEqual(digest(match[1]!), digest(token))) return true;
  return fromLoopback(request);
}

export function installMetricsRoute(app: FastifyInstance, ctx: ServerContext, metrics: ServerMetrics, token: string | null): void {
  serveRoute(app, 'GET /metrics', async (request, reply) => {
    if (!allowed(request, token)) {
      if (token !== null) reply.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(
        token === null ? 403 : 401,
        token === null ? '/metrics answers only this machine (or start with --metrics-token)' : 'a metrics token is required',
      );
    }
    const text = await metrics.render(ctx.db, ctx.now());
    return reply.header('Content-Type', metrics.registry.contentType).header('Cache-Control', 'no-store').send(text);
  });
}
