/** Enrolled devices (admin API). */
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

export const DEVICE_NAME_MAX = 100;

/** PATCH /api/admin/devices/:id body: a new name (blank clears it). */
export const DeviceRename = Type.Object({ name: SafeText(DEVICE_NAME_MAX) }, { additionalProperties: false });
export type DeviceRename = Static<typeof DeviceRename>;

export const DeviceReply = Type.Object({ device: AdminDevice });
export const DeviceList = Type.Object({ devices: Type.Array(AdminDevice) });
