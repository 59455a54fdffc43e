/**
 * The scanner against the real server (`gatecheck serve`'s app on an in-memory PGlite with the
 * demo keyset): the server hosts the built app and its config.json, the app pulls the trust
 * bundle from it, a scanned GCENROLL1 code enrolls the device (a result screen, never a
 * health-code verdict), and the next scan's entry reaches the server's database once. The
 * guard changes the name the device offered, on the enrollment result and in Settings, in
 * English and in Chinese, and the console's device list then shows it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { b64uDecodeLength, b64uEncode, issueCode, kidOf, signerFromSeed } from '../../src/core/index.ts';
import { openHarness, type Harness } from '../../src/server/test-support/harness.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { axeViolations, readEntries, waitForTrust, waitForVerdict } from './support/page-helpers.ts';
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

/** The name the console's device list shows for the device enrolled at `checkpointId`. */
/** The scanner opened in `locale` reads the enrollment code `text`: its success screen, and the page's errors. */
async function enrollThroughScanner(browser: Browser, locale: string, text: string) {
  const context = await browser.newContext({ permissions: ['camera'], locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(origin);
  await waitForTrust(page);
  await wedgeScan(page, text);
  const result = page.locator('[data-enroll]');
  await result.waitFor({ timeout: 15_000 });
  expect(await result.getAttribute('data-enroll')).toBe('ok');
  return { context, page, errors, result };
}

async function consoleName(checkpointId: string): Promise<string | undefined> {
  const { devices } = (await admin('GET', '/api/admin/devices')) as { devices: { checkpointId: string; name: string }[] };
  return devices.find((d) => d.checkpointId === checkpointId)?.name;
}

/** Screenshots (GATECHECK_SCREENSHOTS=<dir>) of what is on screen at the phone sizes, as `<lang>-<size>-<what>.png`. */
async function screenshots(page: Page, lang: string, what: string): Promise<void> {
  const shots = process.env.GATECHECK_SCREENSHOTS;
  if (!shots) return;
  for (const size of [
    { width: 320, height: 568 },
    { width: 360, height: 640 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(shots, `${lang}-${size.width}x${size.height}-${what}.png`) });
  }
}

/** The device-name field and its Save button and status line fit the width of the screen (nothing scrolls sideways). */
async function expectNameFits(page: Page): Promise<void> {
  for (const size of [
    { width: 320, height: 568 },
    { width: 360, height: 640 },
  ]) {
    await page.setViewportSize(size);
    const boxes = await page.evaluate(() =>
      ['input[name="device-name"]', '[data-testid="device-name-save"]', '[data-testid="device-name"]'].map((selector) => {
        const box = document.querySelector(selector)!.getBoundingClientRect();
        return { selector, left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      }),
    );
    for (const box of boxes) {
      expect(box.left, `${box.selector} at ${size.width}`).toBeGreaterThanOrEqual(0);
      expect(box.right, `${box.selector} at ${size.width}`).toBeLessThanOrEqual(size.width);
      expect(box.bottom, `${box.selector} at ${size.width}x${size.height}`).toBeLessThanOrEqual(size.height);
    }
  }
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
      const { page, errors, result } = await enrollThroughScanner(browser, 'en-US', offer.text);
      expect(await result.textContent()).toContain('East gate');
      // The device named itself: the checkpoint and the number the server suggested (its first device).
      const field = result.getByLabel('Device name');
      expect(await field.inputValue()).toBe('East gate phone 1');
      expect(await consoleName(checkpoint.id)).toBe('East gate phone 1');
      // The guard changes it there and then: a tap in the field keeps the result (no tap-to-dismiss), and stops its timer.
      await field.click();
      expect(await result.count()).toBe(1);
      await screenshots(page, 'en-US', 'enrolled-named');
      await expectNameFits(page);
      await page.setViewportSize({ width: 360, height: 640 });
      await field.fill('Gate 1 \u202eenohp');
      expect(await result.getByRole('status').textContent()).toBe('The name holds a hidden character that reorders text. Type it again.');
      expect(await result.getByTestId('device-name-save').isDisabled()).toBe(true);
      await field.fill('  East gate tablet ');
      await result.getByRole('button', { name: 'Save name' }).click();
      await result.getByText('✓ Name saved: the console shows it now.').waitFor();
      expect(await consoleName(checkpoint.id)).toBe('East gate tablet');
      expect(await field.inputValue()).toBe('East gate tablet');
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
      expect(await readEntries(page)).toHaveLength(0);
      // Typed and not saved: Continue saves it on the way out.
      await field.fill('East gate tablet 2');
      await result.locator('.button-big').click();
      await result.waitFor({ state: 'detached' });
      expect(await consoleName(checkpoint.id)).toBe('East gate tablet 2');
      // The same QR read again: "already enrolled", and no name to change there.
      await wedgeScan(page, offer.text);
      await page.locator('[data-enroll="already"]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('device-name').count()).toBe(0);
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

  it('lets the guard rename the device in Chinese: on the enrollment result, refused and offline in words, and in Settings', async () => {
    const video = join(work, 'blank-zh.y4m');
    writeY4m(video, [{ text: null, seconds: 1 }]);
    const { checkpoint } = (await admin('POST', '/api/admin/checkpoints', { name: '东门', site: '仓库' })) as {
      checkpoint: { id: string };
    };
    const offer = (await admin('POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`)) as { text: string };
    const browser = await launchBrowser(video);
    try {
      const { page, errors, result, context } = await enrollThroughScanner(browser, 'zh-CN', offer.text);
      expect(await result.locator('h1').textContent()).toContain('设备已登记到 东门');
      const field = result.getByLabel('设备名称');
      expect(await field.inputValue()).toBe('东门 手机 1');
      await field.focus();
      await screenshots(page, 'zh-CN', 'enrolled-named');
      await expectNameFits(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 360, height: 640 });

      // Refused on the phone, in Chinese: nothing is sent.
      await field.fill('\u200b\u2060');
      expect(await result.getByRole('status').textContent()).toBe('名称中必须有可见的字符。');
      expect(await result.getByTestId('device-name-save').isDisabled()).toBe(true);
      // Offline: said plainly, the field keeps the name typed, and Settings is where to change it later.
      await field.fill('东门 岗亭 手机');
      await context.setOffline(true);
      await result.getByRole('button', { name: '保存名称' }).click();
      await result.getByText('无法连接服务器，名称未更改。稍后可在“设置”中修改。').waitFor();
      expect(await field.inputValue()).toBe('东门 岗亭 手机');
      await screenshots(page, 'zh-CN', 'enrolled-offline');
      await page.setViewportSize({ width: 360, height: 640 });
      expect(await consoleName(checkpoint.id)).toBe('东门 手机 1');
      await context.setOffline(false);
      await result.getByRole('button', { name: '保存名称' }).click();
      await result.getByText('✓ 名称已保存，控制台中已显示新名称。').waitFor();
      expect(await consoleName(checkpoint.id)).toBe('东门 岗亭 手机');
      await screenshots(page, 'zh-CN', 'enrolled-renamed');
      // Saved: the result goes away by itself, as before.
      await result.waitFor({ state: 'detached', timeout: 15_000 });

      // Settings: the same field, with the name the device now has.
      await page.setViewportSize({ width: 360, height: 640 });
      await page.getByRole('link', { name: '设置' }).click();
      const settingsField = page.getByTestId('device-name').getByLabel('设备名称');
      expect(await settingsField.inputValue()).toBe('东门 岗亭 手机');
      await settingsField.fill('东门 手机 甲');
      await page.getByTestId('device-name').getByRole('button', { name: '保存名称' }).click();
      await page.getByTestId('device-name').getByText('✓ 名称已保存，控制台中已显示新名称。').waitFor();
      expect(await consoleName(checkpoint.id)).toBe('东门 手机 甲');
      await screenshots(page, 'zh-CN', 'settings-device-name');
      expect(await axeViolations(page)).toEqual([]);
      // The server refuses the device (revoked): said in Chinese, nothing changes.
      const { devices } = (await admin('GET', '/api/admin/devices')) as { devices: { id: string; checkpointId: string }[] };
      await admin('POST', `/api/admin/devices/${devices.find((d) => d.checkpointId === checkpoint.id)!.id}/revoke`);
      await settingsField.fill('东门 手机 乙');
      await page.getByTestId('device-name').getByRole('button', { name: '保存名称' }).click();
      await page.getByTestId('device-name').getByText('服务器已不再接受本设备，名称未更改。').waitFor();
      expect(await consoleName(checkpoint.id)).toBe('东门 手机 甲');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
