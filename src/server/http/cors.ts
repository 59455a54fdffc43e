/**
 * CORS for the public and device API, so a scanner app served from another origin (a CDN,
 * vite preview in tests) can sync with this server. Safe with `*`: these routes use no
 * cookies (devices send a Bearer credential) and the trust data is public. The admin API
 * (cookie sessions) gets no CORS at all.
 */
import type { FastifyInstance } from 'fastify';

const ALLOWED = /^\/(?:api\/(?!admin(?:\/|$))|healthz$|config\.json$)/;

/** Adds the CORS headers and answers preflight requests for the device and public API. */
export function installCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.headers.origin || !ALLOWED.test(request.url)) return;
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
