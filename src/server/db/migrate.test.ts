import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/harness.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openPglite } from './pglite-db.ts';
import { openPostgres } from './postgres-db.ts';

const cluster = usePostgres();
const dir = `${mkdtempSync(join(tmpdir(), 'gatecheck-migrations-'))}/`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('refuses a gap in the numbering', () => {
    writeFileSync(`${dir}001-a.sql`, 'SELECT 1');
    writeFileSync(`${dir}003-c.sql`, 'SELECT 1');
    expect(() => loadMigrations(dir)).toThrow(/numbered/);
  });

  it.each(['pglite', 'postgres'] as const)('apply once each, and a failing one rolls back whole (%s)', async (kind) => {
    const db = kind === 'pglite' ? await openPglite() : await openPostgres(await (await cluster()).createDatabase('migrate_test'));
    try {
      const shipped = loadMigrations();
      expect(await migrate(db, shipped)).toEqual(shipped.map((m) => m.version));
      expect(await migrate(db, shipped)).toEqual([]);
      const failing = [
        ...shipped,
        { version: shipped.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' },
      ];
      await expect(migrate(db, failing)).rejects.toThrow();
      expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
      const [row] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM schema_migrations');
      expect(row!.n).toBe(shipped.length);
      await expect(
        db.transaction(async (tx) => {
          await tx.query('UPDATE status_state SET head = 99');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await db.query('SELECT head FROM status_state')).toEqual([{ head: 1 }]);
    } finally {
      await db.close();
    }
  });
});
