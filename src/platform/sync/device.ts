/**
 * This device's enrollment, kept in `meta`: the credential the server issued (a secret,
 * sent only as a Bearer header to the server that issued it), the checkpoint and the
 * policy the server set for it. Removed only by enrolling again.
 */
import { parsePolicy, type CheckpointInfo, type CheckpointPolicy } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';

/** The stored enrollment. */
export interface DeviceRecord {
  deviceId: string;
  credential: string;
  /** The server that issued the credential (absolute, no trailing slash). */
  apiBase: string;
  checkpoint: CheckpointInfo;
  policy: CheckpointPolicy;
  /** Unix ms. */
  enrolledAt: number;
  /** Set when the server answered 401: revoked or unknown. Entries then wait for a new enrollment. */
  refusedAt: number | null;
  /**
   * SHA-256 (hex) of the enrollment token this device enrolled with: the same QR read again
   * (still in view after the success) is recognised as "already enrolled" without asking the
   * server, which would rightly refuse a used token.
   */
  offerDigest?: string;
  /**
   * How this device is called in the console ('' unnamed): the name offered at enrollment,
   * then the guard's rename on the phone, or the console's (learnt with the checkpoint).
   * Absent in a record from before names were kept.
   */
  name?: string;
}

const KEY = 'sync.device';

/** The stored enrollment, or null (never enrolled, or the record is unreadable). */
export async function loadDevice(db: GatecheckDb): Promise<DeviceRecord | null> {
  const value = (await db.meta.get(KEY))?.value;
  if (!value || typeof value !== 'object') return null;
  const v = value as Partial<DeviceRecord>;
  const policy = parsePolicy(v.policy);
  const cp = v.checkpoint;
  if (typeof v.deviceId !== 'string' || typeof v.credential !== 'string' || typeof v.apiBase !== 'string' || !policy) return null;
  if (!cp || typeof cp.id !== 'string' || typeof cp.name !== 'string') return null;
  return {
    deviceId: v.deviceId,
    credential: v.credential,
    apiBase: v.apiBase,
    checkpoint: { id: cp.id, name: cp.name, site: typeof cp.site === 'string' ? cp.site : '' },
    policy,
    enrolledAt: typeof v.enrolledAt === 'number' ? v.enrolledAt : 0,
    refusedAt: typeof v.refusedAt === 'number' ? v.refusedAt : null,
    ...(typeof v.offerDigest === 'string' ? { offerDigest: v.offerDigest } : {}),
    ...(typeof v.name === 'string' ? { name: v.name } : {}),
  };
}

/** Stores (or replaces) the enrollment. */
export async function saveDevice(db: GatecheckDb, record: DeviceRecord): Promise<void> {
  await db.meta.put({ key: KEY, value: record });
}

/** Applies a change to the stored enrollment, if there is one and it is still `deviceId`. */
export async function updateDevice(
  db: GatecheckDb,
  deviceId: string,
  patch: Partial<Pick<DeviceRecord, 'checkpoint' | 'policy' | 'refusedAt' | 'name'>>,
): Promise<DeviceRecord | null> {
  return db.transaction('rw', db.meta, async () => {
    const current = await loadDevice(db);
    if (!current || current.deviceId !== deviceId) return current;
    const next = { ...current, ...patch };
    await saveDevice(db, next);
    return next;
  });
}
