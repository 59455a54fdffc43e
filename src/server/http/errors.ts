/** Every error leaves the server as {error} with a 4xx or 5xx status; internals are logged, not sent. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { routeUrl } from '../../core/api/api-client.ts';
import type { EntryProblem } from '../../core/api/sync-rules.ts';
import { describeStorageFailure } from '../db/db-error.ts';

/** An error a handler throws to answer with a status and a message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const ENTRIES_PATH = routeUrl('POST /api/entries');

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** The dotted field a schema error is about (`entries.3.override.at`), including a missing or unknown property. */
function fieldOf(error: SchemaError): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const named = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof named === 'string') path.push(named);
  return path.join('.');
}

/** POST /api/entries: a schema error inside entry N as the device's per-entry problem. */
function entryProblem(error: SchemaError): EntryProblem | null {
  const match = /^\/entries\/(\d+)(?:\/(.*))?$/.exec(error.instancePath);
  const field = fieldOf(error);
  const problem: EntryProblem['problem'] =
    error.keyword === 'required'
      ? 'missing'
      : error.keyword === 'additionalProperties'
        ? 'unknown_field'
        : error.keyword === 'type'
          ? 'wrong_type'
          : 'invalid';
  if (!match) return field.startsWith('entries') || field === '' ? { index: -1, field, problem } : null;
  return { index: Number(match[1]), field: field.split('.').slice(2).join('.'), problem };
}

/** Called with every storage failure (full disk, read-only database) a request ran into; /healthz reports them. */
export type StorageFailureListener = (description: string) => void;

/** Installs the error and not-found handlers that keep every reply in the {error} shape. */
export function installErrorHandling(app: FastifyInstance, onStorageFailure: StorageFailureListener = () => {}): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message, ...error.extra });
    if (error.validation) {
      const first = error.validation[0] as SchemaError | undefined;
      const body: { error: string; field?: string; problems?: EntryProblem[] } = { error: `invalid request: ${error.message}` };
      if (first) {
        // A body field is named as the client sent it ("declaration.contact"); a query or path
        // parameter with its place ("querystring.limit", "params.id").
        const context = error.validationContext ?? 'body';
        const path = fieldOf(first);
        body.field = context === 'body' ? path : `${context}${path ? `.${path}` : ''}`;
        if (body.field === '') delete body.field;
        const problem = error.validationContext === 'body' && request.routeOptions.url === ENTRIES_PATH ? entryProblem(first) : null;
        if (problem) body.problems = [problem];
      }
      return reply.code(400).send(body);
    }
    const storage = describeStorageFailure(error);
    if (storage !== null) {
      // A full disk or a database that refuses writes: the server's condition, not a bug in
      // the request. Logged, reported by /healthz, and answered 503 so clients retry later.
      request.log.error({ err: error }, 'storage failure');
      onStorageFailure(storage);
      return reply
        .code(503)
        .header('Retry-After', '60')
        .send({ error: `the server cannot store data right now: ${storage}` });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` }),
  );
}
