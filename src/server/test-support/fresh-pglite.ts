/**
 * Fresh PGlite databases for tests, each a copy of the data folder of a just-initialised
 * (empty, unmigrated) cluster instead of running PGlite's initdb each time (about 3.5 s on
 * 2 cores; copying the folder and opening the copy takes about 0.45 s, pglite-template.ts). The
 * unit run's global setup makes the template once for every file
 * (test/setup/unit-global-setup.ts); elsewhere each process makes its own on first use.
 * Closing the database deletes its copy.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Db } from '../db/db.ts';
import { openPglite } from '../db/pglite-db.ts';
import { writePgliteTemplate } from './pglite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The empty-cluster data folder (pglite-template.ts) the global setup wrote for this run. */
    pgliteTemplate?: string;
  }
}

let template: Promise<string> | null = null;

/** The template folder: the run's, or one this process makes (and removes when it exits). */
function templateDir(): Promise<string> {
  template ??= (async () => {
    const shared = inject('pgliteTemplate');
    if (shared) return shared;
    const parent = mkdtempSync(join(tmpdir(), 'gatecheck-pglite-template-'));
    process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
    const dir = join(parent, 'data');
    await writePgliteTemplate(dir);
    return dir;
  })();
  return template;
}

/**
 * Puts an initialised, empty cluster at `dir` (which must not exist yet), for a test that opens
 * a server on a persistent data folder (DIR/db) without paying for initdb.
 */
export async function copyPgliteTemplate(dir: string): Promise<void> {
  cpSync(await templateDir(), dir, { recursive: true });
}

/** A new, empty (unmigrated) database of its own, in a copy of the template folder. */
export async function freshPgliteDb(): Promise<Db> {
  const parent = mkdtempSync(join(tmpdir(), 'gatecheck-pglite-'));
  const dir = join(parent, 'data');
  await copyPgliteTemplate(dir);
  const db = await openPglite(dir);
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  };
}
