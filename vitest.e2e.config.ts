import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: playwright-core driving Debian's Chromium with a fake camera.
// One file at a time (the fake camera and the CPU are shared); the app is built once per run.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // test/run-all.sh runs this config on every machine; no e2e files yet is not a failure.
    passWithNoTests: true,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/support/global-setup.ts'],
  },
});
