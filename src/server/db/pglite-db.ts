/** The embedded engine: PGlite (PostgreSQL compiled to WebAssembly) in a data directory. */
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';

const INT8 = 20;

/**
 * Opens (creating when needed) a PGlite database in `dir`, or in memory without one.
 * `loadDataDir` starts from a dump (PGlite's dumpDataDir) instead of running initdb.
 */
export async function openPglite(dir?: string, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  // int8 as number: every bigint we store (ms times, sequences, counts) is far below 2^53.
  const pg = new PGlite(dir, {
    parsers: { [INT8]: (value: string) => Number(value) },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await pg.waitReady;
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await target.query<R>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (work) => pg.transaction((tx) => work(wrap(tx))),
    close: () => pg.close(),
  };
}
