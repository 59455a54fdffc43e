/** The administrator account (one password) and its sessions (hashed tokens with an expiry). */
import type { Db } from '../db/db.ts';
import { randomToken, tokenHash } from '../secrets.ts';
import { hashPassword, randomPassword, verifyPassword } from './password.ts';

/**
 * Creates the administrator on first start: with `preset` when given (GATECHECK_ADMIN_PASSWORD),
 * else a random password. Returns the password only when it was generated now, so it is
 * printed once; null when an administrator already existed.
 */
export async function ensureAdmin(db: Db, preset: string | undefined, nowMs: number): Promise<{ password: string; generated: boolean } | null> {
  const [existing] = await db.query('SELECT 1 FROM admin WHERE id = 1');
  if (existing) return null;
  const password = preset && preset.length > 0 ? preset : randomPassword();
  const inserted = await db.query('INSERT INTO admin (id, password_hash, created_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id', [await hashPassword(password), nowMs]);
  return inserted.length > 0 ? { password, generated: !preset } : null;
}

/** Replaces the administrator's password and ends every session. */
export async function setAdminPassword(db: Db, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE admin SET password_hash = $1 WHERE id = 1', [hash]);
    await tx.query('DELETE FROM admin_sessions');
  });
}

/** True when the password is the administrator's. */
export async function checkAdminPassword(db: Db, password: string): Promise<boolean> {
  const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM admin WHERE id = 1');
  return row ? verifyPassword(password, row.password_hash) : false;
}

/** Opens a session; the raw token goes into the cookie, its hash into the table. */
export async function createSession(db: Db, nowMs: number, ttlMs: number): Promise<{ token: string; expiresMs: number }> {
  const token = randomToken();
  const expiresMs = nowMs + ttlMs;
  await db.query('DELETE FROM admin_sessions WHERE expires_ms <= $1', [nowMs]);
  await db.query('INSERT INTO admin_sessions (token_hash, created_ms, expires_ms) VALUES ($1, $2, $3)', [tokenHash(token), nowMs, expiresMs]);
  return { token, expiresMs };
}

/** True while the session token is known and unexpired. */
export async function sessionIsValid(db: Db, token: string, nowMs: number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM admin_sessions WHERE token_hash = $1 AND expires_ms > $2', [tokenHash(token), nowMs]);
  return rows.length > 0;
}

/** Ends a session. */
export async function endSession(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash(token)]);
}
