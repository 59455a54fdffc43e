/** Opens the configured database and brings its schema up to date. */
import type { Db, DbLocation } from './db.ts';
import { migrate } from './migrate.ts';

/** Opens PGlite or PostgreSQL per `location` and applies pending migrations. */
export async function openDb(location: DbLocation): Promise<Db> {
  const db =
    location.kind === 'postgres'
      ? await (await import('./postgres-db.ts')).openPostgres(location.url)
      : await (await import('./pglite-db.ts')).openPglite(location.dir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
