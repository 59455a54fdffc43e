import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EntryUpload } from '../../core/index.ts';
import type { Db } from '../db/db.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { openPostgres } from '../db/postgres-db.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';
import { freshPgliteDb } from '../test-support/fresh-pglite.ts';
import { DAY_MS, entryPartitions, PARTITION_DAYS_BACK } from './entry-partitions.ts';
import { insertEntries } from './entry-store.ts';
import { purgeEntriesBefore } from './retention.ts';

const cluster = usePostgres();
/** 2020-01-02: within the API's time range (from the product's epoch), far older than any partition. */
const EARLIEST = Date.UTC(2020, 0, 2);

const entry = (time: number, over: Partial<EntryUpload> = {}): EntryUpload => ({
  id: randomUUID(),
  time,
  checkpoint: 'Gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  ...over,
});
const dayName = (ms: number) => `entries_d${new Date(ms).toISOString().slice(0, 10).replace(/-/g, '')}`;

/** Rollups as they should be: recomputed from the raw table (the reference the store must match). */
async function rollupsMatchRaw(db: Db): Promise<void> {
  const raw = await db.query(
    `SELECT (time_ms / 3600000) * 3600000 AS hour_ms, checkpoint_id, count(*)::bigint AS scans,
       count(*) FILTER (WHERE COALESCE(override->>'decision', decision) = 'admit')::bigint AS admitted,
       count(*) FILTER (WHERE COALESCE(override->>'decision', decision) = 'refuse')::bigint AS refused,
       count(*) FILTER (WHERE override IS NOT NULL)::bigint AS overridden
     FROM entries GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const rolled = await db.query(
    'SELECT hour_ms, checkpoint_id, scans, admitted, refused, overridden FROM entry_hourly WHERE scans <> 0 ORDER BY 1, 2',
  );
  expect(rolled).toEqual(raw);
  const rawDaily = await db.query(
    `SELECT (time_ms / 86400000) * 86400000 AS day_ms, checkpoint_id, count(*)::bigint AS scans,
       count(*) FILTER (WHERE COALESCE(override->>'decision', decision) = 'admit')::bigint AS admitted,
       count(*) FILTER (WHERE override IS NOT NULL)::bigint AS overridden,
       array_agg(DISTINCT ((time_ms % 86400000) / 3600000)::int ORDER BY ((time_ms % 86400000) / 3600000)::int) AS hours
     FROM entries GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const daily = await db.query<{ hours: number[] }>(
    'SELECT day_ms, checkpoint_id, scans, admitted, overridden, hours FROM entry_daily WHERE scans <> 0 ORDER BY 1, 2',
  );
  expect(daily.map((d) => ({ ...d, hours: d.hours.flatMap((n, i) => (Number(n) > 0 ? [i] : [])) }))).toEqual(rawDaily);
}

describe.each(DB_KINDS)('entries partitioned by day (%s)', (kind) => {
  // Sessions outlive the days the clock is moved by.
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { sessionTtlMs: 30 * DAY_MS } });

  async function upload(credential: string, entries: EntryUpload[]) {
    const response = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${credential}` },
      payload: { entries },
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  const whereIs = async (id: string) => {
    const rows = await h().ctx.db.query<{ part: string }>('SELECT tableoid::regclass::text AS part FROM entries WHERE id = $1', [id]);
    return rows.map((r) => r.part);
  };

  it('stores each scan in the partition of its UTC day; far-off times in the default partition', async () => {
    const { credential } = await h().enroll('Gate P1');
    const now = h().clock.now;
    const today = entry(now);
    const lastWeek = entry(now - 7 * DAY_MS);
    const ancient = entry(now - (PARTITION_DAYS_BACK + 5) * DAY_MS);
    // The oldest time the API takes (the product's epoch, src/core/api/sync-rules.ts) is far off too.
    const epoch = entry(EARLIEST);
    await upload(credential, [today, lastWeek, ancient, epoch]);
    expect(await whereIs(today.id)).toEqual([dayName(now)]);
    expect(await whereIs(lastWeek.id)).toEqual([dayName(now - 7 * DAY_MS)]);
    expect(await whereIs(ancient.id)).toEqual(['entries_default']);
    expect(await whereIs(epoch.id)).toEqual(['entries_default']);
    const names = (await entryPartitions(h().ctx.db)).map((p) => p.name);
    expect(names).toContain(dayName(now));
    expect(names).not.toContain(dayName(EARLIEST));
  });

  it('never adds a row for a re-sent entry, whatever time it claims, and still records its newer override', async () => {
    const { credential } = await h().enroll('Gate P2');
    const now = h().clock.now;
    const first = entry(now - 2 * DAY_MS, { reason: 'status_yellow', decision: 'refer' });
    await upload(credential, [first]);
    const count = await h().count('entries');
    // The same id claiming another day, another partition, the default partition; upper case.
    await upload(credential, [{ ...first, time: now }]);
    await upload(credential, [{ ...first, id: first.id.toUpperCase(), time: EARLIEST }]);
    expect(await h().count('entries')).toBe(count);
    expect(await whereIs(first.id)).toEqual([dayName(now - 2 * DAY_MS)]);
    // A guard's override re-sent with a wrong time lands on the stored row.
    await upload(credential, [{ ...first, time: now - 40 * DAY_MS, override: { decision: 'refuse', reason: 'supervisor', at: now } }]);
    const [row] = await h().ctx.db.query<{ time_ms: number; override: unknown }>('SELECT time_ms, override FROM entries WHERE id = $1', [
      first.id,
    ]);
    expect(row).toEqual({ time_ms: now - 2 * DAY_MS, override: { decision: 'refuse', reason: 'supervisor', at: now } });
    expect(await h().count('entries')).toBe(count);
    await rollupsMatchRaw(h().ctx.db);
  });

  it("moves a day's scans out of the default partition when the day gets its partition", async () => {
    const { credential, deviceId, checkpointId } = await h().enroll('Gate P3');
    const soon = h().clock.now + 3 * DAY_MS;
    const early = entry(soon); // a device clock three days fast
    // The API refuses times over a day ahead of the server's clock, so a row like this comes only
    // from a server whose clock was behind (two servers on one database) or from before that
    // rule: stored through the store itself, as such a server would have.
    await insertEntries(h().ctx.db, { deviceId, checkpointId }, [early], h().clock.now);
    expect(await whereIs(early.id)).toEqual(['entries_default']);
    h().clock.advance(3 * DAY_MS);
    const onTime = entry(soon + 1000);
    await upload(credential, [onTime]);
    expect(await whereIs(early.id)).toEqual([dayName(soon)]);
    expect(await whereIs(onTime.id)).toEqual([dayName(soon)]);
    await upload(credential, [early]); // still stored once
    expect((await h().ctx.db.query('SELECT 1 FROM entries WHERE id = $1', [early.id])).length).toBe(1);
  });

  it('retention drops whole day partitions, with their ids and rollups', async () => {
    const { credential } = await h().enroll('Gate P4');
    const now = h().clock.now;
    const old = entry(now - 20 * DAY_MS);
    const kept = entry(now - 9 * DAY_MS);
    await upload(credential, [old, kept]);
    const cutoff = now - 10 * DAY_MS;
    const before = await h().count('entries');
    const gone = await h().ctx.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries WHERE time_ms < $1', [
      Math.floor(cutoff / DAY_MS) * DAY_MS,
    ]);
    expect(await purgeEntriesBefore(h().ctx.db, cutoff)).toBe(gone[0]!.n);
    expect(await h().count('entries')).toBe(before - gone[0]!.n);
    const names = (await entryPartitions(h().ctx.db)).map((p) => p.name);
    expect(names).not.toContain(dayName(old.time));
    expect(names).toContain(dayName(kept.time));
    expect(await h().ctx.db.query('SELECT 1 FROM entry_ids WHERE time_ms < $1', [Math.floor(cutoff / DAY_MS) * DAY_MS])).toEqual([]);
    expect(await h().ctx.db.query('SELECT 1 FROM entry_hourly WHERE hour_ms < $1', [Math.floor(cutoff / DAY_MS) * DAY_MS])).toEqual([]);
    await rollupsMatchRaw(h().ctx.db);
    // An old scan arriving after its day was dropped is stored again (until the next purge).
    await upload(credential, [old]);
    expect(await whereIs(old.id)).toHaveLength(1);
  });
});

describe.each(DB_KINDS)('migration 003 (%s)', (kind) => {
  it('keeps every entry of a database made by migrations 001-002, with its ids and rollups', async () => {
    const db =
      kind === 'pglite' ? await freshPgliteDb() : await openPostgres(await (await cluster()).createDatabase(`m003_${process.pid}`));
    try {
      const all = loadMigrations();
      await migrate(db, all.slice(0, 2));
      const device = randomUUID();
      const checkpoint = randomUUID();
      const base = Date.UTC(2024, 11, 30, 22);
      // 30 scans over three days (across a year's end), some overridden; one at time 0.
      await db.query(
        `INSERT INTO entries (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, override, clock_note, received_ms)
         SELECT gen_random_uuid(), $1, $2, 'Gate', CASE WHEN i = 0 THEN 0 ELSE $3::bigint + i * 7200000 END, 'in',
                CASE WHEN i % 3 = 0 THEN 'status_yellow' ELSE 'ok' END, CASE WHEN i % 3 = 0 THEN 'refer' ELSE 'admit' END, NULL, NULL,
                CASE WHEN i % 5 = 0 THEN '{"decision":"refuse","reason":"supervisor","at":1}'::jsonb END, NULL, $3::bigint
         FROM generate_series(0, 29) AS i`,
        [device, checkpoint, base],
      );
      const before = await db.query('SELECT id, time_ms, override FROM entries ORDER BY id');
      expect(await migrate(db, all)).toEqual(all.slice(2).map((m) => m.version));
      expect(await db.query('SELECT id, time_ms, override FROM entries ORDER BY id')).toEqual(before);
      const [ids] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entry_ids');
      expect(ids!.n).toBe(30);
      const days = [0, ...Array.from({ length: 29 }, (_, i) => base + (i + 1) * 7_200_000)].map(dayName);
      expect((await entryPartitions(db)).map((p) => p.name)).toEqual([...new Set(days)]);
      expect(days.slice(1, 2)).toEqual(['entries_d20241231']);
      await rollupsMatchRaw(db);
      const [results] = await db.query<{ n: number }>('SELECT sum(scans)::bigint AS n FROM entry_hourly_results');
      expect(results!.n).toBe(30);
    } finally {
      await db.close();
    }
  });
});
