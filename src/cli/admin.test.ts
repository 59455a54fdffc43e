// `gatecheck admin`: add, reset-password (the way back in after a lost password) and list,
// on a PGlite data folder (through the shipped bin) and on PostgreSQL with DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGatecheck } from '../../test/support/cli.ts';
import { usePostgres } from '../server/test-support/harness.ts';
import { checkSignIn } from '../server/admin/accounts.ts';
import { openDb } from '../server/db/open-db.ts';
import { openServer } from '../server/open-server.ts';
import type { CliIO } from './command.ts';
import { run } from './main.ts';

const cluster = usePostgres();
const work = mkdtempSync(join(tmpdir(), 'gatecheck-cli-admin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture(stdin = ''): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readStdin: async () => stdin,
  };
  return io;
}

async function firstStart(dataDir: string, databaseUrl?: string): Promise<void> {
  const opened = await openServer({ dataDir, demo: true, databaseUrl, adminPassword: 'first password 1', distDir: null });
  await opened.app.close();
}

describe('gatecheck admin', () => {
  it('on PGlite: adds an account with a printed password, resets a lost one through the bin, lists them', async () => {
    const data = join(work, 'pglite');
    await firstStart(data);
    const added = capture();
    expect(await run(['admin', 'add', 'lin.wei', '--role', 'operator', '--data', data], added)).toBe(0);
    const generated = added.out.trim();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(added.err).toContain('shown only this once');
    const taken = capture();
    expect(await run(['admin', 'add', 'lin.wei', '--role', 'viewer', '--data', data], taken)).toBe(1);
    expect(taken.err).toContain('exists already');

    // The first account's password is lost: reset it with one from stdin, as an operator would at the shell.
    const reset = await runGatecheck(['admin', 'reset-password', 'admin', '--password-stdin', '--data', data], {
      stdin: 'a brand new password\n',
    });
    expect([reset.code, reset.stdout]).toEqual([0, '']);
    expect(reset.stderr).toContain('new password set for admin');

    const listed = capture();
    expect(await run(['admin', 'list', '--data', data], listed)).toBe(0);
    expect(
      listed.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t').slice(0, 2).join(' ')),
    ).toEqual(['admin admin', 'lin.wei operator']);

    const db = await openDb({ kind: 'pglite', dir: join(data, 'db') });
    try {
      expect(await checkSignIn(db, 'admin', 'a brand new password')).toMatchObject({ role: 'admin' });
      expect(await checkSignIn(db, 'admin', 'first password 1')).toBeNull();
      expect(await checkSignIn(db, 'lin.wei', generated)).toMatchObject({ role: 'operator' });
      const audit = await db.query<{ account_name: string; action: string; client: string }>(
        'SELECT account_name, action, client FROM audit_log ORDER BY id',
      );
      expect(audit).toEqual([
        { account_name: 'cli', action: 'account.create', client: 'cli' },
        { account_name: 'cli', action: 'account.password', client: 'cli' },
      ]);
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL (DATABASE_URL): the same verbs', async () => {
    const url = await (await cluster()).createDatabase('cli_admin');
    const data = join(work, 'pg');
    await firstStart(data, url);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const reset = capture();
      expect(await run(['admin', 'reset-password', 'admin', '--data', data], reset)).toBe(0);
      const password = reset.out.trim();
      const missing = capture();
      expect(await run(['admin', 'reset-password', 'nobody', '--data', data], missing)).toBe(1);
      const db = await openDb({ kind: 'postgres', url });
      try {
        expect(await checkSignIn(db, 'admin', password)).toMatchObject({ name: 'admin' });
      } finally {
        await db.close();
      }
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('refuses bad usage with one line and exit 2', async () => {
    for (const args of [
      ['admin'],
      ['admin', 'add', 'x'],
      ['admin', 'add', 'bad name', '--role', 'viewer'],
      ['admin', 'add', 'x', '--role', 'root'],
      ['admin', 'list', '--data', join(work, 'nothing-here')],
    ]) {
      const io = capture();
      expect(await run(args, io), args.join(' ')).toBe(2);
      expect(io.err.trim().split('\n')).toHaveLength(1);
    }
    const short = capture('short\n');
    expect(await run(['admin', 'reset-password', 'admin', '--password-stdin', '--data', join(work, 'pglite')], short)).toBe(2);
  });
});
