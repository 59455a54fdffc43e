/**
 * Compiles the server and the gatecheck command (`npm run build:node`, incremental) before a
 * test run, so every test that runs bin/gatecheck.js runs the code of this checkout as it is
 * shipped (dist-node/), never a stale build. Called by both vitest configs' global setups.
 * `npm test` builds first and sets GATECHECK_NODE_BUILT: its unit and browser runs overlap, and
 * two builds at once would race on dist-node/ (the migrations folder is copied afresh).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../../scripts/build-node.mjs', import.meta.url));

export function buildNode(): void {
  if (process.env.GATECHECK_NODE_BUILT === '1') return;
  execFileSync(process.execPath, [BUILD], { stdio: 'inherit' });
}
