#!/usr/bin/env node
// The `gatecheck` command. The CLI is TypeScript (src/cli/main.ts), run through tsx's loader.
// Paths come from this file's real location, so it works when invoked through a symlink
// (node_modules/.bin/gatecheck) and from any working directory.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '..');
// The project's base compiler options, whatever tsconfig.json the caller's folder holds.
register({ tsconfig: join(root, 'tsconfig.base.json') });
const { main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv);
