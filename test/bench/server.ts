/**
 * Server bench rows: entries ingested per second through the HTTP API (a separate server
 * process, batches of 500, 4 uploads in flight) with PGlite and with PostgreSQL, each next
 * to the raw insert rate of the same database in the same run (the same INSERT, called
 * directly); what the city-scale store (migration 003) costs next to the single-table
 * insert; and a 10,000-entry status delta published, then fetched and verified.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  b64uEncode,
  MemoryStatusList,
  openStatusList,
  openTrustBundle,
  webCryptoEd25519,
  type EntryUpload,
  type Envelope,
  type SubtleEd25519,
} from '../../src/core/index.ts';
import type { Db } from '../../src/server/db/db.ts';
import { openDb } from '../../src/server/db/open-db.ts';
import { insertEntries } from '../../src/server/entries/entry-store.ts';
import { demoKeysFolder, spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { startPostgres } from '../setup/postgres.ts';
import type { BenchRow } from './row.ts';

const BATCH = 500;
const IN_FLIGHT = 4;
const PASSWORD = 'bench password';
const DELTA_GROUP = 'server status delta';

const entry = (): EntryUpload => ({
  id: randomUUID(),
  time: Date.now(),
  checkpoint: 'Bench gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: b64uEncode(randomBytes(16)),
  kid: 'AAECAwQFBgc',
});
const batches = (count: number) => Array.from({ length: count }, () => Array.from({ length: BATCH }, entry));

/** POSTs to an admin path as the signed-in admin; the caller names the reply's shape. */
type AdminPost = <T>(path: string, body?: unknown) => Promise<T>;

async function adminSession(server: ServerProcess): Promise<AdminPost> {
  const login = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`bench: admin login failed (${login.status})`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) throw new Error(`bench: ${path} failed (${response.status}): ${await response.text()}`);
    return (await response.json()) as T;
  };
}

async function enroll(server: ServerProcess, admin: AdminPost): Promise<string> {
  const { checkpoint } = await admin<{ checkpoint: { id: string } }>('/api/admin/checkpoints', { name: 'Bench gate' });
  const { token } = await admin<{ token: string }>(`/api/admin/checkpoints/${checkpoint.id}/enrollment`);
  const response = await fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return ((await response.json()) as { credential: string }).credential;
}

/** Uploads every batch with IN_FLIGHT requests at a time; entries per second. */
async function ingestOverHttp(server: ServerProcess, credential: string, work: EntryUpload[][]): Promise<number> {
  const bodies = work.map((b) => JSON.stringify({ entries: b }));
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${server.url}/api/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body,
      });
      const reply = (await response.json()) as { acknowledged?: string[] };
      if (response.status !== 200 || reply.acknowledged?.length !== BATCH) throw new Error(`bench: upload failed (${response.status})`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (work.length * BATCH) / ((performance.now() - started) / 1000);
}

/** The same INSERT the API runs, called directly with as many in flight; entries per second. */
async function ingestRaw(db: Db, work: EntryUpload[][]): Promise<number> {
  const [device] = await db.query<{ id: string; checkpoint_id: string }>('SELECT id, checkpoint_id FROM devices LIMIT 1');
  const source = { deviceId: device!.id, checkpointId: device!.checkpoint_id };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < work.length) await insertEntries(db, source, work[next++]!, Date.now());
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (work.length * BATCH) / ((performance.now() - started) / 1000);
}

async function ingestRows(
  kind: 'pglite' | 'postgres',
  batchCount: number,
  target: number,
): Promise<{ rows: BenchRow[]; server?: ServerProcess; dir: string; databaseUrl?: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'gatecheck-bench-')), 'data');
  const cluster = kind === 'postgres' ? await startPostgres({ durable: true }) : null;
  try {
    const databaseUrl = cluster ? await cluster.createDatabase('bench') : undefined;
    const server = await spawnServer(await demoKeysFolder(dir), {
      GATECHECK_ADMIN_PASSWORD: PASSWORD,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    let http: number;
    try {
      const credential = await enroll(server, await adminSession(server));
      await ingestOverHttp(server, credential, batches(4)); // warm-up: JIT, caches, connections
      http = await ingestOverHttp(server, credential, batches(batchCount));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // PGlite has a single writer: the raw run opens the same data folder once the server is gone.
    const db = await openDb(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: join(dir, 'db') });
    let raw: number;
    try {
      await ingestRaw(db, batches(4)); // warm-up, as for HTTP
      raw = await ingestRaw(db, batches(batchCount));
    } finally {
      await db.close();
    }
    const group = `server ingest (${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'})`;
    const rawName = 'raw INSERT, same database, no HTTP';
    return {
      dir,
      rows: [
        {
          group,
          name: rawName,
          value: Math.round(raw),
          unit: 'entries/s',
          note: `${batchCount} batches of ${BATCH}, ${IN_FLIGHT} in flight`,
        },
        {
          group,
          name: 'entries ingested through POST /api/entries',
          value: Math.round(http),
          unit: 'entries/s',
          baseline: rawName,
          note: `target >= ${target}; separate server process, ${IN_FLIGHT} uploads in flight${kind === 'postgres' ? ', fsync on' : ''}`,
        },
      ],
    };
  } finally {
    await cluster?.stop();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

/** A 10,000-entry status change published as one signed delta, then fetched and verified. */
async function deltaRows(): Promise<BenchRow[]> {
  const dir = join(mkdtempSync(join(tmpdir(), 'gatecheck-bench-')), 'data');
  const server = await spawnServer(dir, { GATECHECK_ADMIN_PASSWORD: PASSWORD }, 60_000, ['--demo']);
  try {
    const admin = await adminSession(server);
    const ed25519 = webCryptoEd25519(globalThis.crypto.subtle as unknown as SubtleEd25519);
    const trust = await openTrustBundle(
      await (await fetch(`${server.url}/api/trust`)).json(),
      new Uint8Array(Buffer.from(((await (await fetch(`${server.url}/config.json`)).json()) as { rootKey: string }).rootKey, 'base64url')),
      ed25519,
    );
    if (!trust.ok) throw new Error('bench: trust bundle does not verify');
    const head = (await (await fetch(`${server.url}/api/status/head`)).json()) as { seq: number };
    const changes = Array.from({ length: 10_000 }, (_, i) => ({
      cid: b64uEncode(randomBytes(16)),
      status: i % 3 === 0 ? 'red' : 'yellow',
    }));

    let started = performance.now();
    const published = await admin<{ to: number }>('/api/admin/status', { changes });
    const publishMs = performance.now() - started;

    started = performance.now();
    const { envelopes } = (await (await fetch(`${server.url}/api/status/deltas?from=${head.seq}`)).json()) as { envelopes: Envelope[] };
    const list = new MemoryStatusList();
    list.apply({ authority: 'home', from: 0, to: head.seq, issuedAt: 0, part: 1, parts: 1, entries: [] });
    for (const envelope of envelopes) {
      const opened = await openStatusList(envelope, trust.bundle, ed25519);
      if (!opened.ok) throw new Error(`bench: delta does not verify: ${opened.detail}`);
      list.apply(opened.document);
    }
    const fetchMs = performance.now() - started;
    if (list.seq !== published.to || list.size !== 10_000) throw new Error('bench: delta did not apply');
    return [
      {
        group: DELTA_GROUP,
        name: '10,000-entry delta published (POST → signed and stored)',
        value: Math.round(publishMs),
        unit: 'ms',
        note: 'PGlite, HTTP round trip included',
      },
      {
        group: DELTA_GROUP,
        name: '10,000-entry delta fetched, verified, applied in memory (Node)',
        value: Math.round(fetchMs),
        unit: 'ms',
        note: 'the browser apply is measured by the sync client bench',
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

/**
 * What the city-scale store costs per entry (migration 003: the id table for dedup across
 * partitions, day partitions, four rollup upserts in the same statement), next to the
 * single-table INSERT … ON CONFLICT (id) of migrations 001-002, same PostgreSQL, same
 * batches, 4 in flight, no HTTP.
 */
async function storeCostRows(batchCount: number): Promise<BenchRow[]> {
  const cluster = await startPostgres({ durable: true });
  try {
    const db = await openDb({ kind: 'postgres', url: await cluster.createDatabase('store') });
    try {
      await db.exec(`CREATE TABLE entries_v2 (LIKE entries INCLUDING DEFAULTS, PRIMARY KEY (id));
        CREATE INDEX ON entries_v2 (time_ms); CREATE INDEX ON entries_v2 (checkpoint_id, time_ms); CREATE INDEX ON entries_v2 (cid) WHERE cid IS NOT NULL;`);
      const source = { deviceId: randomUUID(), checkpointId: randomUUID() };
      const single = (work: EntryUpload[]) =>
        db.query(
          `INSERT INTO entries_v2 (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, override, clock_note, received_ms)
           SELECT x.id, $2, $3, x.checkpoint, x.time, x.direction, x.reason, x.decision, x.cid, x.kid, x.override, NULL, $4
           FROM json_to_recordset($1::text::json) AS x(id uuid, checkpoint text, time bigint, direction text, reason text, decision text, cid text, kid text, override jsonb)
           ON CONFLICT (id) DO UPDATE SET override = EXCLUDED.override
             WHERE entries_v2.device_id = EXCLUDED.device_id AND EXCLUDED.override IS NOT NULL
               AND (entries_v2.override IS NULL OR (EXCLUDED.override->>'at')::numeric > (entries_v2.override->>'at')::numeric)
           RETURNING (xmax = 0) AS inserted`,
          [JSON.stringify(work), source.deviceId, source.checkpointId, Date.now()],
        );
      const rate = async (store: (work: EntryUpload[]) => Promise<unknown>) => {
        const work = batches(batchCount);
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < work.length) await store(work[next++]!);
          }),
        );
        return (work.length * BATCH) / ((performance.now() - started) / 1000);
      };
      const current = (work: EntryUpload[]) => insertEntries(db, source, work, Date.now());
      await rate(single);
      await rate(current); // warm-up of both
      // Alternate, so a change in the machine's load hits both alike.
      const singles: number[] = [];
      const currents: number[] = [];
      for (let round = 0; round < 3; round++) {
        singles.push(await rate(single));
        currents.push(await rate(current));
      }
      const med = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
      const group = 'server entry store (PostgreSQL)';
      const base = 'single table, INSERT … ON CONFLICT (id) (migrations 001-002)';
      return [
        {
          group,
          name: base,
          value: Math.round(med(singles)),
          unit: 'entries/s',
          note: `median of 3 runs of ${batchCount} batches of ${BATCH}, ${IN_FLIGHT} in flight, fsync on`,
        },
        {
          group,
          name: 'entry_ids dedup + day partitions + 4 rollups (migration 003)',
          value: Math.round(med(currents)),
          unit: 'entries/s',
          baseline: base,
          note: 'insertEntries, one statement per batch',
        },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await cluster.stop();
  }
}

/** All server rows (about 60-90 s on 2 cores). */
export async function bench(): Promise<BenchRow[]> {
  const pglite = await ingestRows('pglite', 80, 5000);
  const postgres = await ingestRows('postgres', 80, 20_000);
  return [...pglite.rows, ...postgres.rows, ...(await storeCostRows(40)), ...(await deltaRows())];
}

// `node --import tsx test/bench/server.ts` prints the rows alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await bench());
}
