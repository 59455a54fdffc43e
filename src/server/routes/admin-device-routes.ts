/** Devices (admin API): list (read), rename and revoke (operate). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor } from '../admin/current-admin.ts';
import { checkedDeviceName } from '../devices/device-name.ts';
import { listDevices, renameDevice, revokeDevice } from '../devices/device-store.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

export async function adminDeviceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/devices', async () => ({ devices: await listDevices(ctx.db) }));

  serveRoute(app, 'PATCH /api/admin/devices/:id', async (request) => {
    const id = request.params.id.toLowerCase();
    const device = await ctx.db.transaction(async (tx) => {
      const renamed = await renameDevice(tx, id, checkedDeviceName(request.body.name, 'name'));
      if (renamed) await recordAudit(tx, auditActor(request), 'device.rename', id, {}, ctx.now());
      return renamed;
    });
    if (!device) throw new HttpError(404, 'no such device');
    return { device };
  });

  serveRoute(app, 'POST /api/admin/devices/:id/revoke', async (request) => {
    const id = request.params.id.toLowerCase();
    const device = await ctx.db.transaction(async (tx) => {
      const revoked = await revokeDevice(tx, id, ctx.now());
      if (revoked) await recordAudit(tx, auditActor(request), 'device.revoke', id, { checkpoint: revoked.checkpointId }, ctx.now());
      return revoked;
    });
    if (!device) throw new HttpError(404, 'no such device');
    request.log.info({ deviceId: device.id }, 'device revoked');
    return { device };
  });
}
