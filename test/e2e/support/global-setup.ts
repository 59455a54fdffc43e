/**
 * Builds the app once per e2e run (vite build into a temp folder) and hands its path to the
 * test files as inject('appDist'). A prebuilt folder can be passed in GATECHECK_E2E_DIST.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildNode } from '../../setup/build-node.ts';
import { buildApp } from './build-app.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appDist: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // The servers the tests start run bin/gatecheck.js, the compiled build.
  buildNode();
  const given = process.env.GATECHECK_E2E_DIST;
  if (given) {
    project.provide('appDist', given);
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-dist-'));
  console.log(`e2e: app built in ${await buildApp(dir)} ms`);
  project.provide('appDist', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
