/**
 * Public, unauthenticated reads: health, the deployment config, and the signed trust and
 * status documents. Trust data is public (it is signed); ETags make revalidation cheap
 * and let a CDN serve it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { b64uEncode, type AppConfig, type DeltasGone } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { currentTrust } from '../trust/trust-store.ts';

// Revalidate every time (cheap with ETags); a shared cache may keep a copy for 10 s.
const REVALIDATE = 'public, no-cache, s-maxage=10';
// A snapshot part never changes once signed: any cache may keep it.
const IMMUTABLE = 'public, max-age=31536000, immutable';

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === etag || t === `W/${etag}` || t === '*';
  });
}

function sendJsonText(request: FastifyRequest, reply: FastifyReply, body: string, etag: string, cacheControl: string): FastifyReply {
  reply.header('ETag', etag).header('Cache-Control', cacheControl);
  if (notModified(request, etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

const seqParam = (value: unknown): number | null => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null);

/** Registers /healthz, /config.json, /api/trust and /api/status/*. */
export async function publicRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    await ctx.db.query('SELECT 1');
    return reply.header('Cache-Control', 'no-store').send({ ok: true, database: ctx.db.kind, time: ctx.now() });
  });

  app.get('/config.json', async (_request, reply) => {
    const config: AppConfig = { rootKey: b64uEncode(ctx.keys.rootPublicKey), apiBase: '' };
    return reply.header('Cache-Control', 'no-cache').send(config);
  });

  app.get('/api/trust', async (request, reply) => {
    const trust = await currentTrust(ctx.db);
    if (!trust) return reply.code(404).header('Cache-Control', 'no-cache').send({ error: 'no trust bundle has been imported yet' });
    return sendJsonText(request, reply, trust.envelope, trust.etag, REVALIDATE);
  });

  app.get('/api/status/head', async (request, reply) => {
    const head = await ctx.status.head();
    const etag = `"h${head.seq}-${head.snapshot.to}-${head.snapshot.parts}-${head.issuedAt}"`;
    return sendJsonText(request, reply, JSON.stringify(head), etag, REVALIDATE);
  });

  app.get<{ Params: { to: string; part: string } }>('/api/status/snapshot/:to/:part', async (request, reply) => {
    const to = seqParam(request.params.to);
    const part = seqParam(request.params.part);
    if (to === null || part === null) return reply.code(400).send({ error: 'to and part must be whole numbers' });
    const envelope = await ctx.status.snapshotPart(to, part);
    if (envelope === null) return reply.code(404).header('Cache-Control', 'no-cache').send({ error: `no snapshot part ${part} of ${to}; fetch /api/status/head again` });
    return sendJsonText(request, reply, envelope, `"s${to}-${part}"`, IMMUTABLE);
  });

  app.get<{ Querystring: { from?: string } }>('/api/status/deltas', async (request, reply) => {
    const from = seqParam(request.query.from);
    if (from === null) return reply.code(400).send({ error: 'from must be a whole number' });
    const result = await ctx.status.deltasFrom(from);
    if (result.kind === 'gone') {
      const body: DeltasGone = { error: `deltas from ${from} are not available (${result.why}): fetch the snapshot`, snapshot: result.snapshot };
      return reply.code(410).header('Cache-Control', 'no-cache').send(body);
    }
    return sendJsonText(request, reply, result.body, `"d${from}-${result.head}"`, REVALIDATE);
  });
}
