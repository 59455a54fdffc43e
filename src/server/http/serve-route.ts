/**
 * Registers a route of core's route table (src/core/api/routes.ts) with its handler: the
 * table's schemas validate the request and serialise the reply, every error reply has the
 * one error body, a console route checks its permission with `requirePermission` before the
 * body is validated, and a success gets the table's Cache-Control unless the handler set
 * one (an error is `no-store` unless the handler says otherwise). The handler's request and reply are typed from the table.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { RouteReply } from '../../core/api/api-client.ts';
import { CACHE_CONTROL, ErrorReply, ROUTES, type RouteKey, type Routes } from '../../core/api/routes.ts';
import { currentAdmin, requirePermission } from '../admin/current-admin.ts';

type Part<K extends RouteKey, F extends string> = Routes[K] extends { [P in F]: infer S extends TSchema } ? Static<S> : unknown;

/** The request of route K: its params, query and body as the table's schemas say. */
export type RouteRequest<K extends RouteKey> = FastifyRequest<{
  Params: Part<K, 'params'>;
  Querystring: Part<K, 'query'>;
  Body: Part<K, 'body'>;
}>;

export type RouteHandler<K extends RouteKey> = (
  request: RouteRequest<K>,
  reply: FastifyReply,
) => Promise<RouteReply<K> | FastifyReply | undefined>;

export interface ServeOptions {
  /** Route config (a rate limit). */
  config?: Record<string, unknown>;
  /** Hooks run first (authentication where the scope has none). */
  onRequest?: onRequestHookHandler;
}

/** Fastify response schemas: the JSON replies of the table and the error body for every 4xx/5xx. */
function responseSchemas(key: RouteKey): Record<string, TSchema> {
  const spec = ROUTES[key];
  const schemas: Record<string, TSchema> = { '4xx': ErrorReply, '5xx': ErrorReply };
  for (const [status, schema] of Object.entries(spec.reply)) {
    const text = 'produces' in spec && Number(status) < 300;
    if (status !== '204' && !text) schemas[status] = schema;
  }
  return schemas;
}

/** Registers route `key` of the table on `app` with `handler`. */
export function serveRoute<K extends RouteKey>(app: FastifyInstance, key: K, handler: RouteHandler<K>, options: ServeOptions = {}): void {
  const spec: Routes[RouteKey] = ROUTES[key];
  const space = key.indexOf(' ');
  const access = spec.access;
  const permitted =
    access === 'session'
      ? async (request: FastifyRequest) => {
          currentAdmin(request);
        }
      : access === 'public' || access === 'device' || access === 'holder'
        ? undefined
        : requirePermission(access);
  const caching = CACHE_CONTROL[spec.caching];
  app.route({
    method: key.slice(0, space) as 'GET',
    url: key.slice(space + 1),
    schema: {
      ...('params' in spec ? { params: spec.params } : {}),
      ...('query' in spec ? { querystring: spec.query } : {}),
      ...('body' in spec ? { body: spec.body } : {}),
      response: responseSchemas(key),
    },
    ...('bodyLimit' in spec ? { bodyLimit: spec.bodyLimit } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(permitted ? { preValidation: permitted } : {}),
    onSend: async (_request, reply, payload) => {
      if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', reply.statusCode >= 400 ? 'no-store' : caching);
      return payload;
    },
    handler: handler as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}
