/**
 * The scanner PWA end to end in Debian's Chromium: codes played through the fake camera and
 * typed by a keyboard-wedge scanner give the right verdicts (data-reason / data-decision) and
 * the right entries in IndexedDB (never a name); the app restarts with its entries and reloads
 * offline from its service worker; axe-core finds no violations on scan, verdict, log, settings.
 * Trust data comes from signed files served next to the built app (see support/static-server.ts).
 */
import { ENTRY_CSV_HEADER } from '../../src/core/entry-csv.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { codeSegments, writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser, launchPersistent } from './support/browser.ts';
import { axeViolations, dismissVerdict, readEntries, waitForTrust, waitForVerdict, type StoredEntry } from './support/page-helpers.ts';
import { makeScannerWorld, type ScannerCase, type ScannerWorld } from './support/scanner-world.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-'));
let world: ScannerWorld;
let server: StaticServer;
let codesVideo: string;
let blankVideo: string;

beforeAll(async () => {
  world = await makeScannerWorld();
  codesVideo = join(work, 'codes.y4m');
  blankVideo = join(work, 'blank.y4m');
  // A blank lead-in gives the app time to load its trust data before the first code shows.
  writeY4m(codesVideo, [
    { text: null, seconds: 1.5 },
    ...codeSegments([world.valid, world.tampered, world.yellow, world.notGc1].map((c) => c.text)),
  ]);
  writeY4m(blankVideo, [{ text: null, seconds: 1 }]);
  server = await serveStatic(inject('appDist'), world.files);
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Types `text` the way a wedge scanner does: a fast burst, then Enter, with nothing focused. */
async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The first key Playwright sends to a fresh page arrives ~300 ms late (input pipeline
  // warm-up), which the detector rightly reads as a pause; a lone Shift absorbs that delay.
  await page.keyboard.press('Shift');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Collects uncaught page errors; each test ends by expecting none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

function expectEntry(entries: StoredEntry[], c: ScannerCase): void {
  const matching = entries.filter((e) => e.reason === c.reason);
  expect(matching, `${c.label}: exactly one entry`).toHaveLength(1);
  expect(matching[0], c.label).toMatchObject({ decision: c.decision, direction: 'in', synced: 0 });
  expect(matching[0]!.cid, `${c.label}: cid`).toBe(c.cid);
}

function expectNoNames(entries: StoredEntry[]): void {
  const stored = JSON.stringify(entries);
  expect(stored).not.toContain(world.name);
  expect(stored).not.toContain('"name"');
  expect(stored).not.toContain('"hint"');
}

describe('scanner PWA', () => {
  it('camera: a valid, a tampered, a yellow and a non-GC1 code give the four right verdicts and entries', async () => {
    const browser: Browser = await launchBrowser(codesVideo);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US' });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(server.origin);
      await waitForTrust(page);
      const cases = [world.valid, world.tampered, world.yellow, world.notGc1];
      const seen = new Map<string, string>();
      const deadline = Date.now() + 45_000;
      while (seen.size < cases.length && Date.now() < deadline) {
        const verdict = await waitForVerdict(page, 20_000);
        expect(seen.has(verdict.reason), `${verdict.reason} shown twice: the cooldown failed`).toBe(false);
        seen.set(verdict.reason, verdict.decision);
        await dismissVerdict(page);
      }
      expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(cases.map((c) => [c.reason, c.decision])));
      const entries = await readEntries(page);
      expect(entries).toHaveLength(4);
      for (const c of cases) expectEntry(entries, c);
      expect(entries.find((e) => e.reason === 'not_a_health_code')).not.toHaveProperty('cid');
      expectNoNames(entries);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('keyboard wedge gives a verdict on any screen; axe-core is clean on scan, verdict, log and settings', async () => {
    const browser = await launchBrowser(blankVideo);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'zh-CN', acceptDownloads: true });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(server.origin);
      await waitForTrust(page);
      expect(await axeViolations(page), 'scan screen').toEqual([]);

      // From the log screen, with nothing focused: the verdict still shows, in Chinese.
      await page.goto(`${server.origin}/#/log`);
      await page.locator('[data-testid="counts"]').waitFor();
      await wedgeScan(page, world.yellow.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'status_yellow', decision: 'refer' });
      await expect(page.locator('#verdict-word').textContent()).resolves.toBe('转主管');
      expect(await axeViolations(page), 'verdict screen').toEqual([]);
      // The guard admits anyway, with a reason from the list and a second confirmation; the verdict waits meanwhile.
      await page.locator('[data-testid="verdict"] .button-quiet').click();
      await page.locator('.override button[aria-pressed]').first().click();
      await page.locator('.override input[value="supervisor_approved"]').check();
      expect(await axeViolations(page), 'verdict screen with override choices').toEqual([]);
      await page.locator('.override button[type="submit"]').click();
      await page.locator('[data-testid="override-confirm"]').click();
      await page.locator('[data-override="admit"]').waitFor();
      await dismissVerdict(page);
      const [overridden] = await readEntries(page);
      expect(overridden).toMatchObject({
        reason: 'status_yellow',
        decision: 'refer',
        override: { decision: 'admit', reason: 'supervisor_approved' },
      });

      expect(await axeViolations(page), 'log screen').toEqual([]);
      // Today's counts go by the decision that stands: the override made it an admission.
      await page.locator('[data-count="admit"] .count-value:text-is("1")').waitFor({ timeout: 5000 });
      await page.locator('[data-count="overridden"] .count-value:text-is("1")').waitFor({ timeout: 5000 });
      await expect(page.locator('[data-count="refer"] .count-value').textContent()).resolves.toBe('0');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.page .row .button').click()]);
      const csv = readFileSync((await download.path())!, 'utf8')
        .replace(/^\ufeff(?!\ufeff)/, '')
        .trim()
        .split('\r\n');
      // The console's columns (core/entry-csv.ts), the byte order mark once.
      expect(csv[0]).toBe(ENTRY_CSV_HEADER.slice(1).trimEnd());
      expect(csv).toHaveLength(2);
      expect(csv[1]).toContain(',status_yellow,refer,admit,admit,');
      expect(csv.join('\n')).not.toContain(world.name);

      // Typing by hand into the search field is a person, not a scanner: no verdict.
      await page.locator('input[type="search"]').pressSequentially('GC1:ABCDEF', { delay: 90 });
      await page.keyboard.press('Enter');
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
      // Keyboard scans are checked in order: the scanner's next scan shows the next verdict, so
      // had the typing been taken for a scan, its verdict would have come first.
      await wedgeScan(page, world.valid.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });

      await page.goto(`${server.origin}/#/settings`);
      await page.locator('#settings-title').waitFor();
      expect(await axeViolations(page), 'settings screen').toEqual([]);
      // A scan while a text field has the focus is still a scan: its verdict and entry, and
      // the field keeps what the guard had typed (not the code's first characters).
      if ((await page.locator('[data-testid="verdict"]').count()) > 0) await dismissVerdict(page);
      const field = page.locator('[data-testid="checkpoint-name"]');
      await field.fill('East');
      await field.press('Tab'); // saved
      await field.focus();
      await field.press('End');
      await page.keyboard.type(world.tampered.text);
      await page.keyboard.press('Enter');
      expect(await waitForVerdict(page)).toEqual({ reason: world.tampered.reason, decision: world.tampered.decision });
      await dismissVerdict(page);
      await expect(field.inputValue()).resolves.toBe('East');
      expect(await readEntries(page)).toHaveLength(3);
      // While the guard types (nothing saved yet), the screen renders again (here the data
      // state's network check; a sync or a save landing would do the same): what they typed stays.
      await field.focus();
      await field.press('End');
      await page.keyboard.type(' Ga', { delay: 120 });
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.keyboard.type('te', { delay: 120 });
      await expect(field.inputValue()).resolves.toBe('East Gate');

      expectNoNames(await readEntries(page));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fetches tweetnacl only where native Ed25519 fails, and then verifies with it', async () => {
    const browser = await launchBrowser(blankVideo);
    try {
      const tweetnaclFetched = async (withoutNative: boolean): Promise<{ fetched: boolean; page: Page }> => {
        const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US' });
        // Before any page script: a browser whose WebCrypto has no Ed25519 (older Safari and Firefox).
        if (withoutNative)
          await context.addInitScript(`(() => {
            const subtle = crypto.subtle;
            const importKey = subtle.importKey.bind(subtle);
            subtle.importKey = (format, key, algorithm, ...rest) =>
              (algorithm === 'Ed25519' || algorithm?.name === 'Ed25519')
                ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
                : importKey(format, key, algorithm, ...rest);
          })()`);
        const page = await context.newPage();
        let fetched = false;
        // The page's own requests (the service worker precaches every chunk for offline use).
        page.on('request', (request) => {
          if (/\/assets\/tweetnacl-ed25519-[^/]*\.js$/.test(new URL(request.url()).pathname)) fetched = true;
        });
        await page.goto(server.origin);
        await waitForTrust(page);
        return { fetched, page };
      };

      const native = await tweetnaclFetched(false);
      expect(native.fetched, 'tweetnacl is not loaded where WebCrypto verifies Ed25519').toBe(false);
      await native.page.context().close();

      const fallback = await tweetnaclFetched(true);
      expect(fallback.fetched, 'tweetnacl is loaded where WebCrypto cannot').toBe(true);
      const errors = watchErrors(fallback.page);
      await wedgeScan(fallback.page, world.valid.text);
      expect(await waitForVerdict(fallback.page)).toEqual({ reason: 'ok', decision: 'admit' });
      await dismissVerdict(fallback.page);
      await fallback.page.goto(`${server.origin}/#/about`);
      await expect(fallback.page.locator('[data-about="ed25519"]').textContent()).resolves.toBe('tweetnacl');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('before any trust data is held, the scan screen says so and a good code is referred, not refused as unknown', async () => {
    // The deployment's config only: the trust files are not there (yet).
    const bare = await serveStatic(inject('appDist'), { '/config.json': world.files['/config.json'] });
    const browser = await launchBrowser(blankVideo);
    try {
      const page = await (await browser.newContext({ permissions: ['camera'], locale: 'en-US' })).newPage();
      const errors = watchErrors(page);
      await page.goto(bare.origin);
      const banner = page.locator('[data-banner="no-trust"]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('No trust data on this device yet');
      await wedgeScan(page, world.valid.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'unknown_issuer', decision: 'refer' });
      expect(await page.locator('#verdict-reason').textContent()).toContain('cannot be checked');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await bare.close();
    }
  });

  it('camera refused: the scan screen says so, and the keyboard scanner still works', async () => {
    const browser = await launchBrowser(blankVideo, { denyCamera: true });
    try {
      const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
      const errors = watchErrors(page);
      await page.goto(server.origin);
      await waitForTrust(page);
      const problem = page.locator('[data-camera-problem]');
      await problem.waitFor();
      expect(await problem.getAttribute('data-camera-problem')).toBe('permission_denied');
      expect(await problem.textContent()).toContain('Camera access was refused');
      await wedgeScan(page, world.notGc1.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'not_a_health_code', decision: 'refuse' });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('entries survive a browser restart, and the app reloads offline from its service worker', async () => {
    const profile = join(work, 'profile');
    let context = await launchPersistent(profile, blankVideo);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.origin);
      await waitForTrust(page);
      await wedgeScan(page, world.valid.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
      expect(await readEntries(page)).toHaveLength(1);
      // Wait for the service worker to control the page before the restart and going offline.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    } finally {
      await context.close();
    }

    context = await launchPersistent(profile, blankVideo);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.origin);
      await page.locator('.scan-screen').waitFor();
      const entries = await readEntries(page);
      expect(entries).toHaveLength(1);
      expectEntry(entries, world.valid);

      await context.setOffline(true);
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await page.locator('.scan-screen').waitFor();
      // Offline, the held trust data still verifies codes.
      await wedgeScan(page, world.tampered.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'bad_signature', decision: 'refuse' });
      expect(await readEntries(page)).toHaveLength(2);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
