/**
 * The dump of a freshly initialised, empty PGlite cluster: what every fresh in-memory test
 * database starts from (memory-db.ts). No vitest here: the unit run's global setup writes it.
 */
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

/** Runs PGlite's initdb in memory and dumps the result (uncompressed). */
export async function dumpEmptyCluster(): Promise<Blob> {
  const pg = new PGlite();
  await pg.waitReady;
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  return dump;
}

/** Writes the empty-cluster dump to `path` (once per run, in test/setup/unit-global-setup.ts). */
export async function writePgliteTemplate(path: string): Promise<void> {
  writeFileSync(path, new Uint8Array(await (await dumpEmptyCluster()).arrayBuffer()));
}
