/**
 * Public, unauthenticated reads: health, the deployment config, and the signed trust and
 * status documents. Trust data is public (it is signed); ETags make revalidation cheap
 * and let a CDN serve it. Shapes: src/core/api/sync.ts (validation and serialisation).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { b64uEncode } from '../../core/index.ts';
import { openApiDocument } from '../../core/api/openapi.ts';
import type { ServerContext } from '../context.ts';
import type { StorageCheck, StorageHealth } from '../db/storage-health.ts';
import { SESSION_COOKIE } from '../admin/current-admin.ts';
import { serveRoute } from '../http/serve-route.ts';
import { missingSetup, requireKeys } from '../keys/server-setup.ts';
import { statusSource } from '../peers/status-source.ts';
import { currentTrust } from '../trust/trust-store.ts';

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === etag || t === `W/${etag}` || t === '*';
  });
}

/** Sends stored JSON text as it was signed and stored (a string payload is not serialised again). */
function sendJsonText(request: FastifyRequest, reply: FastifyReply, body: string, etag: string): FastifyReply {
  reply.header('ETag', etag);
  if (notModified(request, etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

/** /healthz, /config.json, /api/openapi.json, /api/trust and /api/status/*, as a Fastify plugin. */
export const publicRoutes: FastifyPluginAsync<{ ctx: ServerContext; health: StorageHealth }> = async (app, { ctx, health }) => {
  const document = JSON.stringify(openApiDocument('1', SESSION_COOKIE));

  serveRoute(app, 'GET /healthz', async (_request, reply) => {
    const database = ctx.db.kind;
    let check: StorageCheck;
    try {
      await ctx.db.query('SELECT 1');
      check = await health.check();
    } catch (error) {
      check = { ok: false, error: `the database does not answer: ${(error as Error).message}` };
    }
    if (!check.ok) return reply.code(503).send({ ok: false, database, time: ctx.now(), error: check.error });
    // Alive but not set up is still healthy (200): the operator reads what is missing here and in the start-up output.
    const missing = await missingSetup(ctx.db, ctx.keys);
    return { ok: true, database, time: ctx.now(), setUp: missing.length === 0, ...(missing.length > 0 ? { missing } : {}) };
  });

  serveRoute(app, 'GET /config.json', async () => ({ rootKey: b64uEncode(requireKeys(ctx).rootPublicKey), apiBase: '' }));

  serveRoute(app, 'GET /api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));

  serveRoute(app, 'GET /api/trust', async (request, reply) => {
    const trust = await currentTrust(ctx.db);
    if (!trust) return reply.code(404).send({ error: 'no trust bundle has been imported yet' });
    return sendJsonText(request, reply, trust.envelope, trust.etag);
  });

  // `?authority=ID` (GC1 1.1 §6): a recognised peer's chain as relayed here, envelopes as the
  // peer signed them; absent or the home authority's id, this server's own chain.
  serveRoute(app, 'GET /api/status/head', async (request, reply) => {
    const source = await statusSource(ctx, request.query.authority);
    if (source.kind === 'none') return reply.code(404).send({ error: source.why });
    const head = source.kind === 'home' ? await ctx.status.head() : source.head;
    // A relayed head changes with each successful pull too (confirmedAt): a cached one would date the peer's list too early.
    const chain = source.kind === 'home' ? 'h' : `p${source.authority}-${head.confirmedAt ?? 0}-`;
    const etag = `"${chain}${head.seq}-${head.snapshot.to}-${head.snapshot.parts}-${head.issuedAt}"`;
    reply.header('ETag', etag);
    if (notModified(request, etag)) return reply.code(304).send();
    return head;
  });

  serveRoute(app, 'GET /api/status/snapshot/:to/:part', async (request, reply) => {
    const to = Number(request.params.to);
    const part = Number(request.params.part);
    const source = await statusSource(ctx, request.query.authority);
    if (source.kind === 'none') return reply.code(404).send({ error: source.why });
    const envelope =
      source.kind === 'home' ? await ctx.status.snapshotPart(to, part) : await ctx.peers.snapshotPart(source.authority, to, part);
    if (envelope === null) return reply.code(404).send({ error: `no snapshot part ${part} of ${to}; fetch /api/status/head again` });
    return sendJsonText(request, reply, envelope, `"${source.kind === 'home' ? 's' : `ps${source.authority}-`}${to}-${part}"`);
  });

  serveRoute(app, 'GET /api/status/deltas', async (request, reply) => {
    const from = Number(request.query.from);
    const source = await statusSource(ctx, request.query.authority);
    if (source.kind === 'none') return reply.code(404).send({ error: source.why });
    // A peer's head was read once, by statusSource: the chain is served up to that head.
    const result =
      source.kind === 'home' ? await ctx.status.deltasFrom(from) : await ctx.peers.deltasFrom(source.authority, source.head, from);
    if (result.kind === 'gone') {
      const body = { error: `deltas from ${from} are not available (${result.why}): fetch the snapshot`, snapshot: result.snapshot };
      // A 410 is an answer the client acts on, not an error to forget: revalidate it like a success.
      return reply.code(410).header('Cache-Control', 'no-cache').send(body);
    }
    return sendJsonText(request, reply, result.body, `"${source.kind === 'home' ? 'd' : `pd${source.authority}-`}${from}-${result.head}"`);
  });
};
