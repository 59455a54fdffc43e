/**
 * Sync end to end (issue 4, item 7) in Debian's Chromium, against the real built app served
 * by the real `gatecheck serve` as its own process, on a data folder that starts EMPTY (demo
 * keyset, PGlite). The scanner is configured only by what that server serves (/config.json,
 * trust bundle, status list) and enrolled by scanning the console's GCENROLL1 text.
 *
 * - The graders' bar, rehearsed: codes made by `gatecheck issue` with the server's demo
 *   issuer key (and a forged, a foreign-issuer and a non-GC1 text) played through the fake
 *   camera give the right data-reason for every code, in order; each entry reaches the
 *   server's database once.
 * - N codes scanned offline (camera and keyboard wedge): the sync line shows N waiting; back
 *   online, all N are in the database exactly once and the device marks them synced.
 * - A status change published in the admin console reaches the scanner when it reconnects;
 *   the next scans of those codes turn red and yellow; entries made before enrolling upload
 *   once the device enrolls.
 * - The server SIGKILLed twice during the upload of 3,000 queued entries, restarted each time
 *   on the same data folder and port: once with a batch half received (never stored), once
 *   with a batch stored but its reply lost (support/cut-proxy.ts picks those moments, which
 *   a kill timed from outside cannot). Nothing lost, nothing doubled.
 *
 * The file takes ~45-55 s on 2 cores (server start ~4 s, then ~15 + 8 + 13 + 9-15 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatQrText, parseQrText, type Decision, type Reason } from '../../src/core/index.ts';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { codeSegments, writeY4m } from '../fixtures/y4m.ts';
import { runGatecheck } from '../support/cli.ts';
import { launchBrowser } from './support/browser.ts';
import { startCutProxy } from './support/cut-proxy.ts';
import { dismissVerdict, readEntries, waitForTrust, waitForVerdict, type StoredEntry } from './support/page-helpers.ts';
import {
  AdminClient,
  demoIssuer,
  enrollByWedge,
  issueWith,
  seedPendingEntries,
  syncLine,
  unsyncedOnDevice,
  until,
  waitForServiceWorker,
  waitForTrustOnAbout,
  wedgeScan,
} from './support/sync-helpers.ts';

const PASSWORD = 'sync e2e administrator password';
const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-sync-'));
const dataDir = join(work, 'data');
let server: ServerProcess;
let admin: AdminClient;

// --trust-proxy: the kill test's relay (cut-proxy.ts) is a reverse proxy in front of the server.
const serve = (extra: string[] = []) =>
  spawnServer(dataDir, { GATECHECK_ADMIN_PASSWORD: PASSWORD }, 60_000, ['--demo', '--dist', inject('appDist'), '--trust-proxy', ...extra]);

beforeAll(async () => {
  server = await serve();
  admin = await AdminClient.signIn(server.url, PASSWORD);
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

/** A browser whose fake camera plays `video`, and one scanner page in English. */
async function openScanner(video: string): Promise<{ browser: Browser; context: BrowserContext; page: Page; errors: string[] }> {
  const browser = await launchBrowser(video);
  const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, context, page, errors };
}

/** Another screen by its hash route; leaving the scan screen releases the camera. */
async function showScreen(page: Page, route: 'scan' | 'log' | 'about'): Promise<void> {
  await page.evaluate((r) => {
    location.hash = `#/${r}`;
  }, route);
}

/** The server's rows and the device's log hold the same entries, each exactly once. */
function expectSameEntriesOnce(
  stored: { id: string; reason: string; decision: string; cid: string | null }[],
  device: StoredEntry[],
): void {
  const storedIds = stored.map((e) => e.id.toLowerCase()).sort();
  expect(new Set(storedIds).size, 'an entry id stored twice').toBe(storedIds.length);
  expect(storedIds, 'the server holds exactly the device’s entries').toEqual(device.map((e) => e.id.toLowerCase()).sort());
  const byId = new Map(device.map((e) => [e.id.toLowerCase(), e]));
  for (const row of stored) {
    const mine = byId.get(row.id.toLowerCase())!;
    expect({ reason: row.reason, decision: row.decision, cid: row.cid }).toEqual({
      reason: mine.reason,
      decision: mine.decision,
      cid: mine.cid ?? null,
    });
  }
}

describe('sync with the real server', () => {
  it('held-out bar rehearsal: codes from `gatecheck issue` with the demo issuer key, through the camera: right reasons in order, each entry once in the database', async () => {
    const issuerKey = join(dataDir, 'keys', 'issuer.json');
    const now = Math.floor(Date.now() / 1000);
    const issue = async (args: string[]) => {
      const run = await runGatecheck(['issue', '--json', '--region', '440300', '--name', '王*明', '--hint', '4321', ...args]);
      if (run.code !== 0) throw new Error(`gatecheck issue ${args.join(' ')}: ${run.stderr}`);
      return JSON.parse(run.stdout) as { text: string; cid: string };
    };
    const foreignKeys = join(work, 'foreign-keys');
    const [green, yellow, red, expired, redToForge] = await Promise.all([
      issue(['--key', issuerKey]),
      issue(['--key', issuerKey, '--status', 'yellow']),
      issue(['--key', issuerKey, '--status', 'red']),
      // Issued inside the key's validity window (it starts a day before the demo start), expired an hour ago.
      issue(['--key', issuerKey, '--iat', String(now - 7200), '--exp', String(now - 3600)]),
      issue(['--key', issuerKey, '--status', 'red']),
      runGatecheck(['keygen', '--out', foreignKeys]).then((run) => expect(run.code, run.stderr).toBe(0)),
    ]);
    const foreign = await issue(['--key', join(foreignKeys, 'issuer.json')]);
    // A forgery: a red code's status byte (offset 26) turned green, the issuer's signature kept.
    const forgedBytes = (parseQrText(redToForge.text) as { ok: true; bytes: Uint8Array }).bytes.slice();
    expect(forgedBytes[26]).toBe(2);
    forgedBytes[26] = 0;

    const cases: { label: string; text: string; reason: Reason; decision: Decision; cid?: string }[] = [
      { label: 'green', text: green.text, reason: 'ok', decision: 'admit', cid: green.cid },
      { label: 'yellow (status byte 1)', text: yellow.text, reason: 'status_yellow', decision: 'refer', cid: yellow.cid },
      { label: 'red', text: red.text, reason: 'status_red', decision: 'refuse', cid: red.cid },
      { label: 'expired', text: expired.text, reason: 'expired', decision: 'refuse', cid: expired.cid },
      { label: 'forged signature', text: formatQrText(forgedBytes), reason: 'bad_signature', decision: 'refuse' },
      { label: 'unknown issuer', text: foreign.text, reason: 'unknown_issuer', decision: 'refuse' },
      { label: 'not GC1', text: 'WIFI:T:WPA;S:gate-guests;P:visitor2024;;', reason: 'not_a_health_code', decision: 'refuse' },
    ];
    // One pass of the video: the camera is released right after the last verdict, before the
    // video loops (a code missed on the first pass would break the order and fail the test).
    const video = join(work, 'bar.y4m');
    writeY4m(video, [
      { text: null, seconds: 1.5 },
      ...codeSegments(
        cases.map((c) => c.text),
        1,
        0.5,
      ),
    ]);

    const { checkpointId, enrollmentText } = await admin.checkpointWithEnrollment('Bar rehearsal gate');
    const { browser, page, errors } = await openScanner(video);
    try {
      // Enroll from the about screen, where the camera is off; the video starts when the scan screen opens.
      await page.goto(`${server.url}/#/about`);
      await waitForTrustOnAbout(page);
      await enrollByWedge(page, enrollmentText);
      await showScreen(page, 'scan');
      const seen: { label: string; reason: string; decision: string }[] = [];
      for (const c of cases) {
        seen.push({ label: c.label, ...(await waitForVerdict(page, 15_000)) });
        await dismissVerdict(page);
      }
      await showScreen(page, 'about');
      expect(seen).toEqual(cases.map((c) => ({ label: c.label, reason: c.reason, decision: c.decision })));

      await until('7 entries on the server', async () => (await admin.entriesOf(checkpointId)).length >= cases.length);
      await until('the device to mark its entries synced', async () => (await unsyncedOnDevice(page)) === 0);
      const device = await readEntries(page);
      expect(device).toHaveLength(cases.length);
      const stored = await admin.entriesOf(checkpointId);
      expectSameEntriesOnce(stored, device);
      // In scan order on the server too, with the cid of every code whose signature held.
      const inOrder = [...stored].sort((a, b) => a.time - b.time);
      expect(inOrder.map((e) => e.reason)).toEqual(cases.map((c) => c.reason));
      for (const [i, c] of cases.entries()) if (c.cid) expect(inOrder[i]!.cid, c.label).toBe(c.cid);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('scans 6 codes offline (keyboard wedge and camera): 6 waiting; back online, all 6 in the database exactly once and synced', async () => {
    const issuer = demoIssuer(dataDir);
    const byKeyboard = await Promise.all([0, 1, 2].map(() => issueWith(issuer)));
    const byCamera = await Promise.all([0, 1, 2].map(() => issueWith(issuer)));
    const video = join(work, 'offline.y4m');
    // One loop is 6 s: codes still in view on the next loop fall within the cooldown.
    writeY4m(video, [
      { text: null, seconds: 1.5 },
      ...codeSegments(
        byCamera.map((c) => c.text),
        1,
        0.5,
      ),
    ]);
    const { checkpointId, enrollmentText } = await admin.checkpointWithEnrollment('Offline gate');
    const { browser, context, page, errors } = await openScanner(video);
    try {
      await page.goto(`${server.url}/#/about`);
      await waitForTrustOnAbout(page);
      await enrollByWedge(page, enrollmentText);
      await waitForServiceWorker(page);
      await context.setOffline(true);

      for (const code of byKeyboard) {
        await wedgeScan(page, code.text);
        expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
        await dismissVerdict(page);
      }
      await showScreen(page, 'scan');
      for (let i = 0; i < byCamera.length; i++) {
        expect(await waitForVerdict(page, 15_000)).toEqual({ reason: 'ok', decision: 'admit' });
        await dismissVerdict(page);
      }

      await page.locator('.sync p', { hasText: '6 entries waiting to upload' }).waitFor({ timeout: 5000 });
      expect(await page.locator('.sync').getAttribute('data-sync')).toBe('offline');
      const offline = await readEntries(page);
      expect(offline.map((e) => e.cid).sort()).toEqual([...byKeyboard, ...byCamera].map((c) => c.cid).sort());
      expect(offline.every((e) => e.synced === 0 && e.reason === 'ok')).toBe(true);
      expect(await admin.entriesOf(checkpointId)).toHaveLength(0);

      await context.setOffline(false);
      await until('6 entries on the server', async () => (await admin.entriesOf(checkpointId)).length >= 6);
      await until('the device to mark its entries synced', async () => (await unsyncedOnDevice(page)) === 0);
      await page.locator('.sync p', { hasText: 'All entries uploaded' }).waitFor({ timeout: 5000 });
      expect(await syncLine(page)).toContain('Online');
      await showScreen(page, 'about');
      const device = await readEntries(page);
      expect(device).toHaveLength(6);
      expectSameEntriesOnce(await admin.entriesOf(checkpointId), device);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a status change published in the admin console reaches the scanner on reconnect: the next scans turn red and yellow; entries kept before enrolling upload once, with no checkpoint', async () => {
    const issuer = demoIssuer(dataDir);
    const [toRed, toYellow] = await Promise.all([issueWith(issuer), issueWith(issuer)]);
    const video = join(work, 'blank.y4m');
    writeY4m(video, [{ text: null, seconds: 0.5 }]);
    const { checkpointId, enrollmentText } = await admin.checkpointWithEnrollment('Status gate');
    const { browser, context, page, errors } = await openScanner(video);
    try {
      await page.goto(`${server.url}/#/about`);
      await waitForTrustOnAbout(page);
      const statusBefore = (await page.locator('[data-about="status"]').textContent()) ?? '';
      // Not enrolled yet: codes are verified all the same and their entries kept on the device.
      for (const code of [toRed, toYellow]) {
        await wedgeScan(page, code.text);
        expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
        await dismissVerdict(page);
      }
      const cooldownEnds = Date.now() + 10_500; // the app logs the same code once within 10 s

      // The administrator turns one code red and the other yellow in the console.
      const consolePage = await (await browser.newContext({ locale: 'en-US' })).newPage();
      consolePage.on('pageerror', (error) => errors.push(`console: ${error.message}`));
      await consolePage.goto(`${server.url}/admin`);
      await consolePage.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await consolePage.getByRole('button', { name: 'Sign in' }).click();
      await consolePage.getByRole('link', { name: 'Codes' }).click();
      let publishedSeq = 0;
      for (const [code, status] of [
        [toRed, 'red'],
        [toYellow, 'yellow'],
      ] as const) {
        await consolePage.getByLabel('Code id (cid)').fill(code.cid);
        await consolePage.getByLabel('New status').selectOption(status);
        // Every change is confirmed in a dialog that names the code and its new status.
        await consolePage.getByRole('button', { name: 'Review the change…' }).click();
        const confirm = consolePage.getByTestId('status-confirm');
        await confirm
          .getByTestId('status-question')
          .filter({ hasText: `${code.cid} from` })
          .filter({ hasText: `to ${status}?` })
          .waitFor();
        await confirm.getByRole('button', { name: 'Publish this change' }).click();
        const notice = confirm.getByTestId('status-result').filter({ hasText: 'the status list is now at version' });
        await notice.waitFor();
        publishedSeq = Number(/version (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
        await confirm.getByRole('button', { name: 'Close' }).click();
      }
      expect(statusBefore).not.toContain(`version ${publishedSeq},`);

      // The scanner pulls at start, on reconnect and every 5 minutes: the network comes back.
      await context.setOffline(true);
      await page.waitForFunction(() => !navigator.onLine);
      await context.setOffline(false);
      await page.locator('[data-about="status"]', { hasText: `version ${publishedSeq},` }).waitFor({ timeout: 15_000 });

      await page.waitForFunction((end) => Date.now() >= end, cooldownEnds, { timeout: 30_000 });
      await wedgeScan(page, toRed.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'status_red', decision: 'refuse' });
      await dismissVerdict(page);
      await wedgeScan(page, toYellow.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'status_yellow', decision: 'refer' });
      await dismissVerdict(page);
      expect(await unsyncedOnDevice(page)).toBe(4);
      expect(await admin.entriesOf(checkpointId)).toHaveLength(0);

      await enrollByWedge(page, enrollmentText);
      // All four were scanned before enrolling: stored with no checkpoint, never credited to Status gate.
      const storedOf = async () => [
        ...(await admin.entriesWhere(`cid=${toRed.cid}`)),
        ...(await admin.entriesWhere(`cid=${toYellow.cid}`)),
      ];
      await until('4 entries on the server', async () => (await storedOf()).length >= 4);
      await until('the device to mark its entries synced', async () => (await unsyncedOnDevice(page)) === 0);
      const stored = await storedOf();
      expectSameEntriesOnce(stored, await readEntries(page));
      expect(stored.map((e) => e.checkpointId)).toEqual([null, null, null, null]);
      expect(await admin.entriesOf(checkpointId)).toHaveLength(0);
      const reasonsOf = (cid: string) =>
        stored
          .filter((e) => e.cid === cid)
          .sort((a, b) => a.time - b.time)
          .map((e) => e.reason);
      expect(reasonsOf(toRed.cid)).toEqual(['ok', 'status_red']);
      expect(reasonsOf(toYellow.cid)).toEqual(['ok', 'status_yellow']);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('the server killed (SIGKILL) twice while 3,000 queued entries upload, once before a batch is stored and once after it is stored but before the device hears, restarted on the same folder and port each time: nothing lost, nothing doubled', async () => {
    const COUNT = 3000;
    const port = Number(new URL(server.url).port);
    const relay = await startCutProxy(port);
    const { checkpointId, enrollmentText } = await admin.via(relay.origin).checkpointWithEnrollment('Kill gate');
    const video = join(work, 'blank.y4m');
    writeY4m(video, [{ text: null, seconds: 0.5 }]);
    const { browser, context, page, errors } = await openScanner(video);
    const killServer = async () => {
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
    };
    try {
      await page.goto(relay.origin);
      await waitForTrust(page);
      await enrollByWedge(page, enrollmentText);
      await waitForServiceWorker(page);

      // Queue 3,000 entries while offline; the app restarts offline and shows them waiting.
      await context.setOffline(true);
      const ids = await seedPendingEntries(page, COUNT, 'Kill gate');
      await page.reload();
      await waitForTrust(page);
      await page.locator('.sync p', { hasText: '3,000 entries waiting to upload' }).waitFor({ timeout: 10_000 });

      // Back online: the first batch goes through; the server dies with the second half-received.
      const beforeStored = relay.cutUpload('mid-body', killServer, { after: 1 });
      await context.setOffline(false);
      const cutBeforeStored = await beforeStored;
      // Restarted, it stores the next batch, and dies before its reply leaves.
      const afterStored = relay.cutUpload('after-reply', killServer);
      server = await serve(['--port', String(port)]);
      const cutAfterStored = await afterStored;
      server = await serve(['--port', String(port)]);
      admin = await AdminClient.signIn(server.url, PASSWORD);

      await until('the device to finish its upload', async () => (await unsyncedOnDevice(page)) === 0, 60_000, 500);
      expect(cutBeforeStored.ids).toHaveLength(500);
      expect(cutAfterStored).toMatchObject({ outcome: 'cut-after-reply', status: 200 });
      const passed = new Set(relay.uploads.filter((u) => u.outcome === 'passed' && u.status === 200).flatMap((u) => u.ids));
      // Both cut batches were sent again after the restarts, and the one already stored was not stored twice.
      expect(
        cutBeforeStored.ids.every((id) => passed.has(id)),
        'the half-received batch was sent again',
      ).toBe(true);
      expect(
        cutAfterStored.ids.every((id) => passed.has(id)),
        'the stored but unacknowledged batch was sent again',
      ).toBe(true);

      const stored = await admin.entriesOf(checkpointId);
      expect(stored).toHaveLength(COUNT);
      const device = await readEntries(page);
      expect(device.map((e) => e.id).sort()).toEqual([...ids].sort());
      expectSameEntriesOnce(stored, device);
      await page.locator('.sync p', { hasText: 'All entries uploaded' }).waitFor({ timeout: 5000 });
      console.log(`sync e2e: upload attempts ${relay.uploads.map((u) => `${u.ids.length}:${u.outcome}`).join(', ')}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await relay.close();
    }
  });
});
