/**
 * Import rules, checked by dependency-cruiser in `npm test` and `npm run lint:imports`.
 * Each rule is a promise one of the folder READMEs makes (src/<folder>/README.md says what
 * the folder owns and may import); the rule's comment names it. Type-only imports count
 * (tsPreCompilationDeps), so "types only" rules can tell them apart.
 *
 * "Production code" is everything under src/ except tests (*.test.ts) and test support
 * folders (test-support/): those may reach fixtures, vitest and other runtimes' code.
 */

/** Tests and test support inside src/. */
const TEST_CODE = String.raw`(\.test\.tsx?$|/test-support/|^src/server/fuzz/)`;
/** The runtimes under src/, each its own folder. */
const RUNTIMES = ['core', 'app', 'admin', 'platform', 'decoder', 'sw', 'server', 'cli', 'holder'];
const runtime = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;
const others = (name, allowed = []) => anyOf(RUNTIMES.filter((r) => r !== name && !allowed.includes(r)));

/** npm packages that exist only for tests and tooling (devDependencies of package.json). */
const TEST_PACKAGES = '(^|/)node_modules/(vitest|@vitest/|fake-indexeddb|fast-check|playwright-core|axe-core|dependency-cruiser)';

module.exports = {
  forbidden: [
    // src/core/README.md: "May import: only itself (and tweetnacl, pure JavaScript)"; TypeBox for
    // the HTTP contract (src/core/api/). No Node built-ins: core is pure.
    {
      name: 'core-imports-only-itself',
      comment: 'src/core imports only src/core and the npm packages tweetnacl and typebox (src/core/README.md).',
      severity: 'error',
      from: { path: runtime('core'), pathNot: TEST_CODE },
      to: {
        pathNot: [runtime('core'), '(^|/)node_modules/(tweetnacl|typebox)/'],
      },
    },
    // Core's own tests may use Node and the shared test fixtures (test/support), but no other runtime.
    {
      name: 'core-tests-not-to-other-runtimes',
      comment: 'Tests in src/core import no other runtime under src/.',
      severity: 'error',
      from: { path: runtime('core') },
      to: { path: others('core') },
    },
    // src/core/README.md and the HTTP-contract convention: TypeBox schemas and the admin contract
    // are imported by module, never through index.ts, so the scanner bundle never carries them.
    // The scanner imports core's index, so what the index loads at run time must stay free of
    // TypeBox and of the admin contract: the index may name contract types (erased at build
    // time) and the TypeBox-free api/sync-rules.ts, nothing else of api/.
    {
      name: 'core-index-stays-small',
      comment:
        'src/core/index.ts and what it re-exports load no src/core/api/ module but sync-rules.ts, no admin-protocol.ts and no typebox at run time.',
      severity: 'error',
      from: { path: [String.raw`^src/core/index\.ts$`, String.raw`^src/core/sync-protocol\.ts$`] },
      to: {
        path: ['^src/core/api/', String.raw`^src/core/admin-protocol\.ts$`, '(^|/)node_modules/typebox/'],
        pathNot: String.raw`^src/core/api/sync-rules\.ts$`,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'path-tables-without-typebox',
      comment: 'src/core/api/sync-rules.ts and admin-paths.ts are what browser code loads of the contract: no TypeBox, no schema module.',
      severity: 'error',
      from: { path: String.raw`^src/core/api/(sync-rules|admin-paths)\.ts$` },
      to: {
        path: ['(^|/)node_modules/typebox/', '^src/core/api/(?!sync-rules|admin-paths)'],
        dependencyTypesNot: ['type-only'],
      },
    },
    // Browser clients use `import type` of the contract's Static<> types only (no TypeBox at run time).
    {
      name: 'browser-uses-contract-types-only',
      comment: 'Browser code (app, admin, platform, sw, holder) imports src/core/api/ with `import type` only.',
      severity: 'error',
      // The one exception: the device checks an entry against the contract's own schema before
      // it uploads it (entry-check.ts, TypeBox's interpreter: no eval, so it runs under the CSP).
      from: {
        path: anyOf(['app', 'admin', 'platform', 'sw', 'holder']),
        pathNot: [TEST_CODE, String.raw`^src/platform/sync/entry-check\.ts$`],
      },
      to: {
        path: ['^src/core/api/', '(^|/)node_modules/typebox/'],
        // The TypeBox-free modules: limits and rules, and the typed client (it imports the route table's type only).
        pathNot: String.raw`^src/core/api/(sync-rules|holder-rules|api-client)\.ts$`,
        dependencyTypesNot: ['type-only'],
      },
    },

    // src/server/README.md: "Never src/app, src/platform, src/sw or src/decoder"; never the CLI
    // (the CLI imports the server, not the other way round), the console or the holder app.
    // Test support too: a test that needs a server process runs the shipped bin/gatecheck.js.
    {
      name: 'server-not-to-other-runtimes',
      comment: 'src/server never imports app, platform, sw, decoder, admin, holder or cli (src/server/README.md).',
      severity: 'error',
      from: { path: runtime('server') },
      to: { path: anyOf(['app', 'platform', 'sw', 'decoder', 'admin', 'holder', 'cli']) },
    },
    // src/cli/README.md: core and server (and the decoder's Node engines for `gatecheck decode`);
    // never the browser apps.
    {
      name: 'cli-not-to-browser-code',
      comment: 'src/cli never imports app, platform, sw, admin or holder (src/cli/README.md).',
      severity: 'error',
      from: { path: runtime('cli') },
      to: { path: anyOf(['app', 'platform', 'sw', 'admin', 'holder']) },
    },

    // src/app/README.md: "screens never touch Dexie or the camera" (also the console's screens).
    {
      name: 'screens-not-to-storage-or-camera',
      comment: 'Screens (src/app/screens, src/admin/screens) never import storage modules, Dexie or the camera.',
      severity: 'error',
      from: { path: '^src/(app|admin)/screens/', pathNot: TEST_CODE },
      to: { path: ['^src/platform/storage/', '^src/platform/camera/', '(^|/)node_modules/dexie/'] },
    },
    // src/app/README.md: "May import: src/core (types and pure functions) and src/platform."
    {
      name: 'app-imports-core-and-platform',
      comment: 'src/app imports only src/core, src/platform and itself (src/app/README.md).',
      severity: 'error',
      from: { path: runtime('app'), pathNot: TEST_CODE },
      to: { path: others('app', ['core', 'platform']) },
    },
    // src/app/README.md "Nothing imports app"; src/admin/README.md "nothing imports this folder".
    {
      name: 'nothing-imports-the-apps',
      comment: 'No other runtime imports src/app or src/admin (their READMEs).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(app|admin)/', TEST_CODE] },
      to: { path: '^src/(app|admin)/' },
    },
    // src/admin/README.md: "src/core modules directly (types and pure functions …; not the index,
    // so the bundle stays small), preact, uplot. Nothing of src/app, src/platform, src/server or src/sw."
    {
      name: 'admin-imports-only-core',
      comment: 'src/admin imports only src/core and its own files (src/admin/README.md).',
      severity: 'error',
      from: { path: runtime('admin'), pathNot: TEST_CODE },
      to: { path: others('admin', ['core']) },
    },
    {
      name: 'admin-not-through-core-index',
      comment: 'src/admin imports core modules directly, not src/core/index.ts (src/admin/README.md: keeps the bundle small).',
      severity: 'error',
      from: { path: runtime('admin'), pathNot: TEST_CODE },
      to: { path: String.raw`^src/core/index\.ts$` },
    },
    // src/holder/README.md: the holder app is its own browser app and imports only src/core.
    {
      name: 'holder-imports-only-core',
      comment: 'src/holder imports no other runtime than src/core (src/holder/README.md).',
      severity: 'error',
      from: { path: runtime('holder') },
      to: { path: others('holder', ['core']) },
    },
    // src/platform/README.md: "May import: src/core and src/decoder … Never src/app".
    {
      name: 'platform-imports-core-and-decoder',
      comment: 'src/platform imports only src/core, src/decoder and itself (src/platform/README.md).',
      severity: 'error',
      from: { path: runtime('platform'), pathNot: TEST_CODE },
      to: { path: others('platform', ['core', 'decoder']) },
    },
    // src/decoder/README.md: "only itself, zxing-wasm/reader and jsqr (and core types, if ever needed)".
    {
      name: 'decoder-imports-only-itself',
      comment: 'src/decoder imports only itself, and core as types (src/decoder/README.md).',
      severity: 'error',
      from: { path: runtime('decoder'), pathNot: TEST_CODE },
      to: { path: others('decoder', ['core']) },
    },
    {
      name: 'decoder-core-types-only',
      comment: 'src/decoder may use core types only (src/decoder/README.md).',
      severity: 'error',
      from: { path: runtime('decoder'), pathNot: TEST_CODE },
      to: { path: runtime('core'), dependencyTypesNot: ['type-only'] },
    },
    // src/sw/README.md: "workbox, and from src/platform only the storage and sync modules that have
    // no DOM (storage/db.ts, sync/*). Never src/app."
    {
      name: 'sw-imports-platform-storage-and-sync-only',
      comment: 'src/sw imports from src/platform only storage/db.ts and sync/* (src/sw/README.md), and no other runtime but core.',
      severity: 'error',
      from: { path: runtime('sw'), pathNot: TEST_CODE },
      to: { path: [others('sw', ['core', 'platform']), '^src/platform/'], pathNot: String.raw`^src/platform/(storage/db\.ts|sync/)` },
    },

    // Test support stays out of production code: no test files, fixtures, test-support modules
    // or test-only packages.
    {
      name: 'no-test-code-in-production',
      comment: 'Production code under src/ never imports tests, test/, test-support/ or test-only packages.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { path: ['^test/', TEST_CODE, TEST_PACKAGES] },
    },
    {
      name: 'no-dev-dependencies-in-production',
      comment: 'Production code under src/ imports runtime dependencies only (devDependencies are for tests and tools).',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'triple-slash-type-reference'] },
    },
    // No module reaches itself through its imports, type-only imports included: a cycle means two
    // modules share a concern that belongs in a third (issue 18; e.g. scan-outcome.ts).
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included: move what both sides need to a module of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    // An import that resolves to nothing is a typo or a missing package: fail rather than skip it.
    // (Vite's import suffixes such as `?url` name a file Vite serves, not one on disk by that name.)
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves to a file or a package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: String.raw`\?(url|raw|worker|inline)$` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: rules about packages (dexie, typebox, test-only packages) need them in the graph.
    exclude: { path: ['^dist/', String.raw`^\.data/`] },
    // Name packages by where they are linked (node_modules/…), as the rules do, even when
    // node_modules is a symlink (the rules' own test cruises a fixture that way).
    preserveSymlinks: true,
    // Count `import type` too, so the types-only rules see them.
    tsPreCompilationDeps: true,
    // Packages that publish ES modules through "exports" conditions (typebox, zxing-wasm).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
