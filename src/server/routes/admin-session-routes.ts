/**
 * Signing in and out (admin API): POST login (throttled per address by @fastify/rate-limit),
 * POST logout, GET session (who is signed in, with the role's permissions). The cookie is
 * set with @fastify/cookie: httpOnly, SameSite=Strict, path /api/admin, and Secure exactly
 * when --public-url is https (never judged from the request's own headers).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { permissionsOf } from '../../core/roles.ts';
import { LoginRequest, SessionInfo } from '../../core/api/admin-accounts.ts';
import { ADMIN_PATHS } from '../../core/api/admin-paths.ts';
import type { ServerContext } from '../context.ts';
import { checkSignIn, FIRST_ACCOUNT } from '../admin/accounts.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { authenticateAdmin, currentAdmin, SESSION_COOKIE, SESSION_COOKIE_PATH, sessionToken } from '../admin/current-admin.ts';
import { createSession, endSession, sessionAccount } from '../admin/sessions.ts';
import { HttpError } from '../http/errors.ts';
import { cookieIsSecure } from '../http/public-origin.ts';

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
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    ADMIN_PATHS.login,
    {
      bodyLimit: 4096,
      config: { rateLimit: { max: ctx.settings.loginAttempts.max, timeWindow: ctx.settings.loginAttempts.windowMs } },
      schema: { body: LoginRequest, response: { 200: SessionInfo } },
    },
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
      reply.header('Cache-Control', 'no-store');
      return {
        signedIn: true as const,
        accountId: account.id,
        name: account.name,
        role: account.role,
        permissions: [...permissionsOf(account.role)],
        expiresAt: session.expiresMs,
      };
    },
  );

  r.post(ADMIN_PATHS.logout, async (request, reply) => {
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

  r.get(ADMIN_PATHS.session, { onRequest: authenticateAdmin(ctx), schema: { response: { 200: SessionInfo } } }, async (request) => {
    const admin = currentAdmin(request);
    return {
      signedIn: true as const,
      accountId: admin.accountId,
      name: admin.name,
      role: admin.role,
      permissions: [...permissionsOf(admin.role)],
      expiresAt: admin.expiresMs,
    };
  });
}
