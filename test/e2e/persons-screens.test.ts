/**
 * The persons screens of issue 14 in Debian's Chromium against the real server (PGlite): a
 * tracer-admin traces a case from uploaded entries in the console and proposes yellow for the
 * contacts; a holder contests; a second reviewer answers the correction and confirms a red
 * proposal another account made; the contact's holder app then shows why (close contact, the
 * gate and time), the reviewer's reply and where their code was scanned, in zh-CN, en, ko and
 * ar at 360x640. axe finds nothing; no page is wider than the screen; screenshots are kept when
 * PERSONS_SHOT_DIR names a folder (to look at).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationCreated, ApplicationView } from '../../src/core/api/holder.ts';
import { routeUrl } from '../../src/core/api/api-client.ts';
import type { EntryUpload } from '../../src/core/api/sync.ts';
import type { ReviewApplication } from '../../src/core/api/review.ts';
import { ADMIN_PASSWORD } from '../../src/server/test-support/harness.ts';
import { applicationBody, applyWith, newHolder } from '../../src/server/test-support/holder-client.ts';
import { openServedApp, type ServedApp } from './support/served-app.ts';
import { seedPerson } from './support/holder-world.ts';
import { axeViolations } from './support/page-helpers.ts';

const shotDir = process.env.PERSONS_SHOT_DIR;
let app: ServedApp;
beforeAll(async () => {
  app = await openServedApp('persons-screens', shotDir);
});
afterAll(() => app?.close());

const clear = { symptoms: false, travel: false, contact: false };

async function approvedHolder(name: string) {
  const created = (await applyWith(app.harness, applicationBody(newHolder(), { name, declaration: clear }))).json() as ApplicationCreated;
  expect(created.application.state).toBe('approved');
  return created;
}

async function look(page: Page, name: string, width: number): Promise<void> {
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits ${width} px`).toBeLessThanOrEqual(width);
  if (shotDir) writeFileSync(join(shotDir, `${name}.png`), await page.screenshot({ fullPage: true }));
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto(`${app.origin}/admin#/statistics`);
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('persons screens', () => {
  let contact: ApplicationCreated;

  it('console: a trace by masked name with overlaps, a correction answered, a red confirmed by a second reviewer', async () => {
    const north = await app.harness.enroll('North Gate');
    const case_ = await approvedHolder('李四');
    contact = await approvedHolder('张三明');
    const far = await approvedHolder('Anna Müller');
    const t0 = app.harness.clock.now - 2 * 86_400_000;
    const entry = (cid: string, minutes: number): EntryUpload => ({
      id: randomUUID(),
      time: t0 + minutes * 60_000,
      checkpoint: 'gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid,
    });
    const uploaded = await app.harness.app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${north.credential}` },
      payload: {
        entries: [entry(case_.application.code!.cid, 0), entry(contact.application.code!.cid, 10), entry(far.application.code!.cid, 40)],
      },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);

    // The admin (who may trace) runs the trace in the console and proposes yellow for all.
    const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Contact tracing' }).click();
    await page.getByRole('button', { name: 'Start the trace' }).click();
    await page.getByRole('alert').getByText('A code id has 22 letters').waitFor();
    await page.getByLabel('A code id of the case').fill(case_.application.code!.cid);
    await page.getByRole('button', { name: 'Start the trace' }).click();
    await page.getByRole('alert').getByText('State the reason first.').waitFor();
    await page.getByLabel('Why this trace').fill('confirmed case, lab report 12-07');
    await page.getByRole('button', { name: 'Start the trace' }).click();
    const contacts = page.getByTestId('contacts').locator(':scope > li');
    await contacts.first().waitFor();
    expect(await contacts.count()).toBe(1);
    expect(await contacts.first().textContent()).toContain('张*明');
    expect(await contacts.first().textContent()).toContain('North Gate');
    expect(await page.getByTestId('trace-result').textContent()).not.toContain('张三明');
    await look(page, 'console-traces-1280', 1280);
    await page.setViewportSize({ width: 390, height: 844 });
    await look(page, 'console-traces-390', 390);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Propose for 1 persons' }).click();
    await page
      .getByTestId('trace-done')
      .getByText(/^(Done|Proposed): 1 persons/)
      .waitFor();

    // The contact says it is wrong; the admin proposes red for the case (waits for a second reviewer).
    const said = await app.harness.app.inject({
      method: 'POST',
      url: routeUrl('GET /api/holder/applications/:id/corrections', { id: contact.application.id }),
      headers: { authorization: `Bearer ${contact.credential}` },
      payload: { text: 'I was at North Gate in the morning, not at 10:10.' },
    });
    expect(said.statusCode, said.body).toBeLessThan(300);
    const casePerson = (
      (
        await app.harness.admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: case_.application.id }))
      ).json() as ReviewApplication
    ).personId!;
    expect(
      (
        await app.harness.admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: casePerson }), {
          colour: 'red',
          reason: 'confirmed_case',
        })
      ).statusCode,
    ).toBe(202);

    // The admin sees the proposal as their own: no confirm button.
    await page.getByRole('link', { name: 'Confirmations' }).click();
    await page.getByText('You proposed this: another reviewer must confirm it.').first().waitFor();
    await context.close();

    // A second reviewer, in Chinese on a phone: the correction, then the confirmation.
    const created = await app.harness.admin('POST', '/api/admin/accounts', { name: 'reviewer2', role: 'reviewer' });
    const second = await app.browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    const phone = await second.newPage();
    phone.on('pageerror', (error) => errors.push(error.message));
    await signIn(phone, 'reviewer2', created.json().password);
    expect(await phone.getByRole('link', { name: 'Contact tracing' }).count()).toBe(0); // a reviewer does not trace
    await phone.getByLabel('Language').selectOption('zh-CN');
    await phone.getByRole('link', { name: '纠错' }).click();
    const card = phone.getByRole('article', { name: '张*明 的纠错申请' });
    await card.waitFor();
    expect(await phone.getByTestId('corrections-open').textContent()).toMatch(/^待处理：1 件 — 最早一件自 /);
    expect(await card.textContent()).toContain('I was at North Gate in the morning');
    expect(await card.textContent()).toContain('密切接触 (North Gate');
    await look(phone, 'console-corrections-zh-390', 390);
    await card.getByRole('button', { name: '发送答复' }).click();
    await card.getByRole('alert').getByText('请先写答复。').waitFor();
    await card.getByLabel('答复（持码人能看到）').fill('The scanner at North Gate recorded your code at 10:10.');
    await card.getByRole('button', { name: '发送答复' }).click();
    await phone.getByTestId('corrections-result').getByText('已答复：张*明 将看到您的答复。').waitFor();
    await phone.getByText('没有待处理的纠错申请。').waitFor();

    await phone.getByRole('link', { name: '待复核' }).click();
    const proposal = phone.locator('article[data-proposal]').filter({ hasText: '1 人改为红码' });
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('李*');
    await look(phone, 'console-proposals-zh-390', 390);
    await proposal.getByRole('button', { name: '确认' }).click();
    await phone.getByTestId('proposals-result').getByText('已确认：更改已进入状态列表。').waitFor();
    await phone.setViewportSize({ width: 1280, height: 900 });
    await phone.getByLabel('显示').selectOption('confirmed');
    await phone.locator('article[data-proposal]').first().waitFor();
    await look(phone, 'console-proposals-zh-1280', 1280);
    expect(errors).toEqual([]);
    await second.close();
  });

  for (const [lang, locale, dir] of [
    ['zh-CN', 'zh-CN', 'ltr'],
    ['en', 'en-US', 'ltr'],
    ['ko', 'ko-KR', 'ltr'],
    ['ar', 'ar-EG', 'rtl'],
  ] as const)
    it(`holder (${lang}, 360x640): why the colour, the reviewer's reply, where the code was scanned`, async () => {
      const context = await app.browser.newContext({ viewport: { width: 360, height: 640 }, locale, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${app.origin}/me/`);
      await page.locator('.screen.home').waitFor();
      const view = (
        await app.harness.app.inject({
          method: 'GET',
          url: routeUrl('GET /api/holder/applications/:id', { id: contact.application.id }),
          headers: { authorization: `Bearer ${contact.credential}` },
        })
      ).json() as ApplicationView;
      await seedPerson(page, {
        id: randomUUID(),
        relation: 'self',
        name: '张三明',
        view,
        createdAt: Date.now(),
        credential: contact.credential,
      });
      await page.reload();
      await page.locator('.person [data-action="details"]').first().click();
      const why = page.getByTestId('status-why');
      await why.waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
      expect(await why.getAttribute('data-reason')).toBe('close_contact');
      expect(await why.textContent()).toContain('North Gate');
      await page.getByTestId('contest').locator('.said.reply').waitFor();
      expect(await page.getByTestId('contest').textContent()).toContain('The scanner at North Gate recorded your code at 10:10.');
      await page.getByTestId('my-scans').locator('li').first().waitFor();
      expect(await page.getByTestId('my-scans').locator('li').count()).toBe(1);
      await look(page, `holder-why-${lang}-360`, 360);
      // A second request can be written (the first was answered).
      await page.locator('[data-action="contest"]').click();
      await page.getByTestId('contest').locator('textarea').waitFor();
      await look(page, `holder-contest-${lang}-360`, 360);
      await context.close();
    });
});
