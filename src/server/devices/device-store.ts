/**
 * Checkpoints, one-time enrollment tokens and enrolled devices. Tokens and credentials are
 * random and stored only as SHA-256 hashes, so a copy of the database enrolls nothing.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type CheckpointPolicy } from '../../core/index.ts';
import type { AdminCheckpoint, AdminDevice } from '../../core/admin-protocol.ts';
import type { Db, Queryable } from '../db/db.ts';
import { randomToken, tokenHash } from '../secrets.ts';

/** A checkpoint with its policy (the admin API's shape, core/admin-protocol.ts). */
export type Checkpoint = AdminCheckpoint;

/** A device as the server knows it (the admin API's shape). */
export type Device = AdminDevice;

interface CheckpointRow {
  id: string;
  name: string;
  site: string;
  policy: CheckpointPolicy;
  created_ms: number;
}
interface DeviceRow {
  id: string;
  checkpoint_id: string;
  name: string;
  created_ms: number;
  revoked_ms: number | null;
  last_seen_ms: number | null;
}

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  id: r.id,
  name: r.name,
  site: r.site,
  policy: { ...DEFAULT_POLICY, ...r.policy },
  createdMs: r.created_ms,
});
const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  checkpointId: r.checkpoint_id,
  name: r.name,
  createdMs: r.created_ms,
  revokedMs: r.revoked_ms,
  lastSeenMs: r.last_seen_ms,
});
const DEVICE_COLUMNS = 'id, checkpoint_id, name, created_ms, revoked_ms, last_seen_ms';

/** A checkpoint's name is already used at its site (names are unique per site, case-insensitively). */
export const NAME_TAKEN = 'name_taken' as const;

/** PostgreSQL's unique_violation on the site+name index (migration 003). */
function isNameTaken(error: unknown): boolean {
  return (
    (error as { code?: string })?.code === '23505' &&
    /checkpoints_site_name/.test(String((error as Error).message) + String((error as { constraint?: string }).constraint ?? ''))
  );
}

/** Creates a checkpoint; NAME_TAKEN when its site already has a checkpoint of that name. */
export async function createCheckpoint(
  db: Queryable,
  input: { name: string; site: string; policy: CheckpointPolicy },
  nowMs: number,
): Promise<Checkpoint | typeof NAME_TAKEN> {
  const id = randomUUID();
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO checkpoints (id, name, site, policy, created_ms) VALUES ($1, $2, $3, $4::text::jsonb, $5)
     ON CONFLICT (site, (lower(name))) DO NOTHING RETURNING id`,
    [id, input.name, input.site, JSON.stringify(input.policy), nowMs],
  );
  if (!row) return NAME_TAKEN;
  return { id, name: input.name, site: input.site, policy: input.policy, createdMs: nowMs };
}

/** Changes a checkpoint's name, site or policy; null when it does not exist, NAME_TAKEN when the new name is used at the site. */
export async function updateCheckpoint(
  db: Queryable,
  id: string,
  input: Partial<{ name: string; site: string; policy: CheckpointPolicy }>,
): Promise<Checkpoint | null | typeof NAME_TAKEN> {
  const [clash] = await db.query(
    `SELECT 1 FROM checkpoints c, checkpoints me WHERE me.id = $1 AND c.id <> me.id
       AND c.site = coalesce($3, me.site) AND lower(c.name) = lower(coalesce($2, me.name))`,
    [id, input.name ?? null, input.site ?? null],
  );
  if (clash) return NAME_TAKEN;
  try {
    const rows = await db.query<CheckpointRow>(
      `UPDATE checkpoints SET name = coalesce($2, name), site = coalesce($3, site), policy = coalesce($4::text::jsonb, policy)
       WHERE id = $1 RETURNING id, name, site, policy, created_ms`,
      [id, input.name ?? null, input.site ?? null, input.policy ? JSON.stringify(input.policy) : null],
    );
    return rows[0] ? toCheckpoint(rows[0]) : null;
  } catch (error) {
    // A concurrent rename to the same name passes the check above; the index still refuses it.
    if (isNameTaken(error)) return NAME_TAKEN;
    throw error;
  }
}

/** Every checkpoint, oldest first. */
export async function listCheckpoints(db: Queryable): Promise<Checkpoint[]> {
  return (await db.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints ORDER BY created_ms, id')).map(
    toCheckpoint,
  );
}

/** One checkpoint, or null. */
export async function getCheckpoint(db: Queryable, id: string): Promise<Checkpoint | null> {
  const [row] = await db.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints WHERE id = $1', [id]);
  return row ? toCheckpoint(row) : null;
}

/** A new one-time token for enrolling a device at `checkpointId`; the raw token is returned once. */
export async function createEnrollmentToken(
  db: Queryable,
  checkpointId: string,
  nowMs: number,
  ttlMs: number,
): Promise<{ token: string; expiresMs: number }> {
  const token = randomToken();
  const expiresMs = nowMs + ttlMs;
  await db.query('INSERT INTO enrollment_tokens (token_hash, checkpoint_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)', [
    tokenHash(token),
    checkpointId,
    nowMs,
    expiresMs,
  ]);
  return { token, expiresMs };
}

/**
 * Where an unspent, unexpired token would enroll, and one more than the devices ever enrolled
 * at that checkpoint (the number the scanner offers in the device's name); null otherwise.
 * Reads only: the token stays unspent.
 */
export async function previewEnrollment(
  db: Queryable,
  token: string,
  nowMs: number,
): Promise<{ checkpoint: { id: string; name: string }; deviceNumber: number } | null> {
  const [row] = await db.query<{ id: string; name: string; devices: number }>(
    `SELECT c.id, c.name, (SELECT count(*) FROM devices d WHERE d.checkpoint_id = c.id)::int AS devices
     FROM enrollment_tokens t JOIN checkpoints c ON c.id = t.checkpoint_id
     WHERE t.token_hash = $1 AND t.used_ms IS NULL AND t.expires_ms > $2`,
    [tokenHash(token), nowMs],
  );
  return row ? { checkpoint: { id: row.id, name: row.name }, deviceNumber: row.devices + 1 } : null;
}

export type EnrollResult = { ok: true; device: Device; credential: string; checkpoint: Checkpoint } | { ok: false };

/** Spends a token and enrolls a device; nothing is written unless the token was unused and unexpired. */
export async function enrollDevice(db: Db, token: string, deviceName: string, nowMs: number): Promise<EnrollResult> {
  return db.transaction(async (tx): Promise<EnrollResult> => {
    const deviceId = randomUUID();
    // Spending the token and creating the device commit together or not at all.
    const [spent] = await tx.query<{ checkpoint_id: string }>(
      'UPDATE enrollment_tokens SET used_ms = $2, device_id = $3 ' +
        'WHERE token_hash = $1 AND used_ms IS NULL AND expires_ms > $2 RETURNING checkpoint_id',
      [tokenHash(token), nowMs, deviceId],
    );
    if (!spent) return { ok: false };
    const credential = randomToken();
    await tx.query('INSERT INTO devices (id, checkpoint_id, name, credential_hash, created_ms) VALUES ($1, $2, $3, $4, $5)', [
      deviceId,
      spent.checkpoint_id,
      deviceName,
      tokenHash(credential),
      nowMs,
    ]);
    const [checkpoint] = await tx.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints WHERE id = $1', [
      spent.checkpoint_id,
    ]);
    const device: Device = {
      id: deviceId,
      checkpointId: spent.checkpoint_id,
      name: deviceName,
      createdMs: nowMs,
      revokedMs: null,
      lastSeenMs: null,
    };
    return { ok: true, device, credential, checkpoint: toCheckpoint(checkpoint!) };
  });
}

/** The enrolled, unrevoked device holding this credential, or null. */
export async function authenticateDevice(db: Db, credential: string): Promise<Device | null> {
  const [row] = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = $1 AND revoked_ms IS NULL`, [
    tokenHash(credential),
  ]);
  return row ? toDevice(row) : null;
}

/** Records that a device was heard from. */
export async function touchDevice(db: Db, id: string, nowMs: number): Promise<void> {
  await db.query('UPDATE devices SET last_seen_ms = $2 WHERE id = $1', [id, nowMs]);
}

/** Revokes a device (its credential stops working at once); null when it does not exist. */
export async function revokeDevice(db: Queryable, id: string, nowMs: number): Promise<Device | null> {
  const [row] = await db.query<DeviceRow>(
    `UPDATE devices SET revoked_ms = coalesce(revoked_ms, $2) WHERE id = $1 RETURNING ${DEVICE_COLUMNS}`,
    [id, nowMs],
  );
  return row ? toDevice(row) : null;
}

/** Every device, newest first. */
export async function listDevices(db: Db): Promise<Device[]> {
  return (await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY created_ms DESC, id`)).map(toDevice);
}

/**
 * Renames a device (a blank name clears it); null when it does not exist, or (`unrevokedOnly`:
 * the device renaming itself) when it was revoked meanwhile. Names need not be unique.
 */
export async function renameDevice(db: Queryable, id: string, name: string, unrevokedOnly = false): Promise<Device | null> {
  const [row] = await db.query<DeviceRow>(
    `UPDATE devices SET name = $2 WHERE id = $1 AND ($3::boolean IS FALSE OR revoked_ms IS NULL) RETURNING ${DEVICE_COLUMNS}`,
    [id, name, unrevokedOnly],
  );
  return row ? toDevice(row) : null;
}

/** Unrevoked enrolled devices: the scanners a status delta reaches. */
export async function countActiveDevices(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM devices WHERE revoked_ms IS NULL');
  return Number(row!.n);
}
