/**
 * The one reader of `Authorization: Bearer …` (device and holder credentials): base64url,
 * 16 to 128 characters, as core's Token schema says. A malformed header is no credential.
 */
import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** The credential of a request, or null when it sent none or a malformed one. */
export function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? BEARER.exec(header) : null;
  return match ? match[1]! : null;
}
