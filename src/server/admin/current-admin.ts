/**
 * Who is signed in, for any admin route: `authenticateAdmin(ctx)` (an onRequest hook) reads
 * the session cookie once per request; `currentAdmin(request)` returns {accountId, name,
 * role}; `requirePermission(perm)` (a preHandler) answers 403 to a role without it; and
 * `auditFor(request)` names the actor of an audit row (recordAudit in audit-log.ts).
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, type Permission, type Role } from '../../core/roles.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { Actor } from './audit-log.ts';
import { sessionAccount } from './sessions.ts';

export const SESSION_COOKIE = 'gc_admin';
export const SESSION_COOKIE_PATH = '/api/admin';

/** The signed-in account of a request. */
export interface CurrentAdmin {
  accountId: string;
  name: string;
  role: Role;
  /** When the session ends (Unix ms). */
  expiresMs: number;
}

const signedIn = new WeakMap<FastifyRequest, CurrentAdmin>();

/** The session token the browser sent, if any (@fastify/cookie parses the header). */
export function sessionToken(request: FastifyRequest): string | null {
  const value = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
  return value ? value : null;
}

/** An onRequest hook: 401 unless the request carries a valid session of an enabled account. */
export function authenticateAdmin(ctx: ServerContext) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.header('Cache-Control', 'no-store');
    const token = sessionToken(request);
    const account = token ? await sessionAccount(ctx.db, token, ctx.now()) : null;
    if (!account) throw new HttpError(401, 'sign in first');
    signedIn.set(request, account);
  };
}

/** The signed-in account; throws 401 on a route that is not behind authenticateAdmin. */
export function currentAdmin(request: FastifyRequest): CurrentAdmin {
  const admin = signedIn.get(request);
  if (!admin) throw new HttpError(401, 'sign in first');
  return admin;
}

/** A hook (preValidation or preHandler) that refuses (403) a signed-in role without `permission`. */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async function permitted(request) {
    const admin = currentAdmin(request);
    if (!can(admin.role, permission))
      throw new HttpError(403, `the ${admin.role} role may not do this (needs ${permission})`, { permission });
  };
}

/** The actor of an audit row for this request: the signed-in account and the client's address. */
export function auditActor(request: FastifyRequest): Actor {
  const admin = currentAdmin(request);
  return { accountId: admin.accountId, name: admin.name, client: request.ip };
}
