/**
 * The path a request is decided on: the matched route's pattern (what the router really
 * chose, so `/api/%61dmin/session` counts as the admin route it reaches), or, for a request
 * no route matched (a CORS preflight, a 404), its path percent-decoded the way the router
 * decodes it. Never the raw URL.
 */
import type { FastifyRequest } from 'fastify';

/** The route pattern, else the decoded path; null when the path does not decode. */
export function routePath(request: FastifyRequest): string | null {
  const matched = request.routeOptions.url;
  if (matched !== undefined) return matched;
  const raw = request.url.split('?')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** True for the admin API (cookie sessions), however its path was spelled. */
export function isAdminPath(path: string | null): boolean {
  // An undecodable path is treated as admin: it gets the stricter rules.
  return path === null || path === '/api/admin' || path.startsWith('/api/admin/') || path.startsWith('/api/admin.');
}
