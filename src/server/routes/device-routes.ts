/**
 * What enrolled devices call: enrollment (with a one-time token), their checkpoint and
 * policy, and entry uploads. Uploads are all-or-nothing per batch and idempotent by id.
 * Every shape is src/core/api/sync.ts: Fastify validates requests and serialises replies
 * with it, so a NUL, a lone surrogate or a time out of range is a 400 before any SQL runs.
 */
import type { FastifyPluginAsync } from 'fastify';
import { describeEntryProblems, entryRuleProblems, type EntryProblem } from '../../core/api/sync-rules.ts';
import type { ServerContext } from '../context.ts';
import { checkedDeviceName } from '../devices/device-name.ts';
import { authenticateDevice, enrollDevice, getCheckpoint, previewEnrollment, touchDevice, type Device } from '../devices/device-store.ts';
import { bearer } from '../http/bearer.ts';
import { insertEntries } from '../entries/entry-store.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated device (device routes only). */
    device: Device | null;
  }
}

/** At most this many problems are listed in a 400 for POST /api/entries. */
const MAX_REPORTED_PROBLEMS = 20;

/** POST /api/devices/enroll, GET /api/checkpoint and POST /api/entries, as a Fastify plugin. */
export const deviceRoutes: FastifyPluginAsync<{ ctx: ServerContext }> = async (app, { ctx }) => {
  app.decorateRequest('device', null);

  serveRoute(app, 'POST /api/devices/enroll/preview', async (request) => {
    const preview = await previewEnrollment(ctx.db, request.body.token, ctx.now());
    if (!preview) throw new HttpError(401, 'unknown, used or expired enrollment token');
    return preview;
  });

  serveRoute(app, 'POST /api/devices/enroll', async (request, reply) => {
    const deviceName = checkedDeviceName(request.body.deviceName);
    const result = await enrollDevice(ctx.db, request.body.token, deviceName, ctx.now());
    if (!result.ok) throw new HttpError(401, 'unknown, used or expired enrollment token');
    request.log.info({ deviceId: result.device.id, checkpointId: result.checkpoint.id }, 'device enrolled');
    const { id, name, site, policy } = result.checkpoint;
    return reply.code(201).send({ deviceId: result.device.id, credential: result.credential, checkpoint: { id, name, site, policy } });
  });

  // Authenticated device routes: the credential is checked before the body is even read.
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const credential = bearer(request);
      const device = credential ? await authenticateDevice(ctx.db, credential) : null;
      if (!device) {
        reply.header('WWW-Authenticate', 'Bearer');
        throw new HttpError(
          401,
          credential ? 'unknown or revoked device credential' : 'a device credential (Authorization: Bearer) is required',
        );
      }
      request.device = device;
    });

    serveRoute(scope, 'GET /api/checkpoint', async (request) => {
      const checkpoint = await getCheckpoint(ctx.db, request.device!.checkpointId);
      if (!checkpoint) throw new HttpError(404, 'the checkpoint of this device no longer exists');
      return {
        checkpoint: { id: checkpoint.id, name: checkpoint.name, site: checkpoint.site },
        policy: checkpoint.policy,
        serverTime: ctx.now(),
      };
    });

    serveRoute(scope, 'POST /api/entries', async (request) => {
      const { entries } = request.body;
      const device = request.device!;
      const now = ctx.now();
      // The rules a schema cannot state: no time more than a day after the server's now, no invisible override note.
      const problems: EntryProblem[] = [];
      for (let i = 0; i < entries.length && problems.length < MAX_REPORTED_PROBLEMS; i++)
        problems.push(...entryRuleProblems(entries[i]!, now, i));
      if (problems.length > 0)
        throw new HttpError(400, describeEntryProblems(problems), { problems: problems.slice(0, MAX_REPORTED_PROBLEMS) });
      // A UUID is the same entry in any letter case; the database's uuid type agrees.
      const acknowledged = [...new Map(entries.map((e) => [e.id.toLowerCase(), e.id])).values()];
      const stored = await insertEntries(ctx.db, { deviceId: device.id, checkpointId: device.checkpointId }, entries, now);
      await touchDevice(ctx.db, device.id, now);
      request.log.debug({ deviceId: device.id, received: acknowledged.length, ...stored }, 'entries stored');
      return { acknowledged, serverTime: ctx.now() };
    });
  });
};
