/**
 * The first administrator's generated password, kept for the operator in DIR/admin-password.txt
 * (owner-read-only) besides being printed once, since a banner scrolls away. The file is deleted
 * as soon as that password no longer signs in: the account's password was changed (console or
 * `gatecheck admin reset-password`), which is checked at every start and after every change
 * made through the accounts API.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../db/db.ts';
import { verifyPassword } from './password.ts';

/** Where the password is kept, in the data folder. */
export function firstPasswordFile(dataDir: string): string {
  return join(dataDir, 'admin-password.txt');
}

/** Writes the generated password (mode 0600: the server's user only). */
export function keepFirstPassword(dataDir: string, name: string, password: string): string {
  const file = firstPasswordFile(dataDir);
  rmSync(file, { force: true });
  writeFileSync(file, `${name} ${password}\n`, { mode: 0o600 });
  return file;
}

/** Deletes the file once its password no longer matches its account's; true when it was deleted. */
export async function forgetChangedFirstPassword(db: Queryable, dataDir: string): Promise<boolean> {
  const file = firstPasswordFile(dataDir);
  if (!existsSync(file)) return false;
  const [name, password] = readFileSync(file, 'utf8').trim().split(' ');
  const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM admin_accounts WHERE name = $1', [name ?? '']);
  if (row && password && (await verifyPassword(password, row.password_hash))) return false;
  rmSync(file, { force: true });
  return true;
}
