/** Signed-in sessions: a random token in the cookie, its SHA-256 in the table, one account each. */
import type { Role } from '../../core/roles.ts';
import type { Queryable } from '../db/db.ts';
import { randomToken, tokenHash } from '../secrets.ts';

/** Who a valid session belongs to. */
export interface SessionAccount {
  accountId: string;
  name: string;
  role: Role;
  expiresMs: number;
}

/** Opens a session for an account; the raw token goes into the cookie. */
export async function createSession(
  q: Queryable,
  accountId: string,
  nowMs: number,
  ttlMs: number,
): Promise<{ token: string; expiresMs: number }> {
  const token = randomToken();
  const expiresMs = nowMs + ttlMs;
  await q.query('DELETE FROM admin_sessions WHERE expires_ms <= $1', [nowMs]);
  await q.query('INSERT INTO admin_sessions (token_hash, account_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)', [
    tokenHash(token),
    accountId,
    nowMs,
    expiresMs,
  ]);
  return { token, expiresMs };
}

/** The account of an unexpired session whose account is enabled, or null. */
export async function sessionAccount(q: Queryable, token: string, nowMs: number): Promise<SessionAccount | null> {
  const [row] = await q.query<{ account_id: string; name: string; role: Role; expires_ms: number }>(
    `SELECT s.account_id, a.name, a.role, s.expires_ms FROM admin_sessions s JOIN admin_accounts a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.expires_ms > $2 AND a.disabled_ms IS NULL`,
    [tokenHash(token), nowMs],
  );
  return row ? { accountId: row.account_id, name: row.name, role: row.role, expiresMs: row.expires_ms } : null;
}

/** Ends a session. */
export async function endSession(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash(token)]);
}
