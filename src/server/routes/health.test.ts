/**
 * /healthz tells a database that cannot store data from a healthy one (issue 8: with the
 * disk full every upload was a 500 while /healthz said ok). The databases here really
 * refuse writes: PGlite's session and a PostgreSQL database set read-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openPostgres } from '../db/postgres-db.ts';
import { openServer } from '../open-server.ts';
import { ADMIN_PASSWORD, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { FAILURE_MEMORY_MS } from '../db/storage-health.ts';

const cluster = usePostgres();

const entry = (time: number) => ({ id: randomUUID(), time, checkpoint: 'North gate', direction: 'in', reason: 'ok', decision: 'admit' });

async function expectRefusesWrites(h: { app: Harness['app']; clock: Harness['clock'] }, credential: string, kind: string) {
  const health = await h.app.inject({ method: 'GET', url: '/healthz' });
  expect(health.statusCode).toBe(503);
  expect(health.json()).toMatchObject({ ok: false, database: kind });
  expect(health.json().error).toMatch(/refuses writes.*read-only/);
  // An upload is the server's condition, not a bug: 503 with Retry-After, so the device retries later.
  const upload = await h.app.inject({
    method: 'POST',
    url: '/api/entries',
    headers: { authorization: `Bearer ${credential}` },
    payload: { entries: [entry(h.clock.now)] },
  });
  expect(upload.statusCode).toBe(503);
  expect(upload.headers['retry-after']).toBe('60');
  expect(upload.json().error).toMatch(/cannot store data right now: the database is read-only/);
}

describe('/healthz and storage failures', () => {
  const harness = useHarness('pglite', null);

  it('pglite: 200 while writes work, 503 naming the cause once they fail, 200 again after', async () => {
    const h = harness();
    {
      const ok = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ ok: true, database: 'pglite', time: h.clock.now, setUp: true });
      const { credential } = await h.enroll();
      await h.ctx.db.query('SET default_transaction_read_only = on');
      await expectRefusesWrites(h, credential, 'pglite');
      await h.ctx.db.query('SET default_transaction_read_only = off');
      // The failed upload is remembered for a while (a remote disk gives no other sign) ...
      const after = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(after.statusCode).toBe(503);
      expect(after.json().error).toMatch(/a write failed 0 s ago: the database is read-only/);
      // ... and forgotten once that while has passed with writes working.
      h.clock.advance(FAILURE_MEMORY_MS);
      expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
  });

  it('postgres: a database set read-only is reported (503), reads still answer', async () => {
    const pg = await cluster();
    const url = await pg.createDatabase(`health_${process.pid}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-health-'));
    rmSync(dataDir, { recursive: true });
    let now = Date.now();
    // First start: migrations, the demo, an enrolled device.
    const first = await openServer({ dataDir, demo: true, databaseUrl: url, adminPassword: ADMIN_PASSWORD, distDir: null, now: () => now });
    const login = await first.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const checkpoint = (
      await first.app.inject({ method: 'POST', url: '/api/admin/checkpoints', headers: { cookie }, payload: { name: 'North gate' } })
    ).json().checkpoint.id as string;
    const { token } = (
      await first.app.inject({ method: 'POST', url: `/api/admin/checkpoints/${checkpoint}/enrollment`, headers: { cookie } })
    ).json() as { token: string };
    const { credential } = (await first.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token } })).json() as {
      credential: string;
    };
    const dbName = new URL(url).pathname.slice(1);
    await first.context.db.query(`ALTER DATABASE "${dbName}" SET default_transaction_read_only = on`);
    // Connections opened from now on start read-only: the app below gets only such ones.
    const readOnly = await openPostgres(url);
    const app = await buildApp({ ...first.context, db: readOnly });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/status/head' })).statusCode).toBe(200);
      await expectRefusesWrites({ app, clock: { now, advance: (ms) => (now += ms) } }, credential, 'postgres');
      // A start on such a database names the cause in words.
      const restart = await openServer({ dataDir, databaseUrl: url, distDir: null }).then(
        () => null,
        (e: Error) => e,
      );
      expect(restart?.message).toMatch(/^cannot open the database \(DATABASE_URL\): the database is read-only \(it refuses writes\)$/);
    } finally {
      await app.close();
      await first.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
