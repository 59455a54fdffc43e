/**
 * The scanner PWA end to end in Debian's Chromium: codes played through the fake camera and
 * typed by a keyboard-wedge scanner give the right verdicts (data-reason / data-decision) and
 * the right entries in IndexedDB (never a name); the app restarts with its entries and reloads
 * offline from its service worker; axe-core finds no violations on scan, verdict, log, settings.
 * Trust data comes from signed files served next to the built app (see support/static-server.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
  writeY4m(codesVideo, [{ text: null, seconds: 1.5 }, ...codeSegments([world.valid, world.tampered, world.yellow, world.notGc1].map((c) => c.text))]);
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
    } finally {
      await browser.close();
    }
  });

  it('keyboard wedge gives a verdict on any screen; axe-core is clean on scan, verdict, log and settings', async () => {
    const browser = await launchBrowser(blankVideo);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(server.origin);
      await waitForTrust(page);
      expect(await axeViolations(page), 'scan screen').toEqual([]);

      // From the log screen, with nothing focused: the verdict still shows, in Chinese.
      await page.goto(`${server.origin}/#/log`);
      await page.locator('[data-testid="counts"]').waitFor();
      await wedgeScan(page, world.yellow.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'status_yellow', decision: 'refer' });
      await expect(page.locator('#verdict-word').textContent()).resolves.toBe('转交');
      expect(await axeViolations(page), 'verdict screen').toEqual([]);
      await dismissVerdict(page);

      expect(await axeViolations(page), 'log screen').toEqual([]);
      await expect(page.locator('[data-count="refer"] .count-value').textContent()).resolves.toBe('1');

      // Typing by hand into the search field is a person, not a scanner: no verdict.
      await page.locator('input[type="search"]').pressSequentially('GC1:ABCDEF', { delay: 90 });
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);

      await page.goto(`${server.origin}/#/settings`);
      await page.locator('#settings-title').waitFor();
      expect(await axeViolations(page), 'settings screen').toEqual([]);
      expectNoNames(await readEntries(page));
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
