/** Devices (admin API): list (read), rename and revoke (operate). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams } from '../../core/api/admin-checkpoints.ts';
import { DeviceList, DeviceRename, DeviceReply } from '../../core/api/admin-devices.ts';
import { ADMIN_PATHS } from '../../core/api/admin-paths.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor, requirePermission } from '../admin/current-admin.ts';
import { listDevices, renameDevice, revokeDevice } from '../devices/device-store.ts';
import { HttpError } from '../http/errors.ts';

export async function adminDeviceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const operate = requirePermission('operate');

  r.get(ADMIN_PATHS.devices, { preValidation: requirePermission('read'), schema: { response: { 200: DeviceList } } }, async () => ({
    devices: await listDevices(ctx.db),
  }));

  r.patch(
    ADMIN_PATHS.device,
    { preValidation: operate, schema: { params: IdParams, body: DeviceRename, response: { 200: DeviceReply } } },
    async (request) => {
      const id = request.params.id.toLowerCase();
      const device = await ctx.db.transaction(async (tx) => {
        const renamed = await renameDevice(tx, id, request.body.name.trim());
        if (renamed) await recordAudit(tx, auditActor(request), 'device.rename', id, {}, ctx.now());
        return renamed;
      });
      if (!device) throw new HttpError(404, 'no such device');
      return { device };
    },
  );

  r.post(ADMIN_PATHS.revoke, { preValidation: operate, schema: { params: IdParams, response: { 200: DeviceReply } } }, async (request) => {
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
