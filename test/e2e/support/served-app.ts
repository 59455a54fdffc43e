/**
 * The real server (PGlite) serving the built app on a port, and a browser whose camera sees a
 * blank video: the world of the screens tests (holder and persons screens). Applications are
 * not rate-limited there: every language and size applies again.
 */
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { openHarness, type Harness } from '../../../src/server/test-support/harness.ts';
import { writeY4m } from '../../fixtures/y4m.ts';
import { launchBrowser } from './browser.ts';

export interface ServedApp {
  harness: Harness;
  /** http://127.0.0.1:PORT */
  origin: string;
  browser: Browser;
  /** Closes the browser and the server, and removes the test's folder. */
  close(): Promise<void>;
}

/** Starts the server and the browser for test file `name`; makes `shotDir` when it is set (screenshots go there). */
export async function openServedApp(name: string, shotDir: string | undefined): Promise<ServedApp> {
  const work = mkdtempSync(join(tmpdir(), `gatecheck-${name}-`));
  if (shotDir) mkdirSync(shotDir, { recursive: true });
  const harness = await openHarness('pglite', null, {
    distDir: inject('appDist'),
    settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } },
  });
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  const blank = join(work, 'blank.y4m');
  writeY4m(blank, [{ text: null, seconds: 1 }]);
  const browser = await launchBrowser(blank);
  return {
    harness,
    origin,
    browser,
    async close() {
      await browser.close();
      await harness.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
