/**
 * Public, unauthenticated reads: health, the deployment config, and the signed trust and
 * status documents. Trust data is public (it is signed); ETags make revalidation cheap
 * and let a CDN serve it. Shapes: src/core/api/sync.ts (validation and serialisation).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { b64uEncode } from '../../core/index.ts';
import {
  AppConfig,
  DeltasGone,
  DeltasQuery,
  DeltasResponse,
  Envelope,
  Health,
  SnapshotParams,
  StatusHead,
  SYNC_PATHS,
  SYNC_ROUTES,
  SyncErrorBody,
} from '../../core/api/sync.ts';
import type { ServerContext } from '../context.ts';
import type { StorageHealth } from '../db/storage-health.ts';
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

/** Sends stored JSON text as it was signed and stored (a string payload is not serialised again). */
function sendJsonText(request: FastifyRequest, reply: FastifyReply, body: string, etag: string, cacheControl: string): FastifyReply {
  reply.header('ETag', etag).header('Cache-Control', cacheControl);
  if (notModified(request, etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

const errors = { '4xx': SyncErrorBody };

/** /healthz, /config.json, /api/trust and /api/status/*, as a Fastify plugin. */
export const publicRoutes: FastifyPluginAsync<{ ctx: ServerContext; health: StorageHealth }> = async (plain, { ctx, health }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(SYNC_PATHS.health, { schema: { response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const database = ctx.db.kind;
    let check;
    try {
      await ctx.db.query('SELECT 1');
      check = await health.check();
    } catch (error) {
      check = { ok: false as const, error: `the database does not answer: ${(error as Error).message}` };
    }
    if (!check.ok) return reply.code(503).send({ ok: false, database, time: ctx.now(), error: check.error });
    return reply.send({ ok: true, database, time: ctx.now() });
  });

  app.get(SYNC_PATHS.config, { schema: { response: { 200: AppConfig } } }, async (_request, reply) => {
    return reply.header('Cache-Control', 'no-cache').send({ rootKey: b64uEncode(ctx.keys.rootPublicKey), apiBase: '' });
  });

  app.get(SYNC_PATHS.trust, { schema: { response: { 200: Envelope, ...errors } } }, async (request, reply) => {
    const trust = await currentTrust(ctx.db);
    if (!trust) return reply.code(404).header('Cache-Control', 'no-cache').send({ error: 'no trust bundle has been imported yet' });
    return sendJsonText(request, reply, trust.envelope, trust.etag, REVALIDATE);
  });

  app.get(SYNC_PATHS.statusHead, { schema: { response: { 200: StatusHead } } }, async (request, reply) => {
    const head = await ctx.status.head();
    const etag = `"h${head.seq}-${head.snapshot.to}-${head.snapshot.parts}-${head.issuedAt}"`;
    reply.header('ETag', etag).header('Cache-Control', REVALIDATE);
    if (notModified(request, etag)) return (reply as FastifyReply).code(304).send();
    return reply.send(head);
  });

  app.get(
    SYNC_ROUTES.snapshotPart,
    { schema: { params: SnapshotParams, response: { 200: Envelope, ...errors } } },
    async (request, reply) => {
      const to = Number(request.params.to);
      const part = Number(request.params.part);
      const envelope = await ctx.status.snapshotPart(to, part);
      if (envelope === null)
        return reply
          .code(404)
          .header('Cache-Control', 'no-cache')
          .send({ error: `no snapshot part ${part} of ${to}; fetch /api/status/head again` });
      return sendJsonText(request, reply, envelope, `"s${to}-${part}"`, IMMUTABLE);
    },
  );

  app.get(
    SYNC_ROUTES.deltas,
    { schema: { querystring: DeltasQuery, response: { 200: DeltasResponse, 410: DeltasGone, ...errors } } },
    async (request, reply) => {
      const from = Number(request.query.from);
      const result = await ctx.status.deltasFrom(from);
      if (result.kind === 'gone') {
        const body = { error: `deltas from ${from} are not available (${result.why}): fetch the snapshot`, snapshot: result.snapshot };
        return reply.code(410).header('Cache-Control', 'no-cache').send(body);
      }
      return sendJsonText(request, reply, result.body, `"d${from}-${result.head}"`, REVALIDATE);
    },
  );
};
