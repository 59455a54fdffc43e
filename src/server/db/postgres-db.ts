/** PostgreSQL through node-postgres, used when DATABASE_URL is set. */
import pg from 'pg';
import type { Db, Queryable } from './db.ts';

const INT8 = 20;

/** Opens a small connection pool to `url`; the first query proves it reachable. */
export async function openPostgres(url: string, maxConnections = 4): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // int8 as number, as with PGlite: the same rows come back from both engines.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  const base = on(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
