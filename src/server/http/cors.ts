/**
 * CORS for the public and device API, so a scanner app served from another origin (a CDN,
 * vite preview in tests) can sync with this server. Safe with `*`: these routes use no
 * cookies (devices send a Bearer credential) and the trust data is public. The admin API
 * (cookie sessions) gets no CORS at all; the decision is made on the matched route's path
 * (route-path.ts), so no spelling of an admin URL slips through.
 */
import type { FastifyInstance } from 'fastify';
import { isAdminPath, routePath } from './route-path.ts';

const PUBLIC = /^\/(?:api\/|healthz$|config\.json$)/;

/** Adds the CORS headers and answers preflight requests for the device and public API. */
export function installCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.headers.origin) return;
    const path = routePath(request);
    if (path === null || isAdminPath(path) || !PUBLIC.test(path)) return;
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', 'ETag, Date, Retry-After');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .header('Access-Control-Allow-Methods', 'GET, POST')
        .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match')
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send();
    }
  });
}
