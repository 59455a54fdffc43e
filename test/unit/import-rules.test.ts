/**
 * The import rules (.dependency-cruiser.cjs) can fail: a small tree of files laid out like
 * src/, each breaking one rule, is cruised with the project's own config, and every rule must
 * report its file; a file that keeps the rules reports nothing. (The real tree is checked by
 * `npm run lint:imports`, a step of `npm test`.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vectors.ts';

/** File (relative to the fixture root) → its source. Comments name the rule each line breaks. */
const FIXTURE: Record<string, string> = {
  'src/core/reasons.ts': `export const REASON = 'ok';\n`,
  'src/core/api/contract.ts': `import { Type } from 'typebox';\nexport const Body = Type.Object({});\n`,
  // core-index-stays-small (the index reaches the contract, and TypeBox with it)
  'src/core/index.ts': `export { REASON } from './reasons.ts';\nexport { Body } from './api/contract.ts';\n`,
  // core-imports-only-itself
  'src/core/uses-server.ts': `import { SERVER } from '../server/clean.ts';\nexport const X = SERVER;\n`,
  // core-tests-not-to-other-runtimes
  'src/core/uses-app.test.ts': `import { FLOW } from '../app/flow/flow.ts';\nexport const X = FLOW;\n`,
  'src/server/clean.ts': `import fastify from 'fastify';\nimport { REASON } from '../core/reasons.ts';\nexport const SERVER = [fastify, REASON];\n`,
  // server-not-to-other-runtimes
  'src/server/uses-cli.ts': `import { CLI } from '../cli/uses-platform.ts';\nexport const X = CLI;\n`,
  // cli-not-to-browser-code
  'src/cli/uses-platform.ts': `import { PLATFORM } from '../platform/uses-app.ts';\nexport const CLI = PLATFORM;\n`,
  // platform-imports-core-and-decoder, nothing-imports-the-apps
  'src/platform/uses-app.ts': `import { FLOW } from '../app/flow/flow.ts';\nexport const PLATFORM = FLOW;\n`,
  'src/platform/storage/db.ts': `export interface Row { id: string }\n`,
  'src/platform/trust/store.ts': `export const STORE = 1;\n`,
  'src/platform/sync/push.ts': `export const PUSH = 1;\n`,
  // browser-uses-contract-types-only (a value import of the contract)
  'src/app/flow/flow.ts': `import { Body } from '../../core/api/contract.ts';\nexport const FLOW = Body;\n`,
  // allowed: browser code may use the contract's types
  'src/app/flow/types-only.ts': `import type { Body } from '../../core/api/contract.ts';\nexport type B = typeof Body;\n`,
  // app-imports-core-and-platform
  'src/app/flow/uses-server.ts': `import { SERVER } from '../../server/clean.ts';\nexport const X = SERVER;\n`,
  // screens-not-to-storage-or-camera: a type-only import of a storage module counts too
  'src/app/screens/Log/log-screen.tsx': `import type { Row } from '../../../platform/storage/db.ts';\nexport const rows: Row[] = [];\n`,
  'src/admin/screens/Entries/entries.tsx': `import Dexie from 'dexie';\nexport const D = Dexie;\n`,
  // admin-imports-only-core, admin-not-through-core-index
  'src/admin/uses-platform.ts': `import { STORE } from '../platform/trust/store.ts';\nimport { REASON } from '../core/index.ts';\nexport const X = [STORE, REASON];\n`,
  // holder-imports-only-core
  'src/holder/uses-admin.ts': `import { X } from '../admin/uses-platform.ts';\nexport const Y = X;\n`,
  // decoder-imports-only-itself, decoder-core-types-only
  'src/decoder/uses-platform.ts': `import { STORE } from '../platform/trust/store.ts';\nimport { REASON } from '../core/reasons.ts';\nexport const X = [STORE, REASON];\n`,
  // sw-imports-platform-storage-and-sync-only (sync/push.ts is allowed, trust/store.ts is not)
  'src/sw/uses-trust.ts': `import { PUSH } from '../platform/sync/push.ts';\nimport { STORE } from '../platform/trust/store.ts';\nexport const X = [PUSH, STORE];\n`,
  // no-test-code-in-production, no-dev-dependencies-in-production
  'src/server/uses-tests.ts': `import { HELP } from '../../test/support/help.ts';\nimport fc from 'fast-check';\nexport const X = [HELP, fc];\n`,
  'test/support/help.ts': `export const HELP = 1;\n`,
  // no-circular (a type-only cycle counts)
  'src/app/flow/ping.ts': `import type { Pong } from './pong.ts';\nexport interface Ping { pong?: Pong }\n`,
  'src/app/flow/pong.ts': `import type { Ping } from './ping.ts';\nexport interface Pong { ping?: Ping }\n`,
  // no-unresolvable
  'src/server/typo.ts': `import { NOPE } from './no-such-file.ts';\nexport const X = NOPE;\n`,
};

/** Each rule and a file that must break it. */
const EXPECTED: [rule: string, from: string][] = [
  ['core-index-stays-small', 'src/core/index.ts'],
  ['core-imports-only-itself', 'src/core/uses-server.ts'],
  ['core-tests-not-to-other-runtimes', 'src/core/uses-app.test.ts'],
  ['server-not-to-other-runtimes', 'src/server/uses-cli.ts'],
  ['cli-not-to-browser-code', 'src/cli/uses-platform.ts'],
  ['platform-imports-core-and-decoder', 'src/platform/uses-app.ts'],
  ['nothing-imports-the-apps', 'src/platform/uses-app.ts'],
  ['browser-uses-contract-types-only', 'src/app/flow/flow.ts'],
  ['app-imports-core-and-platform', 'src/app/flow/uses-server.ts'],
  ['screens-not-to-storage-or-camera', 'src/app/screens/Log/log-screen.tsx'],
  ['screens-not-to-storage-or-camera', 'src/admin/screens/Entries/entries.tsx'],
  ['admin-imports-only-core', 'src/admin/uses-platform.ts'],
  ['admin-not-through-core-index', 'src/admin/uses-platform.ts'],
  ['holder-imports-only-core', 'src/holder/uses-admin.ts'],
  ['decoder-imports-only-itself', 'src/decoder/uses-platform.ts'],
  ['decoder-core-types-only', 'src/decoder/uses-platform.ts'],
  ['sw-imports-platform-storage-and-sync-only', 'src/sw/uses-trust.ts'],
  ['no-test-code-in-production', 'src/server/uses-tests.ts'],
  ['no-dev-dependencies-in-production', 'src/server/uses-tests.ts'],
  // A cycle is reported once, from the module dependency-cruiser reaches first.
  ['no-circular', 'src/app/flow/ping.ts'],
  ['no-unresolvable', 'src/server/typo.ts'],
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

const root = mkdtempSync(path.join(tmpdir(), 'gatecheck-import-rules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cruiseFixture(): Violation[] {
  for (const [file, source] of Object.entries(FIXTURE)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  copyFileSync(path.join(REPO_ROOT, '.dependency-cruiser.cjs'), path.join(root, '.dependency-cruiser.cjs'));
  copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  const bin = path.join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src', 'test'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  // The reporter `npm run lint:imports` uses exits non-zero on the same tree.
  const err = spawnSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src', 'test'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(err.status, err.stdout).not.toBe(0);
  return report.summary.violations;
}

describe('the import rules', () => {
  it('report every broken rule, and nothing for the files that keep them', () => {
    const violations = cruiseFixture();
    const found = new Set(violations.map((v) => `${v.rule.name} ${v.from}`));
    const missing = EXPECTED.filter(([rule, from]) => !found.has(`${rule} ${from}`)).map(([rule, from]) => `${rule} ${from}`);
    expect(missing).toEqual([]);
    // The files that break nothing, and the allowed halves of the files that do.
    const innocent = [
      'src/app/flow/types-only.ts',
      'src/core/reasons.ts',
      'src/core/api/contract.ts',
      'src/server/clean.ts',
      'src/platform/storage/db.ts',
      'test/support/help.ts',
    ];
    expect(violations.filter((v) => innocent.includes(v.from))).toEqual([]);
    expect(violations.filter((v) => v.from === 'src/sw/uses-trust.ts').map((v) => v.to)).toEqual(['src/platform/trust/store.ts']);
  }, 60_000);
});
