/**
 * Test harness: a real server (real database, real keys, the demo start-up) driven through
 * Fastify's inject, against PGlite or a throwaway PostgreSQL. Nothing of ours is mocked.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { b64uDecodeLength, openTrustBundle, tweetnaclEd25519, type TrustBundle } from '../../core/index.ts';
import { connectPostgres, startPostgres, type TestPostgres } from '../../../test/setup/postgres.ts';
import type { ServerContext } from '../context.ts';
import { openServer, type OpenServerOptions } from '../open-server.ts';
import type { StatusSettings } from '../status/status-publisher.ts';
import { freshPgliteDb } from './fresh-pglite.ts';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** One server under test. */
export interface Harness {
  kind: DbKind;
  app: FastifyInstance;
  ctx: ServerContext;
  dataDir: string;
  /** The test's clock (Unix ms); move it with `advance`. */
  clock: { now: number; advance(ms: number): void };
  /** Cookie header of a signed-in administrator. */
  adminCookie: string;
  /** The root seed of the demo keyset (tests sign bundles with it, as `gatecheck trust` would). */
  rootSeed: Uint8Array;
  /** Admin API call with the session cookie. */
  admin(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a checkpoint and enrolls a device there. */
  enroll(name?: string): Promise<{ checkpointId: string; deviceId: string; credential: string }>;
  /** A device enrolled at a new checkpoint `gate` uploads one admitted scan of `cid` (now); resolves with its entry id. */
  admitScan(gate: string, cid: string): Promise<string>;
  /** Rows in a table (tests check that refused requests wrote nothing). */
  count(
    table:
      | 'entries'
      | 'devices'
      | 'enrollment_tokens'
      | 'status_changes'
      | 'trust_bundles'
      | 'checkpoints'
      | 'holder_applications'
      | 'issued_codes'
      | 'application_decisions',
  ): Promise<number>;
  /** The published trust bundle, verified. */
  trustBundle(): Promise<TrustBundle>;
  close(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the one cluster the unit run's global setup started (test/setup/unit-global-setup.ts). */
    postgresUrl?: string;
  }
}

/**
 * PostgreSQL for one test file: the run's shared cluster when the global setup started one
 * (this file's databases get unique names and are dropped in afterAll), else a cluster of the
 * file's own (started lazily, stopped in afterAll).
 */
export function usePostgres(): () => Promise<TestPostgres> {
  let cluster: Promise<TestPostgres> | null = null;
  afterAll(async () => {
    if (cluster) await (await cluster).stop();
  });
  return () => {
    const shared = inject('postgresUrl');
    cluster ??= shared ? Promise.resolve(connectPostgres(shared)) : startPostgres();
    return cluster;
  };
}

let databaseCounter = 0;

/** Opens a server with the demo on an empty data folder (so the demo keyset and codes exist). */
export async function openHarness(
  kind: DbKind,
  cluster: (() => Promise<TestPostgres>) | null,
  options: {
    status?: Partial<StatusSettings>;
    distDir?: string | null;
    settings?: OpenServerOptions['settings'];
    logger?: OpenServerOptions['logger'];
  } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-server-'));
  rmSync(dataDir, { recursive: true }); // "empty folder": the first start creates it
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    if (!cluster) throw new Error('postgres harness needs usePostgres()');
    databaseUrl = await (await cluster()).createDatabase(`t${process.pid}_${++databaseCounter}`);
  }
  const opened = await openServer({
    dataDir,
    demo: true,
    databaseUrl,
    db: kind === 'pglite' ? await freshPgliteDb() : undefined,
    adminPassword: ADMIN_PASSWORD,
    distDir: options.distDir ?? null,
    status: options.status,
    settings: options.settings,
    logger: options.logger,
    now: () => clock.now,
  });
  const { app, context } = opened;
  const login = await app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.body}`);
  const adminCookie = String(login.headers['set-cookie']).split(';')[0]!;
  const rootSeed = b64uDecodeLength(
    (JSON.parse(readFileSync(join(dataDir, 'keys', 'root.json'), 'utf8')) as { secretKey: string }).secretKey,
    32,
  )!;

  const harness: Harness = {
    kind,
    app,
    ctx: context,
    dataDir,
    clock,
    adminCookie,
    rootSeed,
    admin: (method, url, body) =>
      app.inject({ method, url, headers: { cookie: adminCookie }, ...(body === undefined ? {} : { payload: body as object }) }),
    async enroll(name = 'North gate') {
      // Each call makes a checkpoint of its own, as it always has; names are unique per site,
      // so a name used already gets a number ("North gate 2").
      let created = await harness.admin('POST', '/api/admin/checkpoints', { name, site: 'Site A' });
      for (let n = 2; created.statusCode === 409; n++)
        created = await harness.admin('POST', '/api/admin/checkpoints', { name: `${name} ${n}`, site: 'Site A' });
      const checkpointId = (created.json() as { checkpoint: { id: string } }).checkpoint.id;
      const offer = await harness.admin('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`);
      const { token } = offer.json() as { token: string };
      const enrolled = await app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName: 'phone 1' } });
      const { deviceId, credential } = enrolled.json() as { deviceId: string; credential: string };
      return { checkpointId, deviceId, credential };
    },
    async admitScan(gate, cid) {
      const { credential } = await harness.enroll(gate);
      const entry = { id: randomUUID(), time: clock.now, checkpoint: gate, direction: 'in', reason: 'ok', decision: 'admit', cid };
      const uploaded = await app.inject({
        method: 'POST',
        url: '/api/entries',
        headers: { authorization: `Bearer ${credential}` },
        payload: { entries: [entry] },
      });
      if (uploaded.statusCode !== 200) throw new Error(`the scan upload answered ${uploaded.statusCode}: ${uploaded.body}`);
      return entry.id;
    },
    async count(table) {
      const [row] = await context.db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table}`);
      return row!.n;
    },
    async trustBundle() {
      const response = await app.inject({ method: 'GET', url: '/api/trust' });
      const opened = await openTrustBundle(response.json(), context.keys!.rootPublicKey, tweetnaclEd25519);
      if (!opened.ok) throw new Error(`published trust bundle does not verify: ${opened.detail}`);
      return opened.bundle;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** beforeAll/afterAll wrapper: one harness per describe block. */
export function useHarness(
  kind: DbKind,
  cluster: (() => Promise<TestPostgres>) | null,
  options?: Parameters<typeof openHarness>[2],
): () => Harness {
  let harness: Harness | null = null;
  beforeAll(async () => {
    harness = await openHarness(kind, cluster, options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('harness not open');
    return harness;
  };
}
