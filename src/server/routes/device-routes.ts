/**
 * What enrolled devices call: enrollment (with a one-time token), their checkpoint and
 * policy, and entry uploads. Uploads are all-or-nothing per batch and idempotent by id.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  MAX_ENTRIES_BODY_BYTES,
  MAX_ENTRIES_PER_BATCH,
  validateEntriesRequest,
  type CheckpointResponse,
  type EnrollResponse,
  type EntriesResponse,
} from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { authenticateDevice, enrollDevice, getCheckpoint, touchDevice, type Device } from '../devices/device-store.ts';
import { insertEntries } from '../entries/entry-store.ts';
import { HttpError } from '../http/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated device (device routes only). */
    device: Device | null;
  }
}

const enrollSchema = {
  body: {
    type: 'object',
    required: ['token'],
    additionalProperties: false,
    properties: {
      token: { type: 'string', minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
      deviceName: { type: 'string', maxLength: 100 },
    },
  },
} as const;

const entriesSchema = {
  // The shape of each entry is checked by core's validateEntriesRequest, which the browser
  // client shares; this schema only bounds the request before that runs.
  body: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', maxItems: MAX_ENTRIES_PER_BATCH } } },
} as const;

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  return match ? match[1]! : null;
}

/** Registers POST /api/devices/enroll, GET /api/checkpoint and POST /api/entries. */
export async function deviceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.decorateRequest('device', null);

  app.post<{ Body: { token: string; deviceName?: string } }>('/api/devices/enroll', { schema: enrollSchema, bodyLimit: 4096 }, async (request, reply) => {
    const result = await enrollDevice(ctx.db, request.body.token, request.body.deviceName?.trim() ?? '', ctx.now());
    if (!result.ok) throw new HttpError(401, 'unknown, used or expired enrollment token');
    request.log.info({ deviceId: result.device.id, checkpointId: result.checkpoint.id }, 'device enrolled');
    const { id, name, site, policy } = result.checkpoint;
    const body: EnrollResponse = { deviceId: result.device.id, credential: result.credential, checkpoint: { id, name, site, policy } };
    return reply.code(201).header('Cache-Control', 'no-store').send(body);
  });

  // Authenticated device routes: the credential is checked before the body is even read.
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const credential = bearer(request);
      const device = credential ? await authenticateDevice(ctx.db, credential) : null;
      if (!device) {
        reply.header('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, credential ? 'unknown or revoked device credential' : 'a device credential (Authorization: Bearer) is required');
      }
      request.device = device;
    });

    scope.get('/api/checkpoint', async (request, reply) => {
      const checkpoint = await getCheckpoint(ctx.db, request.device!.checkpointId);
      if (!checkpoint) throw new HttpError(404, 'the checkpoint of this device no longer exists');
      const body: CheckpointResponse = { checkpoint: { id: checkpoint.id, name: checkpoint.name, site: checkpoint.site }, policy: checkpoint.policy, serverTime: ctx.now() };
      return reply.header('Cache-Control', 'no-store').send(body);
    });

    scope.post('/api/entries', { schema: entriesSchema, bodyLimit: MAX_ENTRIES_BODY_BYTES }, async (request, reply) => {
      const checked = validateEntriesRequest(request.body);
      if (!checked.ok) throw new HttpError(400, checked.error, { problems: checked.problems });
      const device = request.device!;
      const now = ctx.now();
      // A UUID is the same entry in any letter case; the database's uuid type agrees.
      const acknowledged = [...new Map(checked.entries.map((e) => [e.id.toLowerCase(), e.id])).values()];
      const stored = await insertEntries(ctx.db, { deviceId: device.id, checkpointId: device.checkpointId }, checked.entries, now);
      await touchDevice(ctx.db, device.id, now);
      request.log.debug({ deviceId: device.id, received: acknowledged.length, ...stored }, 'entries stored');
      const body: EntriesResponse = { acknowledged, serverTime: ctx.now() };
      return reply.header('Cache-Control', 'no-store').send(body);
    });
  });
}
