/**
 * Persons rows (issue 14; `npm run bench -- persons`, minutes; not part of `npm test`), on a
 * durable throwaway PostgreSQL:
 *
 * - a contact trace over 30 days of 10 million entries (filled with SQL as in scale.ts:
 *   100 checkpoints) for a case with an entry a day, next to the same query with the
 *   index it relies on (entries_checkpoint_time) dropped in a rolled-back transaction, in the same run;
 *   planted contacts (±14 and 5 minutes) must be found and decoys (16 minutes, the next gate) not;
 * - one page of 100 pending applications with their history (decisions, the person's
 *   statuses, applications and codes) at 100,000 applications: one query.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../src/server/db/db.ts';
import { openPostgres } from '../../src/server/db/postgres-db.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { reviewPage } from '../../src/server/issuance/review-views.ts';
import { TRACE_SQL } from '../../src/server/tracing/trace.ts';
import { startPostgres } from '../setup/postgres.ts';
import type { BenchRow } from './row.ts';
import { medianOfRuns } from './stats.ts';

const STORED = Number(process.env.GATECHECK_BENCH_STORED ?? 10_000_000);
const APPLICATIONS = Number(process.env.GATECHECK_BENCH_APPLICATIONS ?? 100_000);
const CHECKPOINTS = 100;
const DAY = 86_400_000;
const TRACE = 'persons: contact trace, 30 days (PostgreSQL)';
const QUEUE = 'persons: review queue page (PostgreSQL)';

/** Thrown to roll a transaction back once it has been timed. */
class Timed extends Error {
  constructor(readonly ms: number) {
    super('rolled back after timing');
  }
}

/** ms of one run of `work` with `index` dropped, in a transaction that is rolled back (the index comes back). */
async function withoutIndex(db: Db, index: string, work: (tx: Queryable) => Promise<unknown>): Promise<number> {
  try {
    await db.transaction(async (tx) => {
      await tx.exec(`DROP INDEX ${index}`);
      const started = performance.now();
      await work(tx);
      throw new Timed(performance.now() - started);
    });
  } catch (error) {
    if (error instanceof Timed) return error.ms;
    throw error;
  }
  throw new Error('unreachable: the timed transaction always rolls back');
}

export async function bench(): Promise<BenchRow[]> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const cluster = await startPostgres({ durable: true });
  try {
    const db = await openPostgres(await cluster.createDatabase('persons'), 2);
    try {
      await migrate(db);
      await db.exec('SET synchronous_commit = off');
      const now = Date.now();
      const from = now - 30 * DAY;
      const checkpoints = Array.from({ length: CHECKPOINTS }, () => randomUUID());
      await db.query(
        `INSERT INTO checkpoints (id, name, site, policy, created_ms) SELECT c, 'Gate ' || n, 'Bench', '{}'::jsonb, 0 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(c, n)`,
        [checkpoints],
      );
      const perDay = Math.ceil(STORED / 30);
      for (let d = 0; d < 30; d++) {
        const dayStart = from + d * DAY;
        for (const day of new Set([Math.floor(dayStart / DAY), Math.floor((dayStart + DAY - 1) / DAY)]))
          await db.query('SELECT gatecheck_entry_partition($1::bigint)', [day]);
        const started = performance.now();
        await db.query(
          `INSERT INTO entries (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, received_ms)
           SELECT gen_random_uuid(), c, c, 'Gate', t, 'in', 'ok', 'admit', substr(md5(i::text || $3::text), 1, 22), 'AAECAwQFBgc', t
             FROM (SELECT i, $1::bigint + (i * ${DAY}) / $2::bigint AS t, ($4::uuid[])[(1 + (i * 7919) % ${CHECKPOINTS})::int] AS c
                     FROM generate_series(0::bigint, $2::bigint - 1) AS i) s`,
          [dayStart, Math.min(perDay, STORED - d * perDay), d, checkpoints],
        );
        log(`bench: persons fill day ${d + 1}/30 in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      // The case: one entry a day at some gate, for 30 days.
      const caseCid = 'CASEcaseCASEcaseCASEca';
      await db.query(
        `INSERT INTO entries (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, received_ms)
         SELECT gen_random_uuid(), c, c, 'Gate', t, 'in', 'ok', 'admit', $1, 'AAECAwQFBgc', t
           FROM (SELECT $2::bigint + d::bigint * ${DAY} + ${37 * 60_000} AS t, ($3::uuid[])[1 + (d * 13) % ${CHECKPOINTS}] AS c FROM generate_series(0, 29) AS d) s`,
        [caseCid, from + DAY / 2, checkpoints],
      );
      // Known contacts: at each of the case's gates, one cid 5 minutes after the case, one 14
      // minutes before; a decoy 16 minutes after (outside ±15) and one at the next gate at the same time.
      const planted = (name: string, offsetMinutes: number, gateShift: number) =>
        db.query(
          `INSERT INTO entries (id, device_id, checkpoint_id, checkpoint_label, time_ms, direction, reason, decision, cid, kid, received_ms)
           SELECT gen_random_uuid(), c, c, 'Gate', t, 'in', 'ok', 'admit', $1 || lpad(d::text, 2, '0'), 'AAECAwQFBgc', t
             FROM (SELECT d, $2::bigint + d::bigint * ${DAY} + ${37 * 60_000} + $4::bigint * 60000 AS t,
                          ($3::uuid[])[1 + (d * 13 + $5::int) % ${CHECKPOINTS}] AS c FROM generate_series(0, 29) AS d) s`,
          [name, from + DAY / 2, checkpoints, offsetMinutes, gateShift],
        );
      await planted('KNOWNafterKNOWNafter', 5, 0);
      await planted('KNOWNbeforeKNOWNbefo', -14, 0);
      await planted('DECOYlateDECOYlateDE', 16, 0);
      await planted('DECOYgateDECOYgateDE', 0, 1);
      await db.exec('VACUUM ANALYZE entries');
      const params = [[caseCid], from, now, 15 * 60_000];
      const found = new Set((await db.query<{ cid: string }>(TRACE_SQL, params)).map((r) => r.cid));
      const known = Array.from({ length: 30 }, (_, d) => [
        `KNOWNafterKNOWNafter${String(d).padStart(2, '0')}`,
        `KNOWNbeforeKNOWNbefo${String(d).padStart(2, '0')}`,
      ]).flat();
      const missed = known.filter((cid) => !found.has(cid));
      const decoys = [...found].filter((cid) => cid.startsWith('DECOY'));
      if (missed.length > 0 || decoys.length > 0)
        throw new Error(
          `the trace is wrong: missed ${missed.length} known contacts (${missed.slice(0, 3)}), found decoys ${decoys.slice(0, 3)}`,
        );
      if (process.env.GATECHECK_BENCH_EXPLAIN) {
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${TRACE_SQL}`, params);
        log(plan.map((r) => r['QUERY PLAN']).join('\n'));
      }
      const indexed = await medianOfRuns(5, () => db.query(TRACE_SQL, params));
      const contacts = (await db.query(TRACE_SQL, params)).length;
      // The baseline: the same query with the (checkpoint_id, time_ms) index dropped, in a
      // transaction rolled back afterwards (the cid index stays: only the one it relies on goes).
      const unindexed = await withoutIndex(db, 'entries_checkpoint_time', (tx) => tx.query(TRACE_SQL, params));
      log(`bench: persons trace ${indexed.toFixed(1)} ms (${contacts} overlaps), without the index ${unindexed.toFixed(0)} ms`);

      // 100,000 applications of 50,000 persons, each with a status and a decision; half pending.
      await db.query(
        `INSERT INTO persons (id, identity_hash, masked_name, created_ms, updated_ms)
         SELECT md5('p' || i)::uuid, md5('h' || i), '张*明', 0, 0 FROM generate_series(1, $1::int / 2) AS i`,
        [APPLICATIONS],
      );
      await db.query(
        `INSERT INTO person_statuses (person_id, colour, reason, source, set_ms)
         SELECT md5('p' || i)::uuid, 'green', NULL, 'rule', 0 FROM generate_series(1, $1::int / 2) AS i`,
        [APPLICATIONS],
      );
      await db.exec('UPDATE persons p SET status_id = s.id, base_status_id = s.id FROM person_statuses s WHERE s.person_id = p.id');
      await db.query(
        `INSERT INTO holder_applications (id, credential_hash, full_name, id_type, id_number, region, declaration, holder_key, relation, state,
                                          rule_outcome, submitted_ms, updated_ms, person_id, duplicate)
         SELECT md5('a' || i)::uuid, md5('c' || i), '张三明', 'resident_id', '4403' || lpad(i::text, 14, '0'), 440305,
                '{"symptoms":true,"travel":false,"contact":false}', 'AAAA', 'self', CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'approved' END,
                'queue', i, i, md5('p' || (1 + i % ($1::int / 2)))::uuid, i % 2 = 0
           FROM generate_series(1, $1::int) AS i`,
        [APPLICATIONS],
      );
      await db.query(
        `INSERT INTO application_decisions (application_id, at_ms, action, colour, reviewer)
         SELECT md5('a' || i)::uuid, i, 'approve', 'green', 'rule' FROM generate_series(1, $1::int) AS i WHERE i % 2 = 1`,
        [APPLICATIONS],
      );
      await db.exec('VACUUM ANALYZE');
      const nowSeconds = Math.floor(now / 1000);
      const page = await medianOfRuns(9, () => reviewPage(db, 'pending', 100, null, nowSeconds));
      const middle = (await reviewPage(db, 'pending', 100, null, nowSeconds)).next!;
      const later = await medianOfRuns(9, () => reviewPage(db, 'pending', 100, middle, nowSeconds));
      log(`bench: persons queue page ${page.toFixed(1)} ms, the next page ${later.toFixed(1)} ms`);
      return [
        {
          group: TRACE,
          name: 'trace without entries_checkpoint_time',
          value: unindexed,
          unit: 'ms',
          note: `${STORED} entries; index dropped, one run`,
        },
        {
          group: TRACE,
          name: 'trace (30 case entries, ±15 min)',
          value: indexed,
          unit: 'ms',
          baseline: 'trace without entries_checkpoint_time',
          note: `target ≤ 1000 ms; ${contacts} overlaps, all 60 known contacts found, no decoy`,
        },
        {
          group: QUEUE,
          name: 'first page of 100 with history',
          value: page,
          unit: 'ms',
          note: `${APPLICATIONS} applications; target ≤ 100 ms`,
        },
        { group: QUEUE, name: 'second page of 100 (cursor)', value: later, unit: 'ms', baseline: 'first page of 100 with history' },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await cluster.stop();
  }
}
