/**
 * The admin console end to end: `gatecheck serve` as its own process on an empty data folder
 * (demo keyset, first-run password printed once), serving the e2e build at /admin, driven in
 * Debian's Chromium: sign in with the printed password, create a checkpoint, edit its policy
 * (a blank name refused by the server and said so), see its enrollment QR, enroll a device and
 * upload entries through the device API, change a demo code's status, see the statistics
 * charts, filter entries and export them as CSV, view the trust data and import a newer bundle
 * signed with the demo root key (older, foreign and non-JSON bundles refused in plain words),
 * switch language; axe-core finds no violations on any screen. The scanner's service worker must
 * precache none of the console's files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { b64uDecode, parseEnrollmentText, sealEnvelope, signerFromSeed, type EntryUpload } from '../../src/core/index.ts';
import { readKeyFile } from '../../src/server/keys/key-file.ts';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { axeViolations } from './support/page-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-admin-'));
let server: ServerProcess;
let password: string;
let browser: Browser;

beforeAll(async () => {
  server = await spawnServer(join(work, 'data'), {}, 60_000, ['--dist', inject('appDist')]);
  // The banner follows the "listening" line the spawn waits for; the password is its last line.
  const printed = /admin password \(shown only this once\): (\S+)\n/;
  for (let waited = 0; !printed.test(server.output()) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  password = printed.exec(server.output())?.[1] ?? '';
  // The console needs no camera; the shared launcher still wants a video for the fake one.
  const video = join(work, 'blank.y4m');
  writeY4m(video, [{ text: null, seconds: 0.1 }]);
  browser = await launchBrowser(video);
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(work, { recursive: true, force: true });
});

async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${screen}`).toEqual([]);
}

/** A device enrolled with the console's enrollment text, uploading a few scans. */
async function uploadScans(enrollmentText: string): Promise<EntryUpload[]> {
  const parsed = parseEnrollmentText(enrollmentText);
  if (!parsed.ok) throw new Error(`enrollment text: ${parsed.detail}`);
  expect(parsed.offer.url).toBe(server.url);
  const enrolled = await fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: parsed.offer.token, deviceName: 'tablet 1' }) });
  expect(enrolled.status).toBe(201);
  const { credential } = (await enrolled.json()) as { credential: string };
  const now = Date.now();
  const scan = (minutesAgo: number, over: Partial<EntryUpload>): EntryUpload => ({ id: randomUUID(), time: now - minutesAgo * 60_000, checkpoint: 'North gate', direction: 'in', reason: 'ok', decision: 'admit', cid: 'AAECAwQFBgcICQoLDA0ODw', ...over });
  const entries = [
    scan(90, {}),
    scan(80, { reason: 'status_red', decision: 'refuse', cid: 'EBESExQVFhcYGRobHB0eHw' }),
    scan(30, { reason: 'status_yellow', decision: 'refer', override: { decision: 'admit', reason: 'supervisor_approved', at: now - 29 * 60_000 } }),
    scan(5, { reason: 'bad_signature', decision: 'refuse' }),
  ];
  const uploaded = await fetch(`${server.url}/api/entries`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` }, body: JSON.stringify({ entries }) });
  expect(uploaded.status).toBe(200);
  return entries;
}

/** A copy of the published trust bundle with another seq, signed with `seed` (the demo root's, unless a stranger's). */
async function resignedTrust(seq: number, seed: Uint8Array): Promise<string> {
  const published = (await (await fetch(`${server.url}/api/trust`)).json()) as { payload: string };
  const document = JSON.parse(new TextDecoder().decode(b64uDecode(published.payload)!)) as { seq: number; issuedAt: number };
  return JSON.stringify(await sealEnvelope({ ...document, seq, issuedAt: document.issuedAt + seq }, signerFromSeed(seed)));
}

describe('admin console', () => {
  it('is served at /admin, and the scanner service worker precaches none of its files', async () => {
    const admin = await fetch(`${server.url}/admin`);
    expect(admin.status).toBe(200);
    const html = await admin.text();
    const own = [...html.matchAll(/(?:src|href)="\/(assets\/console\/[^"]+)"/g)].map((m) => m[1]!);
    expect(own.length).toBeGreaterThanOrEqual(2); // the console's script and stylesheet
    const precached = [...readFileSync(join(inject('appDist'), 'sw.js'), 'utf8').matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
    expect(precached).toContain('index.html');
    expect(precached.filter((url) => url === 'admin.html' || url.startsWith('assets/console/'))).toEqual([]);
    for (const shared of html.matchAll(/(?:src|href)="\/(assets\/[^/"]+\.js)"/g)) expect(precached, 'a chunk the console shares with the scanner').toContain(shared[1]);
  });

  it('signs in with the printed password, manages checkpoints and codes, shows statistics and exports CSV', async () => {
    expect(password.length).toBeGreaterThanOrEqual(16);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Administrator password').waitFor();
    await expectNoAxeViolations(page, 'sign-in');
    await page.getByLabel('Administrator password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not right');
    await page.getByLabel('Administrator password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();

    // Checkpoints: create one, see its one-time enrollment QR.
    await page.getByRole('link', { name: 'Checkpoints' }).click();
    await page.getByLabel('Name', { exact: true }).fill('North gate');
    await page.getByLabel('Site').fill('Depot 3');
    await page.getByLabel('A yellow code means').selectOption('refuse');
    await page.getByRole('button', { name: 'Create checkpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'North gate' }).waitFor();

    // Edit it: a blank name is refused by the server and said so at the field; then a new policy is saved.
    await page.getByRole('button', { name: 'Edit North gate' }).click();
    const edit = page.getByTestId('edit-form');
    await edit.getByLabel('Name', { exact: true }).fill('   ');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('alert').filter({ hasText: 'a checkpoint needs a name' }).waitFor();
    expect(await edit.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'checkpoints (editing, refused)');
    await edit.getByLabel('Name', { exact: true }).fill('North gate');
    await edit.getByLabel('Site').fill('Depot 4');
    await edit.getByLabel('A yellow code means').selectOption('refer');
    await edit.getByLabel('When the trust data has expired').selectOption('refer');
    await edit.getByLabel('Warn when data is older than (hours)').fill('12');
    await edit.getByLabel('Strong warning when older than (hours)').fill('48');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Checkpoint “North gate” saved' }).waitFor();
    await page.getByRole('cell', { name: /yellow: refer to a supervisor; expired trust data: refer every code/ }).waitFor();
    const stored = await page.evaluate(async () => ((await (await fetch('/api/admin/checkpoints')).json()) as { checkpoints: { name: string; site: string; policy: unknown }[] }).checkpoints);
    expect(stored).toEqual([expect.objectContaining({ name: 'North gate', site: 'Depot 4', policy: { yellow: 'refer', expiredTrust: 'refer', warnAfter: 12 * 3600, staleAfter: 48 * 3600, acceptStatic: true } })]);

    await page.getByRole('button', { name: 'Enrollment QR for North gate' }).click();
    const qr = page.getByRole('img', { name: 'Enrollment QR code for checkpoint North gate' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const enrollmentText = await page.getByLabel('Code text (for a scanner with a keyboard)').inputValue();
    expect(enrollmentText.startsWith('GCENROLL1:')).toBe(true);
    await expectNoAxeViolations(page, 'checkpoints');
    const scans = await uploadScans(enrollmentText);

    // Devices: the enrolled tablet, seen just now.
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('rowheader', { name: 'tablet 1' }).waitFor();
    await expectNoAxeViolations(page, 'devices');

    // Codes: issue a demo code, then turn it red by its cid.
    await page.getByRole('link', { name: 'Codes' }).click();
    await page.getByRole('button', { name: 'Issue demo code' }).click();
    await page.getByRole('img', { name: /QR code of the demo code/ }).waitFor();
    await page.getByRole('button', { name: 'Change this code’s status' }).click();
    const cid = await page.getByLabel('Code id (cid)').inputValue();
    expect(cid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await page.getByLabel('New status').selectOption('red');
    await page.getByRole('button', { name: 'Publish status change' }).click();
    await page.getByText(`Published: ${cid} is now red`).waitFor();
    await page.getByRole('button', { name: 'Look up current status' }).click();
    await page.getByText('Latest change: red').waitFor();
    await expectNoAxeViolations(page, 'codes');
    const head = (await (await fetch(`${server.url}/api/status/head`)).json()) as { seq: number };
    const deltas = (await (await fetch(`${server.url}/api/status/deltas?from=${head.seq - 1}`)).json()) as { envelopes: unknown[] };
    expect(deltas.envelopes).toHaveLength(1); // the change is published for scanners as a signed delta

    // Statistics: totals and three uPlot charts over the uploaded scans.
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByTestId('statistics').waitFor();
    await expect(page.locator('.tile').filter({ hasText: 'Scans' }).locator('dd').textContent()).resolves.toBe('4');
    await expect(page.locator('.tile').filter({ hasText: 'Refused' }).locator('dd').textContent()).resolves.toBe('2');
    await expect(page.locator('.tile').filter({ hasText: 'Overridden' }).locator('dd').textContent()).resolves.toBe('1');
    await page.locator('.uplot canvas').nth(2).waitFor();
    expect(await page.locator('.uplot').count()).toBe(3);
    const figureTitles = await page.locator('figure.chart figcaption').allTextContents();
    expect(figureTitles).toEqual(['Scans per hour', 'Scans per checkpoint', 'Scans per result']);
    await expectNoAxeViolations(page, 'statistics');

    // Entries: filter to refusals, then export exactly those as CSV.
    await page.getByRole('link', { name: 'Entries' }).click();
    await page.getByTestId('entries-count').filter({ hasText: '4 matching' }).waitFor();
    await page.getByLabel('Decision').selectOption('refuse');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByTestId('entries-count').filter({ hasText: '2 matching' }).waitFor();
    expect(await page.getByTestId('entries').locator('tbody tr').count()).toBe(2);
    await expectNoAxeViolations(page, 'entries');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gatecheck-entries-\d{8}-\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('id,time,checkpoint_id,checkpoint_name')).toBe(true);
    expect(lines.slice(1).map((l) => l.slice(0, 36)).sort()).toEqual(scans.filter((s) => s.decision === 'refuse').map((s) => s.id).sort());

    // Trust data: the demo bundle (seq 1) and its keys; a newer one signed with the demo root key
    // is imported from a file; older, foreign and non-JSON bundles are refused in plain words.
    await page.getByRole('link', { name: 'Trust data' }).click();
    await expect(page.getByTestId('trust-seq').textContent()).resolves.toBe('1');
    const keyUses = await page.getByTestId('trust-keys').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(keyUses.sort()).toEqual(['signs health codes', 'signs status lists — this server’s status key']);
    await expectNoAxeViolations(page, 'trust');
    const rootSeed = readKeyFile(join(work, 'data', 'keys', 'root.json')).seed!;
    await page.getByLabel('Or choose the file').setInputFiles({ name: 'trust.json', mimeType: 'application/json', buffer: Buffer.from(await resignedTrust(3, rootSeed)) });
    await page.getByRole('button', { name: 'Import trust bundle' }).click();
    await page.getByTestId('trust-result').filter({ hasText: 'now version 3' }).waitFor();
    await page.getByTestId('trust-seq').filter({ hasText: '3' }).waitFor();
    const refusals: [string, string][] = [
      [await resignedTrust(2, rootSeed), 'not newer than the published version 3'],
      [await resignedTrust(4, crypto.getRandomValues(new Uint8Array(32))), 'not signed with this deployment’s root key'],
      ['{"payload": ', 'this is not JSON'],
    ];
    for (const [bundle, words] of refusals) {
      await page.getByLabel('Signed trust bundle (JSON)').fill(bundle);
      await page.getByRole('button', { name: 'Import trust bundle' }).click();
      await page.getByTestId('trust-refused').filter({ hasText: words }).waitFor();
    }
    await expectNoAxeViolations(page, 'trust (refused)');
    const shownTrust = (await page.evaluate(async () => (await fetch('/api/admin/trust')).json())) as { seq: number };
    expect(shownTrust.seq).toBe(3);

    // Language: 简体中文 on request, remembered across a reload.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: 'gatecheck 管理台' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.reload();
    await page.getByRole('link', { name: '通行记录' }).waitFor();
    await expectNoAxeViolations(page, 'entries (zh-CN)');
    await page.getByRole('link', { name: '信任数据' }).click();
    await page.getByLabel('已签名的信任包（JSON）').fill(await resignedTrust(1, rootSeed));
    await page.getByRole('button', { name: '导入信任包' }).click();
    await page.getByTestId('trust-refused').filter({ hasText: '并不比已发布的版本 3 新' }).waitFor();
    await expectNoAxeViolations(page, 'trust (zh-CN)');
    expect(errors).toEqual([]);
    await context.close();

    // A browser set to Chinese gets Chinese without asking.
    const chinese = await browser.newContext({ locale: 'zh-CN' });
    const first = await chinese.newPage();
    await first.goto(`${server.url}/admin`);
    await first.getByLabel('管理员密码').waitFor();
    await chinese.close();
  });
});
