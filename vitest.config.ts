import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and integration tests: next to the code (src/**/*.test.ts) and under test/unit.
// Browser end-to-end tests live in test/e2e and have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A worker per core. Vitest's default (cores - 1) keeps one core for its main process,
    // which does little here: on the 2-core CI machine that ran the files one at a time.
    maxWorkers: availableParallelism(),
    // Files share a worker's module cache: each file makes its own servers, databases and
    // folders, and the few that replace a global (fetch, timers) put it back in afterEach. Fresh
    // modules per file cost a fifth of the run importing Fastify, TypeBox and PGlite again.
    isolate: false,
    // One PostgreSQL cluster and one empty PGlite dump for the whole run, not one per file.
    globalSetup: ['test/setup/unit-global-setup.ts'],
  },
});
