/**
 * Cross-site request forgery guard for the admin API (cookie sessions): a state-changing
 * request (anything but GET, HEAD, OPTIONS) to /api/admin/* is accepted only
 *
 * - with a JSON body (`Content-Type: application/json`) when it has a body at all: an HTML
 *   form or a "simple" cross-site fetch can only send text/plain, urlencoded or multipart;
 * - from this server's own origin: `Origin`, when sent, must be one of public-origin.ts's
 *   ownOrigins, and `Sec-Fetch-Site`, when sent, must be `same-origin` (or `none`, a request
 *   the user started).
 *
 * A request with neither header passes: every browser sends Origin on a POST/PATCH/DELETE,
 * so only non-browser clients (curl, scripts with the cookie) lack both, and those are not
 * a cross-site threat. SameSite=Strict on the cookie stays as a second line.
 * Registered on the app, so every admin route (whoever writes it) gets it.
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';
import { ownOrigins } from './public-origin.ts';
import { isAdminPath, routePath } from './route-path.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(?:;|$)/i.test(contentType.trim());
}

/** Adds the guard as an onRequest hook (before any body is read). */
export function installCrossSiteGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !isAdminPath(routePath(request))) return;
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new HttpError(403, `cross-site admin request refused (Sec-Fetch-Site: ${site})`);
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins(request).includes(origin))
      throw new HttpError(403, "admin changes are accepted only from this server's own pages (Origin does not match)");
    if (hasBody(request.headers) && !isJson(request.headers['content-type']))
      throw new HttpError(415, 'admin changes must be sent as application/json');
  });
}
