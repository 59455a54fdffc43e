/** Enrolled devices (admin API). */
import { MAX_DEVICE_NAME } from './sync-rules.ts';
import { Type, type Static } from 'typebox';
import { SafeText, Uuid } from './text.ts';

/** An enrolled device. `lastSeenMs` is its last entry upload (null: never). */
export const AdminDevice = Type.Object({
  id: Uuid,
  checkpointId: Uuid,
  name: Type.String(),
  createdMs: Type.Integer(),
  revokedMs: Type.Union([Type.Integer(), Type.Null()]),
  lastSeenMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type AdminDevice = Static<typeof AdminDevice>;

/** PATCH /api/admin/devices/:id and PATCH /api/device (the device itself) body: a new name (blank clears it). */
export const DeviceRename = Type.Object({ name: SafeText(MAX_DEVICE_NAME) }, { additionalProperties: false });
export type DeviceRename = Static<typeof DeviceRename>;

export const DeviceReply = Type.Object({ device: AdminDevice });
export const DeviceList = Type.Object({ devices: Type.Array(AdminDevice) });
