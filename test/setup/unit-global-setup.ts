/**
 * Once per unit run (vitest.config.ts globalSetup), what every test file would otherwise
 * make for itself: one PostgreSQL cluster (initdb and start cost seconds; each file then
 * creates and drops its own databases in it, test/setup/postgres.ts connectPostgres) and the
 * data folder of an empty PGlite cluster that fresh test databases are copied from
 * (src/server/test-support/fresh-pglite.ts). Handed to the files with provide/inject. First the
 * compiled server and CLI that child processes run (build-node.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// Type-only: the two modules that read what is provided declare it (ProvidedContext).
import type {} from '../../src/server/test-support/harness.ts';
import type {} from '../../src/server/test-support/fresh-pglite.ts';
import { writePgliteTemplate } from '../../src/server/test-support/pglite-template.ts';
import { buildNode } from './build-node.ts';
import { startPostgres } from './postgres.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildNode();
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-unit-'));
  const template = join(dir, 'pglite-empty');
  // Two workers, each file with a pool of up to 4 per server and sometimes two servers.
  const [cluster] = await Promise.all([startPostgres({ maxConnections: 200 }), writePgliteTemplate(template)]);
  project.provide('postgresUrl', cluster.url);
  project.provide('pgliteTemplate', template);
  return async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
