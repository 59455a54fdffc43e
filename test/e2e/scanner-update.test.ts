/**
 * App updates: a new deployment is offered through workbox-window as a banner on the scan
 * screen, never applied under a verdict (the shell is inert while one is shown), and applied
 * on the guard's tap: the page reloads into the new version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { buildApp } from './support/build-app.ts';
import { dismissVerdict, waitForTrust, waitForVerdict } from './support/page-helpers.ts';
import { makeScannerWorld, type ScannerWorld } from './support/scanner-world.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-update-'));
const NEXT_VERSION = '99.0.0-e2e';
let world: ScannerWorld;
let server: StaticServer;
let nextDist: string;
let video: string;

beforeAll(async () => {
  world = await makeScannerWorld();
  nextDist = join(work, 'next');
  await buildApp(nextDist, { version: NEXT_VERSION });
  video = join(work, 'blank.y4m');
  writeY4m(video, [{ text: null, seconds: 1 }]);
  server = await serveStatic(inject('appDist'), world.files);
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('app updates', () => {
  it('offers a new version, keeps it away from a verdict, and applies it on a tap', async () => {
    const browser = await launchBrowser(video);
    try {
      const page = await (await browser.newContext({ permissions: ['camera'], locale: 'en-US' })).newPage();
      await page.goto(server.origin);
      await waitForTrust(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
      const version = page.locator('[data-about="version"]');

      // A new deployment; the browser finds it on its next update check.
      server.setRoot(nextDist);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const offer = page.locator('.banner', { hasText: 'A new version is ready.' });
      await offer.waitFor({ timeout: 20_000 });

      // A verdict on screen: everything under it is inert, so the offer cannot be taken.
      await page.keyboard.press('Shift');
      await page.keyboard.type(world.yellow.text);
      await page.keyboard.press('Enter');
      await waitForVerdict(page);
      expect(await page.locator('.shell').getAttribute('inert')).not.toBeNull();
      await dismissVerdict(page);

      const reloaded = page.waitForEvent('load');
      await offer.getByRole('button').click();
      await reloaded;
      await page.goto(`${server.origin}/#/about`);
      await version.waitFor();
      expect(await version.textContent()).toBe(NEXT_VERSION);
    } finally {
      await browser.close();
    }
  });
});
