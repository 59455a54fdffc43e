/**
 * The scanner against the real server (`gatecheck serve`'s app on an in-memory PGlite with the
 * demo keyset): the server hosts the built app and its config.json, the app pulls the trust
 * bundle from it, a scanned GCENROLL1 code enrolls the device (a result screen, never a
 * health-code verdict), and the next scan's entry reaches the server's database once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { b64uDecodeLength, b64uEncode, issueCode, kidOf, signerFromSeed } from '../../src/core/index.ts';
import { openHarness, type Harness } from '../../src/server/test-support/harness.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { readEntries, waitForTrust, waitForVerdict } from './support/page-helpers.ts';
import { until } from './support/sync-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-server-'));
let harness: Harness;
let origin: string;

beforeAll(async () => {
  harness = await openHarness('pglite', null, { distDir: inject('appDist') });
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await harness?.close();
  rmSync(work, { recursive: true, force: true });
});

async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Shift'); // absorbs the first key's warm-up delay (see scanner.test.ts)
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Admin API over real HTTP, so the enrollment code names the address the browser uses. */
async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(origin + path, {
    method,
    headers: { cookie: harness.adminCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

describe('scanner with the real server', () => {
  it('enrolls by scanning a GCENROLL1 code, then uploads the next entry once', async () => {
    const video = join(work, 'blank.y4m');
    writeY4m(video, [{ text: null, seconds: 1 }]);
    const { checkpoint } = (await admin('POST', '/api/admin/checkpoints', { name: 'East gate', site: 'Depot' })) as {
      checkpoint: { id: string };
    };
    const offer = (await admin('POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`)) as { text: string };
    expect(offer.text.startsWith('GCENROLL1:')).toBe(true);

    // A code signed with the demo issuer key the server created.
    const issuerSeed = b64uDecodeLength(
      (JSON.parse(readFileSync(join(harness.dataDir, 'keys', 'issuer.json'), 'utf8')) as { secretKey: string }).secretKey,
      32,
    )!;
    const issuer = signerFromSeed(issuerSeed);
    const now = Math.floor(Date.now() / 1000);
    const cid = new Uint8Array(16).fill(42);
    const code = await issueCode(
      {
        kind: 1,
        kid: kidOf(issuer.publicKey),
        cid,
        status: 'green',
        iat: now - 3600,
        exp: now + 86400,
        region: 440300,
        name: '李*华',
        hint: '0042',
      },
      issuer,
    );
    if (!code.ok) throw new Error(code.problem);

    const browser = await launchBrowser(video);
    try {
      const page = await (await browser.newContext({ permissions: ['camera'], locale: 'en-US' })).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(origin);
      await waitForTrust(page);

      await wedgeScan(page, offer.text);
      const result = page.locator('[data-enroll]');
      await result.waitFor({ timeout: 15_000 });
      expect(await result.getAttribute('data-enroll')).toBe('ok');
      expect(await result.textContent()).toContain('East gate');
      // The device named itself: the checkpoint and the number the server suggested (its first device).
      expect(await page.getByTestId('enroll-name').textContent()).toContain('“East gate phone 1”');
      const { devices } = (await admin('GET', '/api/admin/devices')) as { devices: { checkpointId: string; name: string }[] };
      expect(devices.find((d) => d.checkpointId === checkpoint.id)?.name).toBe('East gate phone 1');
      const shots = process.env.GATECHECK_SCREENSHOTS;
      if (shots)
        for (const size of [
          { width: 320, height: 568 },
          { width: 360, height: 640 },
          { width: 390, height: 844 },
        ]) {
          await page.setViewportSize(size);
          await page.screenshot({ path: join(shots, `en-US-${size.width}x${size.height}-enrolled-named.png`) });
        }
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
      expect(await readEntries(page)).toHaveLength(0);
      await result.locator('.button-big').click();

      await wedgeScan(page, code.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
      const [entry] = await readEntries(page);
      expect(entry).toMatchObject({ reason: 'ok', decision: 'admit', cid: b64uEncode(cid), checkpoint: 'East gate' });

      // The sync client pushes on a new entry; the server stores it once and the device marks it synced.
      await until('the entry on the server', async () => (await harness.count('entries')) >= 1);
      expect(await harness.count('entries')).toBe(1);
      await page.waitForFunction(
        () =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('gatecheck');
            open.onsuccess = () => {
              const all = open.result.transaction('entries').objectStore('entries').getAll();
              all.onsuccess = () => resolve((all.result as { synced: number }[]).every((e) => e.synced === 1));
            };
          }),
        undefined,
        { timeout: 10_000 },
      );
      expect(await harness.count('entries')).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
