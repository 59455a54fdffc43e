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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { b64uDecode, parseEnrollmentText, sealEnvelope, signerFromSeed, type EntryUpload } from '../../src/core/index.ts';
import { ZH_TERMS } from '../../src/core/glossary.ts';
import { readKeyFile } from '../../src/server/keys/key-file.ts';
import type { ServerProcess } from '../../src/server/test-support/server-process.ts';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';
import { axeViolations } from './support/page-helpers.ts';

let demo: DemoServer;
let server: ServerProcess;
let password: string;
let browser: Browser;
let work: string;

beforeAll(async () => {
  demo = await startDemoServer('admin', inject('appDist'));
  ({ server, password, browser, work } = demo);
});

afterAll(async () => demo?.close());

async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe on ${screen}: ${JSON.stringify(violations)}`).toEqual([]);
}

/** A device enrolled with the console's enrollment text, uploading a few scans. */
async function uploadScans(enrollmentText: string): Promise<EntryUpload[]> {
  const parsed = parseEnrollmentText(enrollmentText);
  if (!parsed.ok) throw new Error(`enrollment text: ${parsed.detail}`);
  expect(parsed.offer.url).toBe(server.url);
  const enrolled = await fetch(`${server.url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: parsed.offer.token, deviceName: 'tablet 1' }),
  });
  expect(enrolled.status).toBe(201);
  const { credential } = (await enrolled.json()) as { credential: string };
  const now = Date.now();
  const scan = (minutesAgo: number, over: Partial<EntryUpload>): EntryUpload => ({
    id: randomUUID(),
    time: now - minutesAgo * 60_000,
    checkpoint: 'North gate',
    direction: 'in',
    reason: 'ok',
    decision: 'admit',
    cid: 'AAECAwQFBgcICQoLDA0ODw',
    ...over,
  });
  const entries = [
    scan(90, {}),
    scan(80, { reason: 'status_red', decision: 'refuse', cid: 'EBESExQVFhcYGRobHB0eHw' }),
    scan(30, {
      reason: 'status_yellow',
      decision: 'refer',
      override: { decision: 'admit', reason: 'supervisor_approved', at: now - 29 * 60_000 },
    }),
    scan(5, { reason: 'bad_signature', decision: 'refuse', clockNote: 'device clock was 2 min behind' }),
  ];
  const uploaded = await fetch(`${server.url}/api/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ entries }),
  });
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
    for (const shared of html.matchAll(/(?:src|href)="\/(assets\/[^/"]+\.js)"/g))
      expect(precached, 'a chunk the console shares with the scanner').toContain(shared[1]);
  });

  it('walks a new administrator through every screen: checkpoints, devices, codes one and many, statistics, entries, trust, accounts, audit; roles see only what they may use', async () => {
    expect(password.length).toBeGreaterThanOrEqual(16);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Password', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'sign-in');
    expect(await page.getByLabel('Account name').inputValue()).toBe('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not right');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
    await page.getByTestId('signed-in-as').filter({ hasText: 'admin (admin)' }).waitFor();

    // Checkpoints: a new one shows in the list at once; a second one of that name at that site is refused at its field.
    await page.getByRole('link', { name: 'Checkpoints' }).click();
    await page.getByLabel('Name', { exact: true }).fill('North gate');
    await page.getByLabel('Site').fill('Depot 3');
    await page.getByLabel('A yellow code means').selectOption('refuse');
    await page.getByRole('button', { name: 'Create checkpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'North gate' }).waitFor();
    await page.getByRole('rowheader', { name: 'North gate' }).waitFor();
    const create = page.getByTestId('create-form');
    await create.getByLabel('Name', { exact: true }).fill('north GATE');
    await create.getByLabel('Site').fill('Depot 3');
    await create.getByRole('button', { name: 'Create checkpoint' }).click();
    await create.getByRole('alert').filter({ hasText: 'this site already has a checkpoint with this name' }).waitFor();
    expect(await create.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('rowheader').count()).toBe(1);

    // Edit in a dialog that opens where the administrator is looking, with focus inside it.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByRole('button', { name: 'Edit North gate' }).click();
    const editDialog = page.getByTestId('edit-dialog');
    await expectInView(page, editDialog);
    const edit = page.getByTestId('edit-form');
    await edit.getByLabel('Name', { exact: true }).fill('   ');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('alert').filter({ hasText: 'a checkpoint needs a name' }).waitFor();
    expect(await edit.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'checkpoints (edit dialog, refused)');
    await edit.getByLabel('Name', { exact: true }).fill('North gate');
    await edit.getByLabel('Site').fill('Depot 4');
    await edit.getByLabel('A yellow code means').selectOption('refer');
    await edit.getByLabel('When the trust data has expired').selectOption('refer');
    await edit.getByLabel('Warn when data is older than (hours)').fill('12');
    await edit.getByLabel('Strong warning when older than (hours)').fill('48');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Checkpoint “North gate” saved' }).waitFor();
    expect(await editDialog.count()).toBe(0);
    await page.getByRole('cell', { name: /yellow: refer to a supervisor; expired trust data: refer every code/ }).waitFor();
    const stored = await page.evaluate(
      async () =>
        ((await (await fetch('/api/admin/checkpoints')).json()) as { checkpoints: { name: string; site: string; policy: unknown }[] })
          .checkpoints,
    );
    expect(stored).toEqual([
      expect.objectContaining({
        name: 'North gate',
        site: 'Depot 4',
        policy: {
          yellow: 'refer',
          expiredTrust: 'refer',
          warnAfter: 12 * 3600,
          staleAfter: 48 * 3600,
          acceptStatic: true,
          recognised: 'as-home',
        },
      }),
    ]);

    await page.getByRole('button', { name: 'Enrollment QR for North gate' }).click();
    const enrollment = page.getByTestId('enrollment');
    const qr = page.getByRole('img', { name: 'Enrollment QR code for checkpoint North gate' });
    await qr.waitFor();
    await expectInView(page, enrollment);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const enrollmentText = await page.getByLabel('Code text (for a scanner with a keyboard)').inputValue();
    expect(enrollmentText.startsWith('GCENROLL1:')).toBe(true);
    await expectNoAxeViolations(page, 'checkpoints (enrollment dialog)');
    await page.keyboard.press('Escape');
    expect(await enrollment.count()).toBe(0);
    const scans = await uploadScans(enrollmentText);

    // Devices: named at enrollment, with a short id; renamed in a dialog.
    await page.getByRole('link', { name: 'Devices' }).click();
    const deviceRow = page.getByTestId('devices').locator('tbody tr').first();
    await deviceRow.getByRole('rowheader', { name: /tablet 1 [0-9a-f]{8}/ }).waitFor();
    const shortId = await deviceRow.locator('code.id').textContent();
    await expectNoAxeViolations(page, 'devices');
    await page.getByRole('button', { name: /^Rename tablet 1/ }).click();
    await expectInView(page, page.getByTestId('rename-dialog'));
    await page.getByLabel('Name', { exact: true }).fill('Gate 1 tablet');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Device renamed: Gate 1 tablet (${shortId})` })
      .waitFor();
    await deviceRow.getByRole('rowheader', { name: `Gate 1 tablet ${shortId}` }).waitFor();

    // Codes: no default status; the confirmation names the code, its current and new status and the scanners reached.
    await page.getByRole('link', { name: 'Codes' }).click();
    await page.getByRole('button', { name: 'Issue demo code' }).click();
    await page.getByRole('img', { name: /QR code of the demo code/ }).waitFor();
    await page.getByRole('button', { name: 'Change this code’s status' }).click();
    const cid = await page.getByLabel('Code id (cid)').inputValue();
    expect(cid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await page.getByLabel('New status').inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Review the change…' }).isDisabled()).toBe(true);
    await page.getByLabel('New status').selectOption('red');
    await page.getByRole('button', { name: 'Review the change…' }).click();
    const confirm = page.getByTestId('status-confirm');
    await expectInView(page, confirm);
    await expect(confirm.getByTestId('status-question').textContent()).resolves.toBe(
      `Change code ${cid} from its printed colour (no change published yet) to red? Enrolled scanners that will receive this at their next sync: 1.`,
    );
    await expectNoAxeViolations(page, 'codes (confirmation)');
    const headBefore = (await (await fetch(`${server.url}/api/status/head`)).json()) as { seq: number };
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(((await (await fetch(`${server.url}/api/status/head`)).json()) as { seq: number }).seq).toBe(headBefore.seq); // cancel published nothing
    await page.getByRole('button', { name: 'Review the change…' }).click();
    await confirm.getByRole('button', { name: 'Publish this change' }).click();
    await confirm
      .getByTestId('status-result')
      .filter({ hasText: `codes changed: 1; the status list is now at version ${headBefore.seq + 1}` })
      .waitFor();
    await confirm.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Look up current status' }).click();
    await page.getByText('Latest change: red').waitFor();
    const deltas = (await (await fetch(`${server.url}/api/status/deltas?from=${headBefore.seq}`)).json()) as { envelopes: unknown[] };
    expect(deltas.envelopes).toHaveLength(1);

    // Many codes at once from a pasted list: unreadable lines named, a preview, one delta, and an undo.
    const other = 'EBESExQVFhcYGRobHB0eHw';
    const fresh = 'ICEiIyQlJicoKSorLC0uLw';
    await page
      .getByLabel('List of codes (CSV)')
      .fill(['cid,status,until', `${cid},red`, `${other},yellow,2030-01-01`, `${fresh},revoked`, 'not-a-cid,red'].join('\n'));
    await page.getByRole('button', { name: 'Check the list' }).click();
    await page.getByTestId('bulk-parse').filter({ hasText: '3 codes read; 1 lines could not be read' }).waitFor();
    await page.getByTestId('bulk-parse').getByText('Line 5: not a code id').waitFor();
    await expectInView(page, confirm);
    // The confirmation names the line it leaves out, so nobody thinks it was sent.
    await confirm.getByTestId('status-skipped').getByText('Not sent: 1 lines of the list could not be read.').waitFor();
    await confirm.getByTestId('status-skipped').getByText('Line 5: not a code id').waitFor();
    const tiles = await confirm.getByTestId('status-preview').locator('dd').allTextContents();
    expect(tiles).toEqual(['1', '1', '1', '1']); // other was scanned (known), fresh never seen, cid already red; one scanner
    await expectNoAxeViolations(page, 'codes (bulk preview)');
    await confirm.getByRole('button', { name: 'Publish the changes of 2 codes' }).click();
    await confirm.getByTestId('status-result').filter({ hasText: 'codes changed: 2' }).waitFor();
    await confirm.getByRole('button', { name: 'Undo' }).click();
    // The revocation in the batch stays: nobody can un-revoke a code (issue 14), so only the yellow goes back.
    await confirm.getByTestId('status-result').filter({ hasText: 'codes back to their earlier status: 1' }).waitFor();
    await confirm.getByRole('button', { name: 'Close' }).click();
    const batchRows = page.getByTestId('batches').locator('tbody tr');
    await batchRows.nth(2).waitFor();
    expect(await batchRows.locator('td:nth-child(5)').allTextContents()).toEqual(['undo of an earlier change', 'undone', 'in force']);
    expect(await batchRows.locator('td:nth-child(2)').allTextContents()).toEqual(['admin', 'admin', 'admin']);
    await expectNoAxeViolations(page, 'codes');

    // Statistics: totals, stacked charts whose legends show values, figures as CSV.
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByTestId('statistics').waitFor();
    await expect(page.locator('.tile').filter({ hasText: 'Scans' }).locator('dd').textContent()).resolves.toBe('4');
    await expect(page.locator('.tile').filter({ hasText: 'Refused' }).locator('dd').textContent()).resolves.toBe('2');
    await expect(page.locator('.tile').filter({ hasText: 'Overridden' }).locator('dd').textContent()).resolves.toBe('1');
    await page.locator('.uplot canvas').nth(2).waitFor();
    expect(await page.locator('figure.chart figcaption').allTextContents()).toEqual([
      'Scans per hour',
      'Scans per checkpoint',
      'Scans per result',
      'Red and yellow codes seen',
    ]);
    // Checkpoint × hour of day: every cell prints its count; the row adds up to the checkpoint's scans.
    const heat = (await page.getByTestId('heatmap').locator('tbody tr').first().locator('td').allTextContents()).map((n) => Number(n || 0));
    expect(heat).toHaveLength(24);
    expect(heat.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await page.getByTestId('sightings').locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([
      'North gate',
      '1',
      '1',
    ]);
    const legend = await page.getByTestId('chart-checkpoints').locator('.u-legend .u-value').allTextContents();
    const byCheckpoint = (
      await page.evaluate(
        async () =>
          (await (await fetch('/api/admin/stats')).json()) as { byCheckpoint: { refused: number; referred: number; admitted: number }[] },
      )
    ).byCheckpoint[0]!;
    expect(legend).toEqual(['North gate', String(byCheckpoint.refused), String(byCheckpoint.referred), String(byCheckpoint.admitted)]); // the first category's own counts, not running totals
    expect((await page.getByTestId('chart-time').locator('.u-legend .u-value').allTextContents()).join(' ')).not.toContain('--');
    const [figures] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('statistics').getByRole('button', { name: 'Download these figures (CSV)' }).nth(1).click(),
    ]);
    const figuresCsv = readFileSync((await figures.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(figuresCsv).toEqual([
      'Checkpoint,Scans,Admitted,Refused,Referred,Overridden',
      `North gate,4,${byCheckpoint.admitted},${byCheckpoint.refused},${byCheckpoint.referred},1`,
    ]);
    await page.getByLabel('Colours').selectOption('safe');
    await page.locator('.uplot canvas').nth(2).waitFor();
    await page.getByTestId('stats-updated').waitFor();
    await expectNoAxeViolations(page, 'statistics');

    // Entries: device (name and short id), checkpoint, clock note; ids in monospace and never wrapped.
    await page.getByRole('link', { name: 'Entries' }).click();
    await page.getByTestId('entries-count').filter({ hasText: '4 matching' }).waitFor();
    const firstRow = page.getByTestId('entries').locator('tbody tr').first();
    await expect(firstRow.locator('td').nth(2).textContent()).resolves.toBe(`Gate 1 tablet ${shortId}`);
    const cidStyle = await page
      .getByTestId('entries')
      .locator('code.id')
      .first()
      .evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).fontFamily]);
    expect(cidStyle[0]).toBe('nowrap');
    expect(cidStyle[1]).toMatch(/mono/i);
    expect(await page.getByTestId('entries').locator('thead th').allTextContents()).toEqual([
      'Time',
      'Checkpoint',
      'Device',
      'In or out',
      'Result',
      'Override',
      'Code id',
      'Clock note',
    ]);
    await page.getByText('device clock was 2 min behind').waitFor();
    await page.getByLabel('Decision').selectOption('refuse');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByTestId('entries-count').filter({ hasText: '2 matching' }).waitFor();
    expect(await page.getByTestId('entries').locator('tbody tr').count()).toBe(2);
    await expectNoAxeViolations(page, 'entries');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gatecheck-entries-\d{8}-\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]!.startsWith('id,time,checkpoint_id,checkpoint_name')).toBe(true);
    expect(
      lines
        .slice(1)
        .map((l) => l.slice(0, 36))
        .sort(),
    ).toEqual(
      scans
        .filter((s) => s.decision === 'refuse')
        .map((s) => s.id)
        .sort(),
    );

    // Trust data: the demo bundle (seq 1) and its keys; a newer one signed with the demo root key
    // is imported from a file; older, foreign and non-JSON bundles are refused in plain words.
    await page.getByRole('link', { name: 'Trust data' }).click();
    await expect(page.getByTestId('trust-seq').textContent()).resolves.toBe('1');
    const keyUses = await page.getByTestId('trust-keys').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(keyUses.sort()).toEqual(['signs health codes', 'signs status lists — this server’s status key']);
    await expectNoAxeViolations(page, 'trust');
    const rootSeed = readKeyFile(join(work, 'data', 'keys', 'root.json')).seed!;
    await page
      .getByLabel('Or choose the file')
      .setInputFiles({ name: 'trust.json', mimeType: 'application/json', buffer: Buffer.from(await resignedTrust(3, rootSeed)) });
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

    // Accounts: add an operator and a viewer (each password shown once, in a dialog).
    await page.getByRole('link', { name: 'Accounts' }).click();
    const newPasswords: Record<string, string> = {};
    for (const [name, role] of [
      ['lin.wei', 'operator'],
      ['zhang.min', 'viewer'],
    ] as const) {
      await page.getByLabel('Account name').fill(name);
      await page.locator('select[name=role]').selectOption(role);
      await page.getByRole('button', { name: 'Add account' }).click();
      const shown = page.getByTestId('password-dialog');
      await expectInView(page, shown);
      newPasswords[name] = (await shown.getByTestId('new-password').textContent())!;
      expect(newPasswords[name]).toMatch(/^[A-Za-z0-9_-]{24}$/);
      if (name === 'lin.wei') await expectNoAxeViolations(page, 'accounts (new password)');
      await shown.getByRole('button', { name: 'I have noted it' }).click();
      await page.getByRole('rowheader', { name }).waitFor();
    }
    await page.getByLabel('Account name').fill('lin.wei');
    await page.locator('select[name=role]').selectOption('admin');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('alert').filter({ hasText: 'an account with this name exists already' }).waitFor();
    await expectNoAxeViolations(page, 'accounts');

    // Audit log: every change above, by admin, from this browser's address; exportable.
    await page.getByRole('link', { name: 'Audit log' }).click();
    const auditRows = page.getByTestId('audit').locator('tbody tr');
    await auditRows.first().waitFor();
    const actions = await auditRows.locator('td:nth-child(3)').allTextContents();
    for (const action of [
      'added an account',
      'imported trust data',
      'undid status changes',
      'published status changes',
      'renamed a device',
      'made an enrollment code',
      'edited a checkpoint',
      'created a checkpoint',
      'signed in',
    ])
      expect(actions).toContain(action);
    expect(new Set(await auditRows.locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['admin']));
    // Targets by name in the console's words, never a raw UUID.
    const targets = await auditRows.locator('td:nth-child(4)').allTextContents();
    expect(targets.filter((target) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(target))).toEqual([]);
    expect(targets.some((target) => target.startsWith('checkpoint '))).toBe(true);
    await expectNoAxeViolations(page, 'audit');
    const [auditCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export the whole log (CSV)' }).click(),
    ]);
    expect(readFileSync((await auditCsv.path())!, 'utf8').split('\r\n')[0]).toBe('\ufeffid,time,account,action,target,details,client');
    expect(errors).toEqual([]);
    await context.close();

    // The operator sees no accounts or audit log; the viewer also no forms or change buttons.
    for (const [name, role] of [
      ['lin.wei', 'operator'],
      ['zhang.min', 'viewer'],
    ] as const) {
      const as = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      const tab = await as.newPage();
      await tab.goto(`${server.url}/admin#/accounts`);
      await tab.getByLabel('Account name').fill(name);
      await tab.getByLabel('Password', { exact: true }).fill(newPasswords[name]!);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab
        .getByTestId('signed-in-as')
        .filter({ hasText: `${name} (${role})` })
        .waitFor();
      expect(await tab.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
        'Statistics',
        'Checkpoints',
        'Devices',
        'Codes',
        'Entries',
        'Trust data',
      ]);
      await tab.getByRole('heading', { name: 'Statistics', level: 2 }).waitFor(); // #/accounts fell back to a section the role may see
      await tab.getByRole('link', { name: 'Checkpoints' }).click();
      // The statistics' heatmap and sightings also have a row per checkpoint: wait until they are gone.
      await tab.getByTestId('heatmap').waitFor({ state: 'detached' });
      await tab.getByRole('rowheader', { name: 'North gate' }).waitFor();
      expect(await tab.getByRole('button', { name: 'Create checkpoint' }).count()).toBe(role === 'operator' ? 1 : 0);
      expect(await tab.getByRole('button', { name: 'Edit North gate' }).count()).toBe(role === 'operator' ? 1 : 0);
      await tab.getByRole('link', { name: 'Codes' }).click();
      await tab.getByRole('button', { name: 'Look up current status' }).waitFor();
      expect(await tab.getByRole('button', { name: 'Review the change…' }).count()).toBe(role === 'operator' ? 1 : 0);
      expect(await tab.getByRole('button', { name: 'Check the list' }).count()).toBe(role === 'operator' ? 1 : 0);
      // The batches come in a request of their own: count their buttons once the table is there.
      await tab.getByTestId('batches').waitFor();
      expect(await tab.getByRole('button', { name: 'Undo' }).count()).toBe(role === 'operator' ? 1 : 0); // the first change is still in force
      await expectNoAxeViolations(tab, `codes as ${role}`);
      await as.close();
    }
  });

  it('speaks 简体中文 on every screen and dialog, with the scanner’s words for decisions, and axe finds nothing', async () => {
    const chinese = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await chinese.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('密码', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expectNoAxeViolations(page, 'sign-in (zh-CN)');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').waitFor();
    for (const [link, heading] of [
      ['统计', '统计'],
      ['检查点', '检查点'],
      ['设备', '设备'],
      ['健康码', '签发演示码'],
      ['通行记录', '通行记录'],
      ['信任数据', '信任数据'],
      ['账号', '账号'],
      ['审计日志', '审计日志'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
      // Checked once the data is in: lists loaded, and on the statistics screen its tiles (the charts draw with them).
      await page.waitForFunction(() => !document.querySelector('[data-testid="list-loading"]'));
      if (link === '统计') await page.locator('.tile').first().waitFor();
      await expectNoAxeViolations(page, `${link} (zh-CN)`);
    }
    await page.getByRole('navigation').getByRole('link', { name: '统计', exact: true }).click();
    await page.locator('.tile').first().waitFor();
    const tileNames = await page.locator('.tile dt').allTextContents();
    expect(tileNames).toEqual(['扫码次数', ZH_TERMS.admit, ZH_TERMS.refuse, ZH_TERMS.refer, ZH_TERMS.override]);
    await page.getByRole('navigation').getByRole('link', { name: '检查点', exact: true }).click();
    await page.getByRole('button', { name: 'North gate 的登记二维码' }).click();
    await expectInView(page, page.getByTestId('enrollment'));
    await expectNoAxeViolations(page, 'enrollment dialog (zh-CN)');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation').getByRole('link', { name: '健康码', exact: true }).click();
    await page.getByLabel('码标识（cid）').fill('AAECAwQFBgcICQoLDA0ODw');
    await page.getByLabel('新状态').selectOption('yellow');
    await page.getByRole('button', { name: '检查这项更改…' }).click();
    const confirm = page.getByTestId('status-confirm');
    await expectInView(page, confirm);
    await expect(confirm.getByTestId('status-question').textContent()).resolves.toContain('改为黄码');
    await expectNoAxeViolations(page, 'status confirmation (zh-CN)');
    await confirm.getByRole('button', { name: '取消' }).click();
    expect(errors).toEqual([]);
    await chinese.close();
  });
});

/** The element is on screen (inside the viewport, whatever the scroll) and holds the focus. */
async function expectInView(page: Page, element: ReturnType<Page['getByTestId']>): Promise<void> {
  await element.waitFor();
  const box = await element.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, 'visible').not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeLessThan(viewport.height * 0.5);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width + 1);
  expect(await element.evaluate((el) => el.contains(document.activeElement))).toBe(true);
}
