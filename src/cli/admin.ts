/**
 * `gatecheck admin`: the console's accounts from the server's shell. `add NAME --role R`,
 * `reset-password NAME` (how a lost password is recovered) and `list`, on DIR/db (PGlite)
 * or DATABASE_URL. A new password is generated and printed once, or read from stdin with
 * --password-stdin. Every change is in the audit log as done by `cli`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '../core/roles.ts';
import { ACCOUNT_NAME_PATTERN } from '../core/api/admin-accounts.ts';
import { EXIT_OK, EXIT_REFUSED, UsageError, type CliIO, type Command } from './command.ts';

const HELP = `Usage: gatecheck admin add NAME --role ROLE [--password-stdin] [--data DIR]
       gatecheck admin reset-password NAME [--password-stdin] [--data DIR]
       gatecheck admin list [--data DIR]

Manages the admin console's accounts in the server's database: DIR/db (default ./.data/db),
or the PostgreSQL of DATABASE_URL when set. With PGlite, stop "gatecheck serve" first (one
process at a time may open DIR/db); with PostgreSQL the server may keep running.

  add NAME --role ROLE   a new account; ROLE is viewer (reads), reviewer (reads, reviews
                         applications), operator (devices, checkpoints, statuses) or admin
                         (everything, accounts and trust import too)
  reset-password NAME    a new password for NAME (signs out its sessions). This is how a lost
                         password is recovered, the first account's (admin) included.
  list                   every account: name, role, created, disabled

  --password-stdin       read the new password from the first line of standard input (at
                         least 12 characters) instead of printing a generated one
  --data DIR             the server's data folder (default ./.data)

A generated password is printed once, on its own line; it is never stored readable.
Account names: letters, digits, dot, dash and underscore (up to 40). Exit 1 when refused
(a name taken, no such account), 2 for usage errors.`;

async function newPassword(io: CliIO, fromStdin: boolean): Promise<string | undefined> {
  if (!fromStdin) return undefined;
  const line = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  if (line.length < 12 || line.length > 200 || line.includes('\u0000'))
    throw new UsageError('the password from stdin must be 12 to 200 characters on the first line, without NUL');
  return line;
}

/** The command line parsed, or a UsageError saying what is wrong with it. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: './.data' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const command: Command = {
  help: HELP,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandLine(argv);
    const [action, name, ...extra] = positionals;
    if (!action || !['add', 'reset-password', 'list'].includes(action))
      throw new UsageError('say add, reset-password or list; see "gatecheck admin --help"');
    if (extra.length > 0) throw new UsageError(`unexpected ${extra[0]}`);
    if (action !== 'list') {
      if (!name) throw new UsageError(`${action} needs the account's NAME`);
      if (!new RegExp(ACCOUNT_NAME_PATTERN).test(name))
        throw new UsageError('NAME may have letters, digits, dot, dash and underscore (up to 40), starting with a letter or digit');
    } else if (name) throw new UsageError(`list takes no NAME`);
    let role: Role | undefined;
    if (action === 'add') {
      if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      role = values.role;
    } else if (values.role !== undefined) throw new UsageError('--role is for add only (roles are changed in the console)');

    const databaseUrl = process.env.DATABASE_URL || undefined;
    const dbDir = join(resolve(values.data), 'db');
    if (!databaseUrl && !existsSync(dbDir))
      throw new UsageError(`no database in ${dbDir}: start "gatecheck serve --data ${values.data}" once first, or set DATABASE_URL`);
    const password = await newPassword(io, values['password-stdin']);

    const { openDb } = await import('../server/db/open-db.ts');
    const accounts = await import('../server/admin/accounts.ts');
    const { recordAudit } = await import('../server/admin/audit-log.ts');
    let db: Awaited<ReturnType<typeof openDb>>;
    try {
      db = await openDb(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: dbDir });
    } catch (error) {
      throw new UsageError(
        `cannot open the database (${databaseUrl ? 'DATABASE_URL' : dbDir}): ${(error as Error).message}` +
          (databaseUrl ? '' : ' (is "gatecheck serve" still running on it?)'),
      );
    }
    const actor = { accountId: null, name: 'cli', client: 'cli' };
    const now = Date.now();
    try {
      if (action === 'list') {
        for (const a of await accounts.listAccounts(db)) {
          const disabled = a.disabledMs === null ? '' : `\tdisabled ${new Date(a.disabledMs).toISOString()}`;
          io.stdout(`${a.name}\t${a.role}\t${new Date(a.createdMs).toISOString()}${disabled}\n`);
        }
        return EXIT_OK;
      }
      if (action === 'add') {
        const created = await db.transaction(async (tx) => {
          const result = await accounts.createAccount(tx, { name: name!, role: role!, ...(password ? { password } : {}) }, now);
          if (result.ok)
            await recordAudit(
              tx,
              actor,
              'account.create',
              result.account.name,
              { account: result.account.id, role: result.account.role },
              now,
            );
          return result;
        });
        if (!created.ok) {
          io.stderr(
            `gatecheck admin: an account named ${name} exists already (reset its password with "gatecheck admin reset-password ${name}")\n`,
          );
          return EXIT_REFUSED;
        }
        io.stderr(`account ${name} (${role}) added${created.password ? '; its password (shown only this once):' : ''}\n`);
        if (created.password) io.stdout(`${created.password}\n`);
        return EXIT_OK;
      }
      const reset = await db.transaction(async (tx) => {
        const account = await accounts.accountByName(tx, name!);
        if (!account) return null;
        const result = await accounts.setPassword(tx, account.id, password);
        if (result.ok)
          await recordAudit(tx, actor, 'account.password', account.name, { account: account.id, generated: result.password !== null }, now);
        return result;
      });
      if (!reset?.ok) {
        io.stderr(`gatecheck admin: no account named ${name} (see "gatecheck admin list")\n`);
        return EXIT_REFUSED;
      }
      io.stderr(
        `new password set for ${name}; its sessions are signed out${reset.password ? '. The password (shown only this once):' : ''}\n`,
      );
      if (reset.password) io.stdout(`${reset.password}\n`);
      return EXIT_OK;
    } finally {
      await db.close();
    }
  },
};
