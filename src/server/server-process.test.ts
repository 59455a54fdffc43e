/**
 * The server as a real process: killed with SIGKILL in the middle of an upload and
 * restarted, nothing is lost or doubled once the client retries; SIGTERM finishes the
 * request in flight, then exits cleanly.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryUpload } from '../core/index.ts';
import type { EntriesResponse } from '../core/api/sync.ts';
import type { Db } from './db/db.ts';
import { openDb } from './db/open-db.ts';
import { copyPgliteTemplate } from './test-support/fresh-pglite.ts';
import { DB_KINDS, usePostgres } from './test-support/harness.ts';
import { demoKeysFolder, spawnServer, type ServerProcess } from './test-support/server-process.ts';

const PASSWORD = 'process test password';
const cluster = usePostgres();
let databaseCounter = 0;

const entry = (): EntryUpload => ({
  id: randomUUID(),
  time: Date.now(),
  checkpoint: 'Gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: 'AAECAwQFBgcICQoLDA0ODw',
});

/** POST with node:http, so the test knows when the body has left (`onSent`). */
function postJson(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string>,
  onSent?: () => void,
): Promise<{ status: number; json: EntriesResponse }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url + path,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('finish', () => onSent?.());
    req.end(body);
  });
}

async function enrollDevice(server: ServerProcess): Promise<string> {
  const login = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const admin = <T>(path: string, body?: unknown) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    }).then((r) => r.json() as Promise<T>);
  const { checkpoint } = await admin<{ checkpoint: { id: string } }>('/api/admin/checkpoints', { name: 'Gate' });
  const { token } = await admin<{ token: string }>(`/api/admin/checkpoints/${checkpoint.id}/enrollment`);
  const enrolled = await fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return ((await enrolled.json()) as { credential: string }).credential;
}

/**
 * Each test starts real server processes two or three times (Node, migrations, a listen) and
 * uploads thousands of entries: 10-12 s on two cores beside the browser tests, and over 30 s
 * (vitest's default limit here) when the machine was oversubscribed.
 */
const PROCESS_TEST_TIMEOUT_MS = 90_000;

describe.each(DB_KINDS)('the server process (%s)', { timeout: PROCESS_TEST_TIMEOUT_MS }, (kind) => {
  let dataDir = '';
  let databaseUrl: string | undefined;
  const running: ServerProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const server = await spawnServer(dataDir, {
      GATECHECK_ADMIN_PASSWORD: PASSWORD,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    });
    running.push(server);
    return server;
  };
  /** Opens the database the server used (after it stopped, for PGlite's single writer). */
  const openServerDb = (): Promise<Db> =>
    openDb(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: join(dataDir, 'db') });

  const prepare = async () => {
    dataDir = await demoKeysFolder(join(mkdtempSync(join(tmpdir(), 'gatecheck-proc-')), 'data'));
    databaseUrl = kind === 'postgres' ? await (await cluster()).createDatabase(`p${process.pid}_${++databaseCounter}`) : undefined;
    // PGlite: a copy of the run's initialised cluster, as the PostgreSQL side gets a ready
    // cluster; initdb in the child cost seconds a start and is not what these tests are about
    // (a first start on an empty PGlite folder: the runbook test and the e2e demo servers).
    if (kind === 'pglite') await copyPgliteTemplate(join(dataDir, 'db'));
  };

  afterEach(async () => {
    for (const server of running.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('loses and doubles nothing when killed in the middle of an upload and restarted', async () => {
    await prepare();
    const first = await start();
    const credential = await enrollDevice(first);
    const auth = { authorization: `Bearer ${credential}` };
    const batches = Array.from({ length: 10 }, () => Array.from({ length: 500 }, entry));
    const acked = new Set<number>();
    const send = (server: ServerProcess, i: number, onSent?: () => void) =>
      postJson(server.url, '/api/entries', JSON.stringify({ entries: batches[i] }), auth, onSent).then((r) => {
        if (r.status === 200 && r.json.acknowledged.length === batches[i]!.length) acked.add(i);
        return r;
      });

    for (let i = 0; i < 3; i++) expect((await send(first, i)).status).toBe(200);
    // Two uploads in flight; the process dies as soon as the second one's body has left.
    const inFlight = [send(first, 3), send(first, 4, () => first.child.kill('SIGKILL'))];
    const outcomes = await Promise.allSettled(inFlight);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);

    const second = await start();
    // The client retries everything not acknowledged, and one acknowledged batch whose
    // reply it pretends to have lost.
    const retry = [1, ...batches.keys()].filter((i, k) => k === 0 || !acked.has(i));
    for (const i of retry) expect((await send(second, i)).status).toBe(200);
    expect(acked.size).toBe(batches.length);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const db = await openServerDb();
    try {
      const [row] = await db.query<{ n: number; distinct_ids: number }>(
        'SELECT count(*)::bigint AS n, count(DISTINCT id)::bigint AS distinct_ids FROM entries',
      );
      expect(row).toEqual({ n: 5000, distinct_ids: 5000 });
      const ids = batches.flat().map((e) => e.id);
      const [found] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries WHERE id = ANY($1::text[]::uuid[])', [ids]);
      expect(found!.n).toBe(5000);
    } finally {
      await db.close();
    }
  });

  it('finishes the request in flight on SIGTERM, then exits 0 and refuses new connections', async () => {
    await prepare();
    // Info logs: its 'shutting down' line says when the signal has been handled.
    const server = await start({ GATECHECK_LOG_LEVEL: 'info' });
    const credential = await enrollDevice(server);
    const entries = Array.from({ length: 1000 }, entry);
    const body = Buffer.from(JSON.stringify({ entries }));
    const reply = new Promise<{ status: number; json: EntriesResponse }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/api/entries`,
        {
          method: 'POST',
          // 100-continue: the server answers "continue" as it takes the request in, so the test
          // knows the request is the server's (routed, before any closing) when the signal goes.
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${credential}`,
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      // Once the server has taken the request in: half the body, then SIGTERM, then (once the
      // server says it is shutting down) the rest: the request is in flight when shutdown starts.
      // (Without the wait, a signal handled before the server read the headers got a 503, as
      // a request arriving while closing should.)
      req.on('continue', () =>
        req.write(body.subarray(0, body.length >> 1), () => {
          const rest = () => {
            if (!server.output().includes('shutting down')) return;
            server.child.stdout!.off('data', rest);
            server.child.stderr!.off('data', rest);
            req.end(body.subarray(body.length >> 1));
          };
          server.child.stdout!.on('data', rest);
          server.child.stderr!.on('data', rest);
          server.child.kill('SIGTERM');
        }),
      );
      req.flushHeaders(); // the headers alone: the server answers "continue" to them
    });
    const response = await reply;
    expect(response.status).toBe(200);
    expect(response.json.acknowledged).toHaveLength(1000);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    const db = await openServerDb();
    try {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries');
      expect(row!.n).toBe(1000);
    } finally {
      await db.close();
    }
  });
});
