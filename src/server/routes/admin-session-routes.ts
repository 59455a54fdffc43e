/**
 * Signing in and out (admin API): POST login (throttled per address by @fastify/rate-limit),
 * POST logout, GET session (who is signed in, with the role's permissions). The cookie is
 * set with @fastify/cookie: httpOnly, SameSite=Strict, path /api/admin, and Secure exactly
 * when --public-url is https (never judged from the request's own headers).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { permissionsOf } from '../../core/roles.ts';
import type { ServerContext } from '../context.ts';
import { checkSignIn, FIRST_ACCOUNT } from '../admin/accounts.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { authenticateAdmin, currentAdmin, SESSION_COOKIE, SESSION_COOKIE_PATH, sessionToken } from '../admin/current-admin.ts';
import { createSession, endSession, sessionAccount } from '../admin/sessions.ts';
import { HttpError } from '../http/errors.ts';
import { cookieIsSecure } from '../http/public-origin.ts';
import { serveRoute } from '../http/serve-route.ts';

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: SESSION_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    // https public URL, or HTTPS as a trusted proxy reports it; never the Host header.
    secure: cookieIsSecure(request),
    maxAge: maxAgeSeconds,
  });
}

/** Registers login, logout and session (in a scope where @fastify/cookie and @fastify/rate-limit are registered). */
export async function adminSessionRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const { max, windowMs } = ctx.settings.loginAttempts;
  serveRoute(
    app,
    'POST /api/admin/login',
    async (request, reply) => {
      const now = ctx.now();
      const name = request.body.name?.trim() || FIRST_ACCOUNT;
      const account = await checkSignIn(ctx.db, name, request.body.password);
      if (!account) {
        request.log.warn({ ip: request.ip }, 'admin sign-in refused');
        throw new HttpError(401, 'wrong name or password');
      }
      const session = await ctx.db.transaction(async (tx) => {
        const opened = await createSession(tx, account.id, now, ctx.settings.sessionTtlMs);
        await recordAudit(tx, { accountId: account.id, name: account.name, client: request.ip }, 'session.sign_in', account.name, {}, now);
        return opened;
      });
      setSessionCookie(request, reply, session.token, Math.floor(ctx.settings.sessionTtlMs / 1000));
      return {
        signedIn: true as const,
        accountId: account.id,
        name: account.name,
        role: account.role,
        permissions: [...permissionsOf(account.role)],
        expiresAt: session.expiresMs,
      };
    },
    { config: { rateLimit: { max, timeWindow: windowMs } } },
  );

  serveRoute(app, 'POST /api/admin/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) {
      const account = await sessionAccount(ctx.db, token, ctx.now());
      await ctx.db.transaction(async (tx) => {
        await endSession(tx, token);
        if (account)
          await recordAudit(
            tx,
            { accountId: account.accountId, name: account.name, client: request.ip },
            'session.sign_out',
            account.name,
            {},
            ctx.now(),
          );
      });
    }
    setSessionCookie(request, reply, '', 0);
    return reply.code(204).send();
  });

  serveRoute(
    app,
    'GET /api/admin/session',
    async (request) => {
      const admin = currentAdmin(request);
      return {
        signedIn: true as const,
        accountId: admin.accountId,
        name: admin.name,
        role: admin.role,
        permissions: [...permissionsOf(admin.role)],
        expiresAt: admin.expiresMs,
      };
    },
    { onRequest: authenticateAdmin(ctx) },
  );
}
