// `npm run build:node`: compiles the server and the gatecheck command to dist-node/ (tsc,
// tsconfig.node-build.json, incremental), then copies the runtime files that are not
// TypeScript (the SQL migrations) next to the code that reads them. A file the source tree
// no longer has is removed from dist-node/, so a deleted module or migration never lingers.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-node');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.node-build.json')], { stdio: 'inherit' });

/** Runtime assets: every non-TypeScript file under these source folders, copied as is. */
const ASSETS = ['server/db/migrations'];
for (const folder of ASSETS) {
  const from = join(root, 'src', folder);
  const to = join(out, folder);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (!name.endsWith('.ts')) cpSync(join(from, name), join(to, name));
}

// Compiled modules whose source is gone (renamed or deleted) are removed.
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
for (const file of walk(out)) {
  const match = /^(.*)\.js(\.map)?$/.exec(relative(out, file));
  if (match && !existsSync(join(root, 'src', `${match[1]}.ts`)) && !existsSync(join(root, 'src', `${match[1]}.tsx`))) rmSync(file);
}
