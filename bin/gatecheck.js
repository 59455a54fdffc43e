#!/usr/bin/env node
// The `gatecheck` command. It runs the compiled CLI, dist-node/cli/main.js, which
// `npm run build` makes (tsconfig.node-build.json). In a checkout without that build, or with
// GATECHECK_FROM_SOURCE=1 (development), it runs the TypeScript source through tsx instead.
// Paths come from this file's real location, so it works when invoked through a symlink
// (node_modules/.bin/gatecheck) and from any working directory.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Exit status of an error no command reported: a bug or a broken installation (0-2 are the commands' own). */
const EXIT_INTERNAL = 3;

const root = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '..');
const compiled = join(root, 'dist-node', 'cli', 'main.js');

async function loadMain() {
  if (existsSync(compiled) && !process.env.GATECHECK_FROM_SOURCE) return import(pathToFileURL(compiled).href);
  const { register } = await import('tsx/esm/api');
  // The project's base compiler options, whatever tsconfig.json the caller's folder holds.
  register({ tsconfig: join(root, 'tsconfig.base.json') });
  return import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}

try {
  const { main } = await loadMain();
  process.exitCode = await main(process.argv);
} catch (error) {
  if (process.env.GATECHECK_DEBUG) process.stderr.write(`${error?.stack ?? String(error)}\n`);
  const message = String(error?.message ?? error).replace(/\s*\n\s*/g, ' ');
  process.stderr.write(`gatecheck: internal error: ${message} (run "npm run build" in ${root}?)\n`);
  process.exitCode = EXIT_INTERNAL;
}
