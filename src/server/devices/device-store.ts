/**
 * Checkpoints, one-time enrollment tokens and enrolled devices. Tokens and credentials are
 * random and stored only as SHA-256 hashes, so a copy of the database enrolls nothing.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type CheckpointPolicy } from '../../core/index.ts';
import type { AdminCheckpoint, AdminDevice } from '../../core/admin-protocol.ts';
import type { Db } from '../db/db.ts';
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

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({ id: r.id, name: r.name, site: r.site, policy: { ...DEFAULT_POLICY, ...r.policy }, createdMs: r.created_ms });
const toDevice = (r: DeviceRow): Device => ({ id: r.id, checkpointId: r.checkpoint_id, name: r.name, createdMs: r.created_ms, revokedMs: r.revoked_ms, lastSeenMs: r.last_seen_ms });
const DEVICE_COLUMNS = 'id, checkpoint_id, name, created_ms, revoked_ms, last_seen_ms';

/** Creates a checkpoint. */
export async function createCheckpoint(db: Db, input: { name: string; site: string; policy: CheckpointPolicy }, nowMs: number): Promise<Checkpoint> {
  const id = randomUUID();
  await db.query('INSERT INTO checkpoints (id, name, site, policy, created_ms) VALUES ($1, $2, $3, $4::text::jsonb, $5)', [id, input.name, input.site, JSON.stringify(input.policy), nowMs]);
  return { id, name: input.name, site: input.site, policy: input.policy, createdMs: nowMs };
}

/** Changes a checkpoint's name, site or policy; null when it does not exist. */
export async function updateCheckpoint(db: Db, id: string, input: Partial<{ name: string; site: string; policy: CheckpointPolicy }>): Promise<Checkpoint | null> {
  const rows = await db.query<CheckpointRow>(
    `UPDATE checkpoints SET name = coalesce($2, name), site = coalesce($3, site), policy = coalesce($4::text::jsonb, policy)
     WHERE id = $1 RETURNING id, name, site, policy, created_ms`,
    [id, input.name ?? null, input.site ?? null, input.policy ? JSON.stringify(input.policy) : null],
  );
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

/** Every checkpoint, oldest first. */
export async function listCheckpoints(db: Db): Promise<Checkpoint[]> {
  return (await db.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints ORDER BY created_ms, id')).map(toCheckpoint);
}

/** One checkpoint, or null. */
export async function getCheckpoint(db: Db, id: string): Promise<Checkpoint | null> {
  const [row] = await db.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints WHERE id = $1', [id]);
  return row ? toCheckpoint(row) : null;
}

/** A new one-time token for enrolling a device at `checkpointId`; the raw token is returned once. */
export async function createEnrollmentToken(db: Db, checkpointId: string, nowMs: number, ttlMs: number): Promise<{ token: string; expiresMs: number }> {
  const token = randomToken();
  const expiresMs = nowMs + ttlMs;
  await db.query('INSERT INTO enrollment_tokens (token_hash, checkpoint_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)', [tokenHash(token), checkpointId, nowMs, expiresMs]);
  return { token, expiresMs };
}

export type EnrollResult = { ok: true; device: Device; credential: string; checkpoint: Checkpoint } | { ok: false };

/** Spends a token and enrolls a device; nothing is written unless the token was unused and unexpired. */
export async function enrollDevice(db: Db, token: string, deviceName: string, nowMs: number): Promise<EnrollResult> {
  return db.transaction(async (tx): Promise<EnrollResult> => {
    const deviceId = randomUUID();
    // Spending the token and creating the device commit together or not at all.
    const [spent] = await tx.query<{ checkpoint_id: string }>(
      'UPDATE enrollment_tokens SET used_ms = $2, device_id = $3 WHERE token_hash = $1 AND used_ms IS NULL AND expires_ms > $2 RETURNING checkpoint_id',
      [tokenHash(token), nowMs, deviceId],
    );
    if (!spent) return { ok: false };
    const credential = randomToken();
    await tx.query('INSERT INTO devices (id, checkpoint_id, name, credential_hash, created_ms) VALUES ($1, $2, $3, $4, $5)', [deviceId, spent.checkpoint_id, deviceName, tokenHash(credential), nowMs]);
    const [checkpoint] = await tx.query<CheckpointRow>('SELECT id, name, site, policy, created_ms FROM checkpoints WHERE id = $1', [spent.checkpoint_id]);
    const device: Device = { id: deviceId, checkpointId: spent.checkpoint_id, name: deviceName, createdMs: nowMs, revokedMs: null, lastSeenMs: null };
    return { ok: true, device, credential, checkpoint: toCheckpoint(checkpoint!) };
  });
}

/** The enrolled, unrevoked device holding this credential, or null. */
export async function authenticateDevice(db: Db, credential: string): Promise<Device | null> {
  const [row] = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = $1 AND revoked_ms IS NULL`, [tokenHash(credential)]);
  return row ? toDevice(row) : null;
}

/** Records that a device was heard from. */
export async function touchDevice(db: Db, id: string, nowMs: number): Promise<void> {
  await db.query('UPDATE devices SET last_seen_ms = $2 WHERE id = $1', [id, nowMs]);
}

/** Revokes a device (its credential stops working at once); null when it does not exist. */
export async function revokeDevice(db: Db, id: string, nowMs: number): Promise<Device | null> {
  const [row] = await db.query<DeviceRow>(`UPDATE devices SET revoked_ms = coalesce(revoked_ms, $2) WHERE id = $1 RETURNING ${DEVICE_COLUMNS}`, [id, nowMs]);
  return row ? toDevice(row) : null;
}

/** Every device, newest first. */
export async function listDevices(db: Db): Promise<Device[]> {
  return (await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY created_ms DESC, id`)).map(toDevice);
}
