/**
 * Compiles the server and the gatecheck command (`npm run build:node`, incremental) before a
 * test run, so every test that runs bin/gatecheck.js runs the code of this checkout as it is
 * shipped (dist-node/), never a stale build. Called by both vitest configs' global setups.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../../scripts/build-node.mjs', import.meta.url));

export function buildNode(): void {
  execFileSync(process.execPath, [BUILD], { stdio: 'inherit' });
}
