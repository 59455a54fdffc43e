/** Every error leaves the server as {error} with a 4xx or 5xx status; internals are logged, not sent. */
import type { FastifyError, FastifyInstance } from 'fastify';

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

/** The body field a schema refusal is about ("declaration.contact"), from Ajv's first error. */
function fieldOf(issue: { instancePath?: string; params?: Record<string, unknown> } | undefined): string | null {
  if (!issue) return null;
  const path = (issue.instancePath ?? '').split('/').filter(Boolean);
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof missing === 'string') path.push(missing);
  return path.length > 0 ? path.join('.') : null;
}

/** Installs the error and not-found handlers that keep every reply in the {error} shape. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message, ...error.extra });
    const status = error.statusCode ?? 500;
    if (error.validation) {
      const field = fieldOf(error.validation[0]);
      return reply.code(400).send({ error: `invalid request: ${error.message}`, ...(field ? { field } : {}) });
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: error.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` }));
}
