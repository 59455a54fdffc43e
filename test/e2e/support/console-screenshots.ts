/**
 * Screenshots of every console screen at 1280x800 and 390x844 in both languages, to look at:
 *   node --import tsx test/e2e/support/console-screenshots.ts DIST OUTDIR
 * (DIST: a vite build, e.g. `npx vite build --outDir /tmp/dist`). Starts `gatecheck serve`
 * on an empty folder, seeds it (console-seed.ts), and writes OUTDIR/<lang>-<width>-<screen>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer } from './demo-server.ts';
import { seedConsole } from './console-seed.ts';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: console-screenshots.ts DIST OUTDIR');
mkdirSync(out, { recursive: true });
const demo = await startDemoServer('shots', dist, 'screenshots password 1');
const { server, password, browser } = demo;
try {
  const seeded = await seedConsole(server.url, password);
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      const context = await browser.newContext({ locale: lang === 'en' ? 'en-US' : 'zh-CN', viewport: { width, height } });
      const page = await context.newPage();
      const shot = (name: string, fullPage = true) => page.screenshot({ path: join(out, `${lang}-${width}-${name}.png`), fullPage });
      await page.goto(`${server.url}/admin`);
      await page.locator('#password').waitFor();
      await shot('sign-in');
      await page.locator('#password').fill(password);
      await page.locator('button[type=submit]').click();
      await page.getByRole('navigation').waitFor();
      for (const screen of ['statistics', 'checkpoints', 'devices', 'codes', 'entries', 'trust', 'accounts', 'audit']) {
        await page.goto(`${server.url}/admin#/${screen}`);
        await page.waitForTimeout(900);
        await shot(screen);
        await shot(`${screen}-top`, false);
      }
      // Dialogs: enrollment QR, and a status change's confirmation.
      await page.goto(`${server.url}/admin#/checkpoints`);
      await page.locator('td .actions button').nth(1).click();
      await page.getByTestId('enrollment').locator('img').waitFor();
      await shot('dialog-enrollment', false);
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/admin#/codes`);
      await page.locator('#status-cid').fill(seeded.cids[0]!);
      await page.locator('select[name=status]').selectOption('red');
      await page.locator('#status-cid').press('Enter');
      await page.getByTestId('status-confirm').waitFor();
      await shot('dialog-status', false);
      await page.keyboard.press('Escape');
      await page
        .locator('#bulk-text')
        .fill(['cid,status,until', ...seeded.cids.map((c) => `${c},yellow,2030-01-01`), 'nonsense,red'].join('\n'));
      await page.locator('#bulk-text').evaluate((el) => (el as HTMLTextAreaElement).form!.requestSubmit());
      await page.getByTestId('status-confirm').waitFor();
      await shot('dialog-bulk', false);
      await context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await demo.close();
}
