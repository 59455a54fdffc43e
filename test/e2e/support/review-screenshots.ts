/**
 * Screenshots of the console's review screens and the audit log at 1280x800 and 390x844 in
 * both languages, to look at:
 *   node --import tsx test/e2e/support/review-screenshots.ts DIST OUTDIR
 * (DIST: a vite build). Starts `gatecheck serve` on an empty folder (demo keys: it can sign),
 * sends applications through the holder API, decides some of them through the review API
 * (so every list and the audit log have rows), and writes OUTDIR/<lang>-<width>-<screen>.png
 * (whole page) and …-<screen>-top.png (what the window shows unscrolled).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { b64uEncode, signerFromSeed } from '../../../src/core/index.ts';
import type { ApplicationCreated, ApplicationRequest } from '../../../src/core/api/holder.ts';
import { routeUrl } from '../../../src/core/api/api-client.ts';
import { startDemoServer } from './demo-server.ts';
import { adminFetch, signInCookie } from './console-seed.ts';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: review-screenshots.ts DIST OUTDIR');
mkdirSync(out, { recursive: true });
const demo = await startDemoServer('review-shots', dist, 'screenshots password 1');
const { server, password, browser } = demo;

let seed = 0;
async function apply(name: string, overrides: Partial<ApplicationRequest> = {}): Promise<ApplicationCreated> {
  const holder = signerFromSeed(new Uint8Array(32).fill(++seed));
  const body: ApplicationRequest = {
    holderKey: b64uEncode(holder.publicKey),
    name,
    idType: 'resident_id',
    idNumber: `44030119900101${String(seed).padStart(2, '0')}99`,
    region: 440305,
    declaration: { symptoms: true, travel: false, contact: false },
    ...overrides,
  };
  const response = await fetch(`${server.url}/api/holder/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`apply: ${response.status} ${await response.text()}`);
  return (await response.json()) as ApplicationCreated;
}

try {
  const call = adminFetch(server.url, await signInCookie(server.url, 'admin', password));
  const must = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  // Waiting: a long Chinese name, a passport of a family member with a phone, one declaring everything.
  await apply('欧阳娜娜');
  await apply('Anna-Katharina Müller-Lüdenscheidt', {
    idType: 'passport',
    idNumber: 'C01X00T47',
    phone: '+49 30 1234567',
    relation: 'parent',
    language: 'de',
  });
  await apply('李雷', {
    declaration: { symptoms: true, travel: true, contact: true },
    relation: 'child',
    idType: 'hk_mo_permit',
    idNumber: 'H12345678',
  });
  // Decided: approved (then recoloured, a paper code), rejected with a long reason, revoked.
  const wang = await apply('王小明');
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: wang.application.id }), { colour: 'yellow' });
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: wang.application.id }));
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: wang.application.id }), { colour: 'red' });
  const chen = await apply('Mei Chen', { idType: 'passport', idNumber: 'E7654321' });
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: chen.application.id }), {
    reason:
      '证件号码与姓名不符，请携带身份证到社区服务中心复核。The ID number does not match the name; please bring your ID card to the community service centre.',
  });
  const zhao = await apply('赵四');
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: zhao.application.id }), { colour: 'green' });
  await must('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: zhao.application.id }), { reason: 'phone lost' });
  await must('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { contact: 'yellow' }, validityDays: 5 });

  for (const lang of ['en', 'zh-CN'] as const) {
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      const context = await browser.newContext({ locale: lang === 'en' ? 'en-US' : 'zh-CN', viewport: { width, height } });
      const page = await context.newPage();
      const shot = async (name: string) => {
        await page.screenshot({ path: join(out, `${lang}-${width}-${name}.png`), fullPage: true });
        await page.screenshot({ path: join(out, `${lang}-${width}-${name}-top.png`) });
      };
      await page.goto(`${server.url}/admin#/review`);
      await page.locator('#password').fill(password);
      await page.locator('button[type=submit]').click();
      await page.locator('.review-list article').first().waitFor();
      await shot('review-pending');
      for (const state of ['approved', 'rejected', 'revoked']) {
        await page.locator('select[name=state]').selectOption(state);
        await page.waitForTimeout(600);
        await shot(`review-${state}`);
      }
      await page.locator('select[name=state]').selectOption('approved');
      await page.waitForTimeout(600);
      await page.locator('.review-list article').first().locator('button').last().scrollIntoViewIfNeeded();
      const print = page
        .locator('.review-list article')
        .first()
        .getByRole('button', { name: lang === 'en' ? 'Print a paper code' : /纸质/ });
      await print.click();
      await page.getByTestId('paper-code').waitFor();
      await shot('review-paper');
      await page.goto(`${server.url}/admin#/audit`);
      await page.getByTestId('audit').waitFor();
      await page.waitForTimeout(300);
      await shot('audit');
      await context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await demo.close();
}
