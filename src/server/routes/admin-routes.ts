/**
 * The administrator's API (behind sign-in): checkpoints, enrollment codes, devices, trust
 * bundle import, status changes and demo codes; entries and statistics in admin-entry-routes.ts.
 * The console (src/admin) calls these; the shapes are core's admin-protocol.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { b64uEncode, formatEnrollmentText, openTrustBundle, parsePolicy, DEFAULT_POLICY, type CheckpointPolicy, type Colour } from '../../core/index.ts';
import type { AdminCheckpoint, AdminDevice, AdminTrust, CodeStatus, DemoCodeResponse, EnrollmentQr, StatusChangeResponse, TrustImportResponse } from '../../core/admin-protocol.ts';
import type { ServerContext } from '../context.ts';
import { checkAdminPassword, createSession, endSession, sessionIsValid } from '../admin/admin-store.ts';
import { AttemptLimiter } from '../admin/rate-limit.ts';
import { issueDemoCode, qrSvg } from '../demo/demo-codes.ts';
import { createCheckpoint, createEnrollmentToken, getCheckpoint, listCheckpoints, listDevices, revokeDevice, updateCheckpoint } from '../devices/device-store.ts';
import { HttpError } from '../http/errors.ts';
import { adminEntryRoutes } from './admin-entry-routes.ts';
import { adminReviewRoutes } from './admin-review-routes.ts';
import { validateStatusChanges } from '../status/status-changes.ts';
import { currentTrust, importTrustBundle } from '../trust/trust-store.ts';

const COOKIE = 'gc_admin';
const COOKIE_PATH = '/api/admin';

function sessionToken(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=') || null;
  }
  return null;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('Set-Cookie', `${COOKIE}=${token}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

function policyFrom(value: unknown): CheckpointPolicy {
  if (value === undefined) return DEFAULT_POLICY;
  const policy = parsePolicy(value);
  if (!policy) throw new HttpError(400, 'policy must have yellow refuse|refer, expiredTrust admit|refer, and 0 < warnAfter <= staleAfter (seconds)');
  return policy;
}

const uuidParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;

/** Registers /api/admin/*. */
export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const limiter = new AttemptLimiter(ctx.settings.loginAttempts.max, ctx.settings.loginAttempts.windowMs);

  app.post<{ Body: { password: string } }>(
    '/api/admin/login',
    { bodyLimit: 4096, schema: { body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: { type: 'string', maxLength: 200 } } } } },
    async (request, reply) => {
      const now = ctx.now();
      if (!limiter.allow(request.ip, now)) {
        reply.header('Retry-After', String(limiter.retryAfterSeconds(request.ip, now)));
        throw new HttpError(429, 'too many sign-in attempts; wait a minute');
      }
      if (!(await checkAdminPassword(ctx.db, request.body.password))) {
        request.log.warn({ ip: request.ip }, 'admin sign-in refused');
        throw new HttpError(401, 'wrong password');
      }
      const session = await createSession(ctx.db, now, ctx.settings.sessionTtlMs);
      setSessionCookie(request, reply, session.token, Math.floor(ctx.settings.sessionTtlMs / 1000));
      return reply.header('Cache-Control', 'no-store').send({ signedIn: true, expiresAt: session.expiresMs });
    },
  );

  app.post('/api/admin/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) await endSession(ctx.db, token);
    setSessionCookie(request, reply, '', 0);
    return reply.code(204).send();
  });

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const token = sessionToken(request);
      if (!token || !(await sessionIsValid(ctx.db, token, ctx.now()))) throw new HttpError(401, 'sign in first');
      reply.header('Cache-Control', 'no-store');
    });

    scope.get('/api/admin/session', async () => ({ signedIn: true }));

    await adminEntryRoutes(scope, ctx);
    await adminReviewRoutes(scope, ctx);

    scope.get('/api/admin/checkpoints', async (): Promise<{ checkpoints: AdminCheckpoint[] }> => ({ checkpoints: await listCheckpoints(ctx.db) }));

    scope.post<{ Body: { name: string; site?: string; policy?: unknown } }>(
      '/api/admin/checkpoints',
      { schema: { body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: text(100), site: { type: 'string', maxLength: 200 }, policy: { type: 'object' } } } } },
      async (request, reply) => {
        const checkpoint: AdminCheckpoint = await createCheckpoint(ctx.db, { name: request.body.name.trim(), site: request.body.site?.trim() ?? '', policy: policyFrom(request.body.policy) }, ctx.now());
        return reply.code(201).send({ checkpoint });
      },
    );

    scope.patch<{ Params: { id: string }; Body: { name?: string; site?: string; policy?: unknown } }>(
      '/api/admin/checkpoints/:id',
      { schema: { params: uuidParams, body: { type: 'object', additionalProperties: false, properties: { name: text(100), site: { type: 'string', maxLength: 200 }, policy: { type: 'object' } } } } },
      async (request) => {
        const { name, site, policy } = request.body;
        // A partial policy changes only the fields it names; the rest keep their current values.
        const current = await getCheckpoint(ctx.db, request.params.id);
        if (!current) throw new HttpError(404, 'no such checkpoint');
        const merged = policy === undefined ? undefined : policyFrom({ ...current.policy, ...(policy as object) });
        const checkpoint = await updateCheckpoint(ctx.db, request.params.id, { name: name?.trim(), site: site?.trim(), policy: merged });
        if (!checkpoint) throw new HttpError(404, 'no such checkpoint');
        return { checkpoint };
      },
    );

    scope.post<{ Params: { id: string } }>('/api/admin/checkpoints/:id/enrollment', { schema: { params: uuidParams } }, async (request, reply) => {
      const checkpoint = await getCheckpoint(ctx.db, request.params.id);
      if (!checkpoint) throw new HttpError(404, 'no such checkpoint');
      const { token, expiresMs } = await createEnrollmentToken(ctx.db, checkpoint.id, ctx.now(), ctx.settings.enrollmentTtlMs);
      const url = ctx.settings.publicUrl ?? `${request.protocol}://${request.host}`;
      const offer = formatEnrollmentText({ url, token, checkpoint: checkpoint.name });
      if (!offer.ok) throw new HttpError(500, `cannot build the enrollment code: ${offer.detail}`);
      const body: EnrollmentQr = { checkpointId: checkpoint.id, token, text: offer.text, svg: await qrSvg(offer.text), expiresAt: expiresMs };
      return reply.code(201).send(body);
    });

    scope.get('/api/admin/devices', async (): Promise<{ devices: AdminDevice[] }> => ({ devices: await listDevices(ctx.db) }));

    scope.post<{ Params: { id: string } }>('/api/admin/devices/:id/revoke', { schema: { params: uuidParams } }, async (request) => {
      const device = await revokeDevice(ctx.db, request.params.id, ctx.now());
      if (!device) throw new HttpError(404, 'no such device');
      request.log.info({ deviceId: device.id }, 'device revoked');
      return { device };
    });

    scope.get('/api/admin/trust', async (): Promise<AdminTrust> => {
      const trust = await currentTrust(ctx.db);
      if (!trust) throw new HttpError(404, 'no trust bundle has been imported yet');
      // Opened again (it was checked on import) so the console lists the keys scanners get.
      const opened = await openTrustBundle(JSON.parse(trust.envelope), ctx.keys.rootPublicKey, ctx.ed25519);
      if (!opened.ok) throw new Error(`the published trust bundle no longer opens: ${opened.detail}`);
      const keys = opened.bundle.keys.map((key) => ({ ...key, publicKey: b64uEncode(key.publicKey) }));
      return { seq: trust.seq, issuedAt: trust.issuedAt, expiresAt: trust.expiresAt, keys, statusKid: ctx.keys.statusKid };
    });

    scope.post('/api/admin/trust', { bodyLimit: 1024 * 1024 }, async (request): Promise<TrustImportResponse> => {
      const result = await importTrustBundle(ctx.db, request.body, { rootPublicKey: ctx.keys.rootPublicKey, statusKid: ctx.keys.statusKid, ed25519: ctx.ed25519 }, ctx.now());
      if (!result.ok) throw new HttpError(result.problem === 'rollback' ? 409 : 400, `trust bundle refused (${result.problem}): ${result.detail}`, { problem: result.problem });
      request.log.info({ seq: result.seq, unchanged: result.unchanged }, 'trust bundle imported');
      return { seq: result.seq, unchanged: result.unchanged };
    });

    scope.post<{ Body: { changes: unknown } }>(
      '/api/admin/status',
      { bodyLimit: 8 * 1024 * 1024, schema: { body: { type: 'object', required: ['changes'], additionalProperties: false, properties: { changes: { type: 'array' } } } } },
      async (request): Promise<StatusChangeResponse> => {
        const checked = validateStatusChanges(request.body.changes);
        if (!checked.ok) throw new HttpError(400, checked.error);
        const delta = await ctx.status.publish(checked.changes);
        request.log.info({ from: delta.from, to: delta.to, changes: checked.changes.length }, 'status delta published');
        return { from: delta.from, to: delta.to, issuedAt: delta.issuedAt };
      },
    );

    scope.get<{ Params: { cid: string } }>('/api/admin/status/:cid', async (request): Promise<CodeStatus> => {
      const status = await ctx.status.statusOf(request.params.cid);
      if (!status) throw new HttpError(404, 'no status change was ever published for this cid');
      return status;
    });

    scope.post<{ Body: { status: Colour; name?: string; hint?: string; region?: number; validDays?: number } }>(
      '/api/admin/codes',
      {
        schema: {
          body: {
            type: 'object',
            required: ['status'],
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: ['green', 'yellow', 'red'] },
              name: { type: 'string', maxLength: 20 },
              hint: { type: 'string', maxLength: 16 },
              region: { type: 'integer', minimum: 0, maximum: 4294967295 },
              validDays: { type: 'number', exclusiveMinimum: 0, maximum: 3650 },
            },
          },
        },
      },
      async (request): Promise<DemoCodeResponse> => {
        const issuer = ctx.keys.issuerSigner;
        if (!issuer) throw new HttpError(409, 'this server holds no issuer key (DIR/keys/issuer.json with its secret); demo codes cannot be issued');
        const { status, name = 'DEMO', hint = '', region = 0, validDays = 30 } = request.body;
        const code = await issueDemoCode(issuer, { status, name, hint, region, validDays }, Math.floor(ctx.now() / 1000)).catch((error: Error) => {
          throw new HttpError(400, error.message);
        });
        return { ...code, svg: await qrSvg(code.text) };
      },
    );
  });
}
