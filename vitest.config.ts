import { defineConfig } from 'vitest/config';

// Unit and integration tests: next to the code (src/**/*.test.ts) and under test/unit.
// Browser end-to-end tests live in test/e2e and have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One PostgreSQL cluster and one empty PGlite dump for the whole run, not one per file.
    globalSetup: ['test/setup/unit-global-setup.ts'],
  },
});
