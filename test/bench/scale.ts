/**
 * City-scale server rows (`npm run bench -- scale`, several minutes; not part of
 * `npm test`), on a durable throwaway PostgreSQL behind a separate `gatecheck serve`:
 *
 * - ingest through POST /api/entries with 0 stored entries, then again after 10 million
 *   entries were filled in with SQL (generate_series over the last 30 days, 100
 *   checkpoints; the rollups built by INSERT … SELECT, a day at a time, with the upserts
 *   an upload runs), same server, same batches;
 * - a 30-day statistics request over those 10 million entries from the rollups, next to
 *   the same request on the raw table (entryStats with source 'raw'), in the same run,
 *   plus the same rollup request through HTTP.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b64uEncode, type EntryUpload } from '../../src/core/index.ts';
import { openPostgres } from '../../src/server/db/postgres-db.ts';
import { rollupInsertCtes } from '../../src/server/entries/entry-rollups.ts';
import { entryStats } from '../../src/server/entries/entry-stats.ts';
import { demoKeysFolder, spawnServer } from '../../src/server/test-support/server-process.ts';
import { startPostgres } from '../setup/postgres.ts';
import type { BenchRow } from './row.ts';
import { medianOfRuns } from './stats.ts';

const STORED = Number(process.env.GATECHECK_BENCH_STORED ?? 10_000_000);
const CHECKPOINTS = 100;
const BATCH = 500;
const IN_FLIGHT = 4;
const BATCHES = 120;
const PASSWORD = 'bench password';
const DAY = 86_400_000;
const INGEST = 'city scale: ingest (PostgreSQL)';
const STATS = 'city scale: 30-day statistics (PostgreSQL)';

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
const batches = (count: number) => Array.from({ length: count }, () => JSON.stringify({ entries: Array.from({ length: BATCH }, entry) }));

async function ingest(url: string, credential: string, bodies: string[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${url}/api/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body,
      });
      const reply = (await response.json()) as { acknowledged?: string[] };
      if (response.status !== 200 || reply.acknowledged?.length !== BATCH) throw new Error(`bench: upload failed (${response.status})`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (bodies.length * BATCH) / ((performance.now() - started) / 1000);
}

/**
 * 10 million entries over the 30 days before `nowMs`, a day at a time: 100 checkpoints,
 * mostly admitted, some yellow, red and expired codes, 2 % overridden; then their ids, and
 * the rollups.
 */
export async function fill(databaseUrl: string, nowMs: number, log: (s: string) => void): Promise<void> {
  const db = await openPostgres(databaseUrl, 1);
  try {
    await db.exec('SET synchronous_commit = off');
    const checkpoints = Array.from({ length: CHECKPOINTS }, () => randomUUID());
    await db.query(
      `INSERT INTO checkpoints (id, name, site, policy, created_ms) SELECT c, 'Gate ' || n, 'Bench', '{}'::jsonb, 0 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(c, n)`,
      [checkpoints],
    );
    const from = nowMs - 30 * DAY;
    const perDay = Math.ceil(STORED / 30);
    for (let d = 0; d < 30; d++) {
      const dayStart = from + d * DAY;
      const count = Math.min(perDay, STORED - d * perDay);
      for (const day of new Set([Math.floor(dayStart / DAY), Math.floor((dayStart + DAY - 1) / DAY)]))
        await db.query('SELECT gatecheck_entry_partition($1::bigint)', [day]);
      const started = performance.now();
      await db.query(
        `INSERT INTO entries (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, override, clock_note, received_ms)
         SELECT gen_random_uuid(), c, c, 'Gate', t, CASE WHEN i % 2 = 0 THEN 'in' ELSE 'out' END, r.reason, r.decision,
                substr(md5(i::text || $3::text), 1, 22), 'AAECAwQFBgc',
                CASE WHEN i % 50 = 0 THEN jsonb_build_object('decision', CASE WHEN r.decision = 'admit' THEN 'refuse' ELSE 'admit' END, 'reason', 'supervisor', 'at', t + 1000) END,
                NULL, t
         FROM (SELECT i, $1::bigint + (i * ${DAY}) / $2::bigint AS t, ($4::uuid[])[(1 + (i * 7919) % ${CHECKPOINTS})::int] AS c, (i * 104729) % 100 AS k
               FROM generate_series(0::bigint, $2::bigint - 1) AS i) s
         CROSS JOIN LATERAL (SELECT CASE WHEN s.k < 90 THEN 'ok' WHEN s.k < 94 THEN 'status_yellow' WHEN s.k < 95 THEN 'status_red' WHEN s.k < 98 THEN 'expired' ELSE 'not_a_health_code' END AS reason,
                                    CASE WHEN s.k < 90 THEN 'admit' WHEN s.k < 94 THEN 'refer' ELSE 'refuse' END AS decision) r`,
        [dayStart, count, d, checkpoints],
      );
      log(`bench: scale fill day ${d + 1}/30 (${count} entries) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    let started = performance.now();
    await db.query(
      'INSERT INTO entry_ids (id, time_ms) SELECT id, time_ms FROM entries WHERE checkpoint_id = ANY($1::uuid[]) ORDER BY id',
      [checkpoints],
    );
    log(`bench: scale fill entry_ids in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    // The rollups of the filled rows (the API's uploads are in them already), a day at a
    // time, with the very upserts an upload runs.
    for (let d = 0; d < 30; d++) {
      await db.query(
        `WITH filled AS (SELECT time_ms, checkpoint_id, reason, decision, override FROM entries
                         WHERE time_ms >= $1 AND time_ms < $2 AND checkpoint_id = ANY($3::uuid[])),
         ${rollupInsertCtes('filled')}
         SELECT 1`,
        [from + d * DAY, from + (d + 1) * DAY, checkpoints],
      );
    }
    log(`bench: scale fill rollups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await db.exec('VACUUM ANALYZE');
    log(`bench: scale VACUUM ANALYZE in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

export async function bench(): Promise<BenchRow[]> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const dir = join(mkdtempSync(join(tmpdir(), 'gatecheck-bench-')), 'data');
  const cluster = await startPostgres({ durable: true });
  try {
    const databaseUrl = await cluster.createDatabase('scale');
    const server = await spawnServer(await demoKeysFolder(dir), { GATECHECK_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: databaseUrl });
    try {
      const login = await fetch(`${server.url}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: PASSWORD }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const admin = async (path: string, body?: unknown) => {
        const response = await fetch(server.url + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (!response.ok) throw new Error(`bench: ${path} failed (${response.status}): ${await response.text()}`);
        return response.json();
      };
      const { checkpoint } = await admin('/api/admin/checkpoints', { name: 'Bench gate' });
      const { token } = await admin(`/api/admin/checkpoints/${checkpoint.id}/enrollment`, {});
      const enrolled = await fetch(`${server.url}/api/devices/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const { credential } = (await enrolled.json()) as { credential: string };

      await ingest(server.url, credential, batches(8)); // warm-up: JIT, caches, connections
      const atZero = await ingest(server.url, credential, batches(BATCHES));
      log(`bench: scale ingest at 0 stored: ${Math.round(atZero)} entries/s`);

      const now = Date.now();
      await fill(databaseUrl, now, log);
      const db = await openPostgres(databaseUrl, 4);
      let stored: number;
      try {
        stored = (await db.query<{ n: number }>('SELECT sum(scans)::bigint AS n FROM entry_hourly'))[0]!.n;
      } finally {
        await db.close();
      }
      await ingest(server.url, credential, batches(8));
      const atFull = await ingest(server.url, credential, batches(BATCHES));
      log(`bench: scale ingest at ${stored} stored: ${Math.round(atFull)} entries/s`);

      const query = { from: now - 30 * DAY, to: now, tzOffsetMinutes: 480 };
      const statsDb = await openPostgres(databaseUrl, 4);
      let rolled: number;
      let raw: number;
      let http: number;
      try {
        const a = await entryStats(statsDb, query, now, { source: 'rollups' });
        const b = await entryStats(statsDb, query, now, { source: 'raw' });
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('bench: rollup and raw statistics differ');
        if (a.totals.scans < STORED) throw new Error(`bench: only ${a.totals.scans} entries in the 30 days`);
        rolled = await medianOfRuns(7, () => entryStats(statsDb, query, now, { source: 'rollups' }));
        raw = await medianOfRuns(3, () => entryStats(statsDb, query, now, { source: 'raw' }));
        const qs = `?from=${query.from}&to=${query.to}&tz=${query.tzOffsetMinutes}`;
        http = await medianOfRuns(7, () => admin(`/api/admin/stats${qs}`));
      } finally {
        await statsDb.close();
      }
      const rawName = 'raw table (entryStats source raw)';
      return [
        {
          group: INGEST,
          name: 'POST /api/entries, 0 entries stored',
          value: Math.round(atZero),
          unit: 'entries/s',
          note: `${BATCHES} batches of ${BATCH}, ${IN_FLIGHT} in flight, fsync on`,
        },
        {
          group: INGEST,
          name: `POST /api/entries, ${(stored / 1e6).toFixed(1)} M entries stored`,
          value: Math.round(atFull),
          unit: 'entries/s',
          baseline: 'POST /api/entries, 0 entries stored',
          note: 'target: within 20 % of the row above',
        },
        {
          group: STATS,
          name: rawName,
          value: Math.round(raw),
          unit: 'ms',
          note: `median of 3; ${(stored / 1e6).toFixed(1)} M entries, ${CHECKPOINTS} checkpoints, tz +8`,
        },
        {
          group: STATS,
          name: 'rollups (entryStats default)',
          value: Math.round(rolled),
          unit: 'ms',
          baseline: rawName,
          note: 'median of 7; target <= 200 ms and >= 20x faster',
        },
        {
          group: STATS,
          name: 'GET /api/admin/stats from rollups (HTTP)',
          value: Math.round(http),
          unit: 'ms',
          baseline: rawName,
          note: 'median of 7, separate server process',
        },
      ];
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await cluster.stop();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/scale.ts` prints the rows alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await bench());
}
