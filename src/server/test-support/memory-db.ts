/**
 * Fresh in-memory PGlite databases for tests, started from a dump of a just-initialised
 * (empty, unmigrated) cluster instead of running PGlite's initdb each time (about 3 s on
 * 2 cores; loading the dump takes a fraction of that). The unit run's global setup makes the
 * dump once for every file (test/setup/unit-global-setup.ts); elsewhere each process makes
 * its own on first use.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Db } from '../db/db.ts';
import { openPglite } from '../db/pglite-db.ts';
import { dumpEmptyCluster } from './pglite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the empty-cluster dump (pglite-template.ts) the global setup wrote for this run. */
    pgliteTemplate?: string;
  }
}

let template: Promise<Blob> | null = null;

/** A new, empty (unmigrated) in-memory database. */
export async function freshMemoryDb(): Promise<Db> {
  template ??= (async () => {
    const shared = inject('pgliteTemplate');
    return shared ? new Blob([readFileSync(shared)]) : dumpEmptyCluster();
  })();
  return openPglite(undefined, { loadDataDir: await template });
}
