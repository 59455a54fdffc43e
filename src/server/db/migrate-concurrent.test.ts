// Servers of a city start at the same time against one new PostgreSQL database: the
// migrations are applied once, and neither start fails (docs/deploying.md starts two at once).
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/harness.ts';
import { freshPgliteDb } from '../test-support/fresh-pglite.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openPostgres } from './postgres-db.ts';

const cluster = usePostgres();

describe('migrate', () => {
  it('two servers migrating one new PostgreSQL database at once: both succeed, each migration applied once', async () => {
    const url = await (await cluster()).createDatabase(`migrate_${process.pid}`);
    const [a, b] = [await openPostgres(url, 2), await openPostgres(url, 2)];
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      const all = loadMigrations().map((m) => m.version);
      expect([...first, ...second].sort((x, y) => x - y)).toEqual(all);
      const rows = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(all);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('runs on PGlite too (the advisory lock exists there)', async () => {
    const db = await freshPgliteDb();
    try {
      expect(await migrate(db)).toEqual(loadMigrations().map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
