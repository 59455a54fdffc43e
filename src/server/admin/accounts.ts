/**
 * Administrator accounts: a name, a role (core/roles.ts) and an scrypt password hash. The
 * first start creates one account named `admin`; a database from before had one password,
 * which migration 003 moved into that account. Functions take a Queryable so a change and
 * its audit row commit in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/roles.ts';
import type { Account } from '../../core/api/admin-accounts.ts';
import type { Db, Queryable } from '../db/db.ts';
import { hashPassword, randomPassword, verifyPassword } from './password.ts';

export const FIRST_ACCOUNT = 'admin';

interface AccountRow {
  id: string;
  name: string;
  role: Role;
  created_ms: number;
  disabled_ms: number | null;
}
const COLUMNS = 'id, name, role, created_ms, disabled_ms';
const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdMs: r.created_ms,
  disabledMs: r.disabled_ms,
});

/** Why an account change was refused. */
export type AccountProblem = 'name_taken' | 'not_found' | 'last_admin' | 'bad_password';

/**
 * Creates the `admin` account on a first start: with `preset` (GATECHECK_ADMIN_PASSWORD) or a
 * random password, returned only when generated now so it is printed once; null when any
 * account already exists.
 */
export async function ensureFirstAdmin(
  db: Db,
  preset: string | undefined,
  nowMs: number,
): Promise<{ password: string; generated: boolean } | null> {
  const [existing] = await db.query('SELECT 1 FROM admin_accounts LIMIT 1');
  if (existing) return null;
  const password = preset && preset.length > 0 ? preset : randomPassword();
  const hash = await hashPassword(password);
  // Two servers starting at once on one PostgreSQL: the unique name lets only one insert.
  const inserted = await db.query(
    'INSERT INTO admin_accounts (id, name, role, password_hash, created_ms) VALUES ($1, $2, $3, $4, $5) ' +
      'ON CONFLICT (name) DO NOTHING RETURNING id',
    [randomUUID(), FIRST_ACCOUNT, 'admin', hash, nowMs],
  );
  return inserted.length > 0 ? { password, generated: !preset } : null;
}

/** Creates an account; without `password` one is generated and returned (shown once). */
export async function createAccount(
  q: Queryable,
  input: { name: string; role: Role; password?: string },
  nowMs: number,
): Promise<{ ok: true; account: Account; password: string | null } | { ok: false; problem: AccountProblem }> {
  const password = input.password ?? randomPassword();
  const hash = await hashPassword(password);
  const [row] = await q.query<AccountRow>(
    'INSERT INTO admin_accounts (id, name, role, password_hash, created_ms) VALUES ($1, $2, $3, $4, $5) ' +
      `ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
    [randomUUID(), input.name, input.role, hash, nowMs],
  );
  if (!row) return { ok: false, problem: 'name_taken' };
  return { ok: true, account: toAccount(row), password: input.password === undefined ? password : null };
}

/** Every account, by name. */
export async function listAccounts(q: Queryable): Promise<Account[]> {
  return (await q.query<AccountRow>(`SELECT ${COLUMNS} FROM admin_accounts ORDER BY name`)).map(toAccount);
}

export async function accountByName(q: Queryable, name: string): Promise<Account | null> {
  const [row] = await q.query<AccountRow>(`SELECT ${COLUMNS} FROM admin_accounts WHERE name = $1`, [name]);
  return row ? toAccount(row) : null;
}

export async function accountById(q: Queryable, id: string): Promise<Account | null> {
  const [row] = await q.query<AccountRow>(`SELECT ${COLUMNS} FROM admin_accounts WHERE id = $1`, [id]);
  return row ? toAccount(row) : null;
}

/** True when `id` is the only enabled admin (who may then not lose the role or be disabled). */
async function isLastAdmin(q: Queryable, id: string): Promise<boolean> {
  // Locks the enabled admins, so two concurrent demotions cannot both pass.
  const rows = await q.query<{ id: string }>("SELECT id FROM admin_accounts WHERE role = 'admin' AND disabled_ms IS NULL FOR UPDATE");
  return rows.length === 1 && rows[0]!.id === id;
}

/** Changes an account's role; the last enabled admin keeps theirs. */
export async function setRole(
  q: Queryable,
  id: string,
  role: Role,
): Promise<{ ok: true; account: Account; before: Role } | { ok: false; problem: AccountProblem }> {
  const current = await accountById(q, id);
  if (!current) return { ok: false, problem: 'not_found' };
  if (current.role === 'admin' && role !== 'admin' && (await isLastAdmin(q, id))) return { ok: false, problem: 'last_admin' };
  const [row] = await q.query<AccountRow>(`UPDATE admin_accounts SET role = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, role]);
  return { ok: true, account: toAccount(row!), before: current.role };
}

/** Disables (ending its sessions) or enables an account; the last enabled admin stays enabled. */
export async function setDisabled(
  q: Queryable,
  id: string,
  disabled: boolean,
  nowMs: number,
): Promise<{ ok: true; account: Account } | { ok: false; problem: AccountProblem }> {
  const current = await accountById(q, id);
  if (!current) return { ok: false, problem: 'not_found' };
  if (disabled && current.role === 'admin' && current.disabledMs === null && (await isLastAdmin(q, id)))
    return { ok: false, problem: 'last_admin' };
  const [row] = await q.query<AccountRow>(`UPDATE admin_accounts SET disabled_ms = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    disabled ? (current.disabledMs ?? nowMs) : null,
  ]);
  if (disabled) await q.query('DELETE FROM admin_sessions WHERE account_id = $1', [id]);
  return { ok: true, account: toAccount(row!) };
}

/** Sets a new password (generated when absent, and then returned) and ends the account's sessions. */
export async function setPassword(
  q: Queryable,
  id: string,
  password?: string,
): Promise<{ ok: true; account: Account; password: string | null } | { ok: false; problem: AccountProblem }> {
  const next = password ?? randomPassword();
  const hash = await hashPassword(next);
  const [row] = await q.query<AccountRow>(`UPDATE admin_accounts SET password_hash = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, hash]);
  if (!row) return { ok: false, problem: 'not_found' };
  await q.query('DELETE FROM admin_sessions WHERE account_id = $1', [id]);
  return { ok: true, account: toAccount(row), password: password === undefined ? next : null };
}

// A well-formed hash of a random password: an unknown name costs as much time as a wrong password.
let decoyHash: Promise<string> | null = null;

/** The enabled account with this name and password, or null (unknown name, wrong password, disabled). */
export async function checkSignIn(q: Queryable, name: string, password: string): Promise<Account | null> {
  const [row] = await q.query<AccountRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM admin_accounts WHERE name = $1`,
    [name],
  );
  if (!row) {
    decoyHash ??= hashPassword(randomPassword());
    await verifyPassword(password, await decoyHash);
    return null;
  }
  const matches = await verifyPassword(password, row.password_hash);
  return matches && row.disabled_ms === null ? toAccount(row) : null;
}
