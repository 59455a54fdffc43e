/**
 * The console's review queue end to end: `gatecheck serve` on an empty data folder (demo
 * keyset, so it holds the demo issuer key), applications sent through the holder API, a
 * reviewer in Debian's Chromium approving one with a colour and rejecting one with a reason
 * (the holder API then says so), printing a paper code for an approved one, changing its colour, and changing the review rules;
 * then the audit log shows each of them in words (and no applicant's data); axe-core finds
 * no violations on these screens in English and in Chinese.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { b64uEncode, signerFromSeed } from '../../src/core/index.ts';
import type { ApplicationCreated, ApplicationRequest, ApplicationView } from '../../src/core/api/holder.ts';
import type { ServerProcess } from '../../src/server/test-support/server-process.ts';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';
import { axeViolations } from './support/page-helpers.ts';

let demo: DemoServer;
let server: ServerProcess;
let password: string;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoServer('review', inject('appDist'));
  ({ server, password, browser } = demo);
});

afterAll(async () => demo?.close());

let seed = 40;
/** An application as the holder app sends it, with symptoms declared so it waits for a reviewer. */
async function applyPending(name: string, overrides: Partial<ApplicationRequest> = {}): Promise<ApplicationCreated> {
  const holder = signerFromSeed(new Uint8Array(32).fill(++seed));
  const body: ApplicationRequest = {
    holderKey: b64uEncode(holder.publicKey),
    name,
    idType: 'resident_id',
    idNumber: `4403011990010${seed}99`,
    region: 440305,
    declaration: { symptoms: true, travel: false, contact: false },
    ...overrides,
  };
  const response = await fetch(`${server.url}/api/holder/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ApplicationCreated;
}

async function holderView(created: ApplicationCreated): Promise<ApplicationView> {
  const response = await fetch(`${server.url}/api/holder/applications/${created.application.id}`, {
    headers: { authorization: `Bearer ${created.credential}` },
  });
  return (await response.json()) as ApplicationView;
}

async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${screen}`).toEqual([]);
}

describe('console review queue', () => {
  it('approves with a colour, rejects with a reason, prints a paper code, edits the rules; axe-clean in English and Chinese', async () => {
    const wang = await applyPending('王小明');
    const anna = await applyPending('Anna Müller', {
      idType: 'passport',
      idNumber: 'C01X00T47',
      phone: '+49 30 1234567',
      relation: 'parent',
      language: 'de',
    });

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/admin#/review`);
    await page.getByLabel('Password', { exact: true }).fill(password); // the account name starts as 'admin'
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Review' }).waitFor();

    const wangCard = page.getByRole('article', { name: 'Application of 王小明' });
    const annaCard = page.getByRole('article', { name: 'Application of Anna Müller' });
    await wangCard.waitFor();
    await annaCard.waitFor();
    await expect(annaCard.textContent()).resolves.toMatch(/Passport\s*C01X00T47/);
    await expect(annaCard.textContent()).resolves.toContain('a parent (family agent)');
    // A place, not only a number: the county table loads on first use (the city names the county until then).
    await expect.poll(() => annaCard.textContent()).toContain('Nanshan District, Shenzhen (440305)');
    await page.getByRole('heading', { name: 'Review rules' }).waitFor();
    await page.screenshot({ path: join(tmpdir(), 'review-en-1280.png'), fullPage: true });
    await expectNoAxeViolations(page, 'review queue (en)');

    // No colour is pre-selected: Approve asks for one first.
    const wangApprove = wangCard.getByTestId('approve-group');
    expect(await wangApprove.getByLabel('Colour of the code').inputValue()).toBe('');
    await wangApprove.getByRole('button', { name: 'Approve' }).click();
    await wangApprove.getByRole('alert').getByText('Choose a colour first.').waitFor();
    // Green for a declared symptom is greener than the rules: the card asks again, the declaration beside the colour.
    await wangApprove.getByLabel('Colour of the code').selectOption('green');
    expect(await wangApprove.getByTestId('approve-beside').textContent()).toBe('greenDeclared: Fever, cough or other symptoms');
    await wangApprove.getByRole('button', { name: 'Approve' }).click();
    await wangApprove
      .getByRole('alert')
      .getByText(
        'Declared: Fever, cough or other symptoms. The rules say: a reviewer decides. green is greener than that. Approve 王小明 as green anyway?',
      )
      .waitFor();
    await expectNoAxeViolations(page, 'greener than the rules (en)');
    await wangApprove.getByRole('button', { name: 'Back' }).click();
    expect(await holderView(wang)).toMatchObject({ state: 'pending' });
    // The reason box is inside the reject group, not the approve one.
    expect(await wangApprove.getByRole('textbox').count()).toBe(0);
    await wangCard.getByTestId('reject-group').getByLabel('Reason (the applicant sees it)').waitFor();

    // Approve 王小明 as yellow (no second question: the rules' floor for a declared symptom).
    await wangCard.getByLabel('Colour of the code').selectOption('yellow');
    await wangCard.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('review-result').getByText('Approved: 王小明 now has a yellow code.').waitFor();
    await wangCard.waitFor({ state: 'detached' });
    const approved = await holderView(wang);
    expect(approved).toMatchObject({
      state: 'approved',
      decidedBy: 'reviewer',
      currentStatus: 'yellow',
      code: { colour: 'yellow', maskedName: '王*明' },
    });

    // Reject Anna: without a reason it is refused on the page, with one the holder sees it.
    await annaCard.getByRole('button', { name: 'Reject' }).click();
    await annaCard.getByRole('alert').getByText('Write a reason first.').waitFor();
    await expectNoAxeViolations(page, 'reject without a reason (en)');
    await annaCard.getByLabel('Reason (the applicant sees it)').fill('The passport number does not match the photo page.');
    await annaCard.getByRole('button', { name: 'Reject' }).click();
    await page.getByTestId('review-result').getByText('Rejected: Anna Müller will see your reason.').waitFor();
    expect(await holderView(anna)).toMatchObject({ state: 'rejected', rejectReason: 'The passport number does not match the photo page.' });
    await page.getByText('No applications here.').waitFor();

    // The approved list: print a paper code for 王小明 (the server tests verify its signature).
    await page.getByLabel('Show').selectOption('approved');
    const approvedCard = page.getByRole('article', { name: 'Application of 王小明' });
    await approvedCard.getByRole('button', { name: 'Print a paper code' }).click();
    const sheet = page.getByTestId('paper-code');
    await sheet.waitFor();
    await expect(sheet.textContent()).resolves.toMatch(/王\*明.*yellow/);
    const qrAlt = await sheet.getByRole('img').getAttribute('alt');
    expect(qrAlt).toBe('Paper health code of 王*明, yellow');
    await page.screenshot({ path: join(tmpdir(), 'review-paper-en.png'), fullPage: true });
    await expectNoAxeViolations(page, 'paper code (en)');
    // Printed, only the sheet shows: no navigation, no queue, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await approvedCard.isVisible()).toBe(false);
    expect(await sheet.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await sheet.getByRole('img').isVisible()).toBe(true);
    expect(await sheet.getByText('王*明').isVisible()).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'review-paper-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await sheet.getByRole('button', { name: 'Close' }).click();

    // A change to red waits for a second reviewer (issue 14): nothing changes yet.
    await approvedCard.getByLabel('New colour for all codes of this person').selectOption('red');
    await approvedCard.getByRole('button', { name: 'Change the colour' }).click();
    await page
      .getByTestId('review-result')
      .getByText('Sent for confirmation: 王小明 becomes red once a second reviewer confirms it.')
      .waitFor();
    // The card tells the whole story, oldest first, each step with its colour, the signed-in reviewer by name.
    // The queue reloads after the proposal, so the card is read once it has come back (not at a fixed moment).
    await expect
      .poll(() => approvedCard.getByTestId('review-history').locator('li').allTextContents())
      .toEqual([
        expect.stringMatching(/^approved \(yellow\) by admin, /),
        expect.stringMatching(/^paper code printed \(yellow\) by admin, /),
      ]);
    expect(await holderView(wang)).toMatchObject({ state: 'approved', currentStatus: 'yellow' });

    // The rules: contact now means yellow at once.
    await page.getByLabel('Contact declared').selectOption('yellow');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await page.getByTestId('rules-result').getByText('Saved.').waitFor();
    const contact = await applyPending('Li Lei', { declaration: { symptoms: false, travel: false, contact: true } });
    expect(contact.application).toMatchObject({ state: 'approved', decidedBy: 'rule', code: { colour: 'yellow' } });

    // In Chinese, with a new application waiting.
    await applyPending('赵四');
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByLabel('显示').selectOption('pending');
    const zhCard = page.getByRole('article', { name: '赵四 的申请' });
    await zhCard.waitFor();
    await expect(zhCard.textContent()).resolves.toContain('居民身份证');
    await expect(zhCard.textContent()).resolves.toContain('深圳市南山区 (440305)');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(tmpdir(), 'review-zh-390.png'), fullPage: true });
    await expectNoAxeViolations(page, 'review queue (zh-CN)');
    await zhCard.getByRole('button', { name: '驳回' }).click();
    await zhCard.getByRole('alert').getByText('请先写明理由。').waitFor();
    await expectNoAxeViolations(page, 'reject without a reason (zh-CN)');
    await zhCard.getByLabel('健康码颜色').selectOption('green');
    await zhCard.getByRole('button', { name: '通过', exact: true }).click();
    await zhCard.getByRole('alert').getByText('申报：发热、咳嗽等症状。规则判断：', { exact: false }).waitFor();
    await page.screenshot({ path: join(tmpdir(), 'review-zh-390-greener.png'), fullPage: true });
    await expectNoAxeViolations(page, 'greener than the rules (zh-CN)');
    await zhCard.getByRole('button', { name: '是，通过为绿码' }).click();
    await page.getByTestId('review-result').getByText('已通过：赵四 获得绿码。').waitFor();

    // The audit log: each change above, in words, by admin, the application named by its masked name
    // (never a raw UUID), code ids, but no applicant's full name, ID number or reason; the refused rejects are not there.
    await page.getByRole('link', { name: '审计日志' }).click();
    const auditRows = page.getByTestId('audit').locator('tbody tr');
    await auditRows.first().waitFor();
    const reviewRows = async () =>
      (await auditRows.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')))).slice(
        0,
        8,
      );
    const zhRows = await reviewRows();
    // An approval also sets the person's status (issue 14): its own row, just before the approval's.
    expect(zhRows.map((r) => r[2])).toEqual([
      '通过申请',
      '更改人员状态',
      '更改审核规则',
      '提议更改状态',
      '打印纸质健康码',
      '驳回申请',
      '通过申请',
      '更改人员状态',
    ]);
    expect(new Set(zhRows.map((r) => r[1]))).toEqual(new Set(['admin']));
    expect(zhRows[6]![3]).toBe('王*明 的申请');
    expect(zhRows[6]![4]).toBe(`黄码，码编号 ${approved.code!.cid}`);
    expect(zhRows[5]![3]).toBe('A*** M***** 的申请');
    expect(zhRows[5]![4]).toMatch(/^已写明理由/);
    expect(zhRows[2]!.slice(3, 5)).toEqual(['审核规则', '申报接触病例：直接发黄码']);
    expect(JSON.stringify(zhRows)).not.toMatch(/王小明|Anna|Müller|C01X00T47|赵四|passport number/);
    expect(JSON.stringify(zhRows)).not.toContain(wang.application.id);
    await page.screenshot({ path: join(tmpdir(), 'review-audit-zh-390.png'), fullPage: true });
    await expectNoAxeViolations(page, 'audit log with review rows (zh-CN)');
    await page.getByLabel('语言').selectOption('en');
    await page.setViewportSize({ width: 1280, height: 900 });
    await auditRows.first().getByText('approved an application').waitFor();
    const enRows = await reviewRows();
    expect(enRows.map((r) => r[2])).toEqual([
      'approved an application',
      'changed a person’s status',
      'changed the review rules',
      'proposed a status change',
      'printed a paper code',
      'rejected an application',
      'approved an application',
      'changed a person’s status',
    ]);
    expect(enRows[6]![4]).toBe(`yellow, code id ${approved.code!.cid}`);
    expect(enRows[6]![3]).toBe('application of 王*明');
    expect(enRows[2]![4]).toBe('Contact declared: yellow at once');
    await page.screenshot({ path: join(tmpdir(), 'review-audit-en-1280.png'), fullPage: true });
    await expectNoAxeViolations(page, 'audit log with review rows (en)');
    expect(errors).toEqual([]);
    await context.close();
  });
});
