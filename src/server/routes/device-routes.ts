/**
 * What enrolled devices call: enrollment (with a one-time token), their checkpoint and
 * policy, their own name (the guard renames the device on the phone), and entry uploads.
 * Uploads are all-or-nothing per batch and idempotent by id.
 * Every shape is src/core/api/sync.ts: Fastify validates requests and serialises replies
 * with it, so a NUL, a lone surrogate or a time out of range is a 400 before any SQL runs.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { describeEntryProblems, entryRuleProblems, type EntryProblem } from '../../core/api/sync-rules.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit, type Actor } from '../admin/audit-log.ts';
import { checkedDeviceName } from '../devices/device-name.ts';
import {
  authenticateDevice,
  enrollDevice,
  getCheckpoint,
  previewEnrollment,
  renameDevice,
  touchDevice,
  type Device,
} from '../devices/device-store.ts';
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

/**
 * The actor of an audit row a device writes itself. The audit log names accounts; a device is
 * none (no account id), so it is named as entries are attributed, by its id: "device <uuid>"
 * (an account's name can hold no space, so this never reads as one), from its address.
 */
function deviceActor(request: FastifyRequest, device: Device): Actor {
  return { accountId: null, name: `device ${device.id}`, client: request.ip };
}

/** POST /api/devices/enroll, GET /api/checkpoint, PATCH /api/device and POST /api/entries, as a Fastify plugin. */
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
        deviceName: request.device!.name,
      };
    });

    // The guard names the device on the phone: the console's rule and audit action, with the device as the actor.
    serveRoute(scope, 'PATCH /api/device', async (request) => {
      const device = request.device!;
      const name = checkedDeviceName(request.body.name, 'name');
      const renamed = await ctx.db.transaction(async (tx) => {
        const row = await renameDevice(tx, device.id, name, true);
        if (row) await recordAudit(tx, deviceActor(request, device), 'device.rename', device.id, {}, ctx.now());
        return row;
      });
      // Revoked or gone between the credential check and now: as if the credential had been refused.
      if (!renamed) throw new HttpError(401, 'unknown or revoked device credential');
      request.log.info({ deviceId: device.id }, 'device renamed itself');
      return { deviceId: renamed.id, name: renamed.name };
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
