/**
 * Issue 17 item 2: without --demo, a data folder without keys starts a real, empty server. It
 * answers /healthz saying it is not set up, lets the administrator sign in, answers every route
 * that needs a key with a 503 naming the problem (never a crash, never a signature), and its
 * start-up says what is missing and the commands that make it. On PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applicationBody, applyWith, newHolder } from './test-support/holder-client.ts';
import { openServer, StartupError, type OpenedServer } from './open-server.ts';
import { DB_KINDS, usePostgres, type Harness } from './test-support/harness.ts';
import { freshPgliteDb } from './test-support/fresh-pglite.ts';

const cluster = usePostgres();
const base = mkdtempSync(join(tmpdir(), 'gatecheck-empty-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function openEmpty(kind: (typeof DB_KINDS)[number]): Promise<OpenedServer> {
  const dataDir = join(base, `${kind}-${++counter}`);
  const databaseUrl = kind === 'postgres' ? await (await cluster()).createDatabase(`empty_${process.pid}_${counter}`) : undefined;
  return openServer({ dataDir, databaseUrl, db: kind === 'pglite' ? await freshPgliteDb() : undefined, distDir: null });
}

async function signIn(server: OpenedServer, password: string): Promise<string> {
  const login = await server.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password } });
  expect(login.statusCode).toBe(200);
  return String(login.headers['set-cookie']).split(';')[0]!;
}

describe.each(DB_KINDS)('an empty server without --demo (%s)', (kind) => {
  it('starts, says what is missing and how to make it, signs nothing and issues nothing', async () => {
    const server = await openEmpty(kind);
    try {
      const { app, context } = server;
      expect(context.keys).toBeNull();
      expect(server.firstRun.demoCreated).toBe(false);
      const notices = server.setup.join('\n');
      expect(notices).toMatch(/not set up: .* holds no keys .*root\.json.*status\.json.* and no trust bundle/);
      expect(notices).toContain('gatecheck keygen --out keys');
      expect(notices).toContain('gatecheck trust --root keys/root.json');
      expect(notices).toMatch(/restart the server[\s\S]*POST \/api\/admin\/trust/);

      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ ok: true, database: kind, setUp: false, missing: ['root key', 'status key', 'trust bundle'] });

      // The console can be signed into with the one-time password, and lists what it can.
      expect(server.firstRun.adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const cookie = await signIn(server, server.firstRun.adminPassword!);
      expect((await app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie } })).statusCode).toBe(200);

      const notSetUp = async (method: 'GET' | 'POST', url: string, status: number, payload?: object) => {
        const response = await app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
        expect(response.statusCode, `${method} ${url}`).toBe(status);
        return response.json() as { error: string; problem?: string };
      };
      expect(await notSetUp('GET', '/config.json', 503)).toMatchObject({
        problem: 'not_set_up',
        error: expect.stringMatching(/not set up yet/),
      });
      expect((await notSetUp('GET', '/api/trust', 404)).error).toMatch(/no trust bundle/);
      expect((await notSetUp('GET', '/api/status/head', 503)).error).toMatch(/not set up yet: it holds no status key/);
      expect((await notSetUp('GET', '/api/admin/trust', 404)).error).toMatch(/no trust bundle/);
      expect(await notSetUp('POST', '/api/admin/trust', 503, { payload: 'x', kid: 'y', sig: 'z' })).toMatchObject({
        problem: 'not_set_up',
      });
      expect(
        (await notSetUp('POST', '/api/admin/status', 503, { changes: [{ cid: 'AAECAwQFBgcICQoLDA0ODw', status: 'red' }] })).error,
      ).toMatch(/not set up yet/);
      expect((await notSetUp('POST', '/api/admin/codes', 409, { status: 'green' })).error).toMatch(/no issuer key/);

      // A holder's application is refused with the reason, and nothing is kept of it.
      const applied = await applyWith({ app } as Harness, applicationBody(newHolder(), { idNumber: '440301199001011234' }));
      expect(applied.statusCode).toBe(503);
      expect(applied.json()).toMatchObject({ problem: 'not_set_up' });
      const [row] = await context.db.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM holder_applications) + (SELECT count(*) FROM status_changes) + (SELECT count(*) FROM status_deltas) + (SELECT count(*) FROM status_snapshots) AS n',
      );
      expect(Number(row!.n)).toBe(0);
    } finally {
      await server.app.close();
    }
  });
});

describe('start-up refusals that stay', () => {
  it('a trust bundle without keys cannot be checked: refused with the set-up commands', async () => {
    const dir = join(base, 'trust-only');
    const file = join(base, 'trust-only.json');
    writeFileSync(file, '{}');
    const error = await openServer({ dataDir: dir, trustFile: file, memoryDb: true, distDir: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/cannot be checked without the keys[\s\S]*gatecheck keygen --out keys/);
  });

  it('--demo on a folder that is not empty and holds no keys is refused, not started empty', async () => {
    const dir = join(base, 'used');
    // The first (empty) start leaves the one-time password's file in the folder.
    const first = await openServer({ dataDir: dir, memoryDb: true, distDir: null });
    expect(first.firstRun.passwordFile).toBe(join(dir, 'admin-password.txt'));
    await first.app.close();
    await expect(openServer({ dataDir: dir, demo: true, memoryDb: true, distDir: null })).rejects.toThrow(
      /--demo makes its keys only on an empty data folder/,
    );
  });
});
