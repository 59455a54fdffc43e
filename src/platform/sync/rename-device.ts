/**
 * The guard renames this device on the phone (PATCH /api/device). The name is checked here
 * first with core's one rule (the server applies the same), so a bad name is refused at once
 * and in words the app can translate; nothing is sent or stored then. The stored enrollment
 * keeps the name the server answered with.
 */
import { checkDeviceName, isDeviceNameProblem, type DeviceNameProblem } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import { SyncApi } from './api.ts';
import { updateDevice, type DeviceRecord } from './device.ts';
import { HttpError, NetworkError, type FetchLike } from './http.ts';

/**
 * Why a rename did not happen, for the guard's words: the name breaks the rule (core's
 * problems), the server refused it otherwise (`refused`), the device is no longer accepted
 * (`device_refused`, 401), not enrolled, the server unreachable, or anything else (`failed`).
 */
export type RenameProblem = DeviceNameProblem | 'refused' | 'device_refused' | 'not_enrolled' | 'unreachable' | 'failed';

/** What the app hears of a rename: the name as stored, or why not (`error` keeps the raw text: About, logs). */
export type RenameOutcome = { ok: true; name: string } | { ok: false; problem: RenameProblem; error: string };

/** `device`: the stored enrollment after the rename. */
export type RenameResult = { ok: true; name: string; device: DeviceRecord } | Extract<RenameOutcome, { ok: false }>;

/** Renames `device` (the held enrollment) on its server and stores the name it answered with. */
export async function renameDevice(
  device: DeviceRecord | null,
  name: string,
  deps: { db: GatecheckDb; fetch?: FetchLike },
): Promise<RenameResult> {
  if (!device) return { ok: false, problem: 'not_enrolled', error: 'this device is not enrolled' };
  if (device.refusedAt !== null) return { ok: false, problem: 'device_refused', error: 'the server no longer accepts this device' };
  const check = checkDeviceName(name);
  if (!check.ok) return { ok: false, problem: check.problem, error: check.message };
  try {
    const stored = await new SyncApi(device.apiBase, deps.fetch).renameDevice(device.credential, check.name);
    const next = await updateDevice(deps.db, device.deviceId, { name: stored });
    return { ok: true, name: stored, device: next ?? { ...device, name: stored } };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    if (error instanceof NetworkError) return { ok: false, problem: 'unreachable', error: raw };
    if (error instanceof HttpError && error.status === 401) return { ok: false, problem: 'device_refused', error: raw };
    if (error instanceof HttpError && error.status === 400) {
      const problem = (error.body as { problem?: unknown } | null)?.problem;
      return { ok: false, problem: isDeviceNameProblem(problem) ? problem : 'refused', error: raw };
    }
    return { ok: false, problem: 'failed', error: raw };
  }
}
