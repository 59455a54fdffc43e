/**
 * Cold start through the real server (`gatecheck serve` on an empty folder, demo data):
 * every file the scanner loads comes precompressed (brotli), the app is on screen and takes
 * keyboard-wedge scans while the decoder's .wasm is still on its way, the camera reads codes
 * once it has arrived, and the service worker's precache (filled from the compressed replies)
 * reloads the app offline with a working decoder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import type { StoredDemoCode } from '../../src/server/demo/demo-page.ts';
import { codeSegments, writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { dismissVerdict, waitForTrust, waitForVerdict } from './support/page-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-cold-'));
let server: ServerProcess;
let green: StoredDemoCode;
let other: StoredDemoCode;
let video: string;

beforeAll(async () => {
  server = await spawnServer(join(work, 'data'), {}, 60_000, ['--demo', '--dist', inject('appDist')]);
  const codes = JSON.parse(readFileSync(join(work, 'data', 'demo', 'codes.json'), 'utf8')) as StoredDemoCode[];
  green = codes.find((c) => c.expect === 'ok')!;
  expect(green, 'a demo code that verifies').toBeTruthy();
  // The wedge scans a different code: the camera's green one must not be a repeat.
  other = codes.find((c) => c !== green && c.expect !== 'ok')!;
  video = join(work, 'green.y4m');
  // Blank while the app starts, then the green code; the video loops.
  writeY4m(video, [{ text: null, seconds: 2 }, ...codeSegments([green.text], 2, 1)]);
});

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(work, { recursive: true, force: true });
});

async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Shift');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('cold start from gatecheck serve', () => {
  it('sends brotli, shows the app and takes wedge scans before the .wasm arrives, then decodes from the camera and reloads offline', async () => {
    const browser = await launchBrowser(video);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US', serviceWorkers: 'allow' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const encodings = new Map<string, string | undefined>();
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (/\.(?:js|css|wasm|html)$|^\/$/.test(path) && !response.fromServiceWorker())
          encodings.set(path, response.headers()['content-encoding']);
      });

      // Hold the decoder's .wasm (the worker fetches it) until the app has shown it works without it.
      let releaseWasm!: () => void;
      const wasmHeld = new Promise<void>((resolve) => (releaseWasm = resolve));
      let wasmAsked = false;
      await context.route('**/*.wasm', async (route: Route) => {
        wasmAsked = true;
        await wasmHeld;
        await route.continue();
      });

      await page.goto(server.url);
      await waitForTrust(page);
      // The decoder is still waiting for its .wasm, yet the app is up and a wedge scan gets a verdict.
      expect(wasmAsked, 'the worker has asked for its .wasm').toBe(true);
      await wedgeScan(page, other.text);
      expect((await waitForVerdict(page)).reason).toBe(other.expect);
      await dismissVerdict(page);

      releaseWasm();
      // The green code on camera: a verdict, so the decoder that started late reads frames.
      expect(await waitForVerdict(page, 20_000)).toEqual({ reason: 'ok', decision: 'admit' });
      await page.goto(`${server.url}/#/about`);
      expect(await page.locator('[data-about="decoder"]').textContent()).toContain('zxing');

      for (const path of ['/', '/sw.js'])
        encodings.set(
          path,
          (await page.request.get(`${server.url}${path}`, { headers: { 'accept-encoding': 'br, gzip' } })).headers()['content-encoding'],
        );
      const wasmPath = [...encodings.keys()].find((p) => p.endsWith('.wasm'));
      expect(wasmPath, 'the .wasm was loaded').toBeTruthy();
      for (const [path, encoding] of encodings) expect(encoding, `${path} content-encoding`).toBe('br');
      expect([...encodings.keys()].filter((p) => p.startsWith('/assets/') && p.endsWith('.js')).length).toBeGreaterThanOrEqual(2);

      // The service worker precached the app from those compressed replies: offline, it reloads
      // and the decoder starts from the cached .wasm.
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', undefined, {
        timeout: 30_000,
      });
      await page.waitForFunction(
        async () => {
          const keys = await caches.keys();
          for (const key of keys) {
            const cache = await caches.open(key);
            if ((await cache.keys()).some((request) => request.url.includes('.wasm'))) return true;
          }
          return false;
        },
        undefined,
        { timeout: 30_000 },
      );
      await context.unroute('**/*.wasm');
      await context.setOffline(true);
      await page.goto(`${server.url}/#/scan`);
      await page.reload();
      expect(await waitForVerdict(page, 20_000), 'offline: the camera reads the code with the cached decoder').toMatchObject({
        decision: 'admit',
      });
      await context.setOffline(false);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
