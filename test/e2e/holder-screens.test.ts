/**
 * Every screen of the holder app in every language (简体中文, English, 한국어, العربية with a
 * right-to-left layout), at 360x640 and 390x844, against the real server: axe-core finds no
 * violations, no page is wider than the screen, the QR of "my code" with its quiet zone, and
 * both codes of "all codes together", are wholly in view unscrolled, the page direction
 * follows the language, the language comes from the browser, and a screenshot of each is kept when HOLDER_SHOT_DIR names a folder (to look at).
 * Screens: home (empty, then with people), apply (blank, then with every problem marked),
 * application approved, pending, rejected with the reviewer's reason, my code, all codes
 * together, privacy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServedApp, type ServedApp } from './support/served-app.ts';
import { axeViolations } from './support/page-helpers.ts';
import { fillApplication } from './support/holder-pages.ts';
import { seedPerson } from './support/holder-world.ts';

const shotDir = process.env.HOLDER_SHOT_DIR;
let app: ServedApp;
beforeAll(async () => {
  app = await openServedApp('holder-screens', shotDir);
});
afterAll(() => app?.close());

const LANGUAGES = [
  { lang: 'zh-CN', locale: 'zh-CN', dir: 'ltr' },
  { lang: 'en', locale: 'en-US', dir: 'ltr' },
  { lang: 'ko', locale: 'ko-KR', dir: 'ltr' },
  { lang: 'ar', locale: 'ar-EG', dir: 'rtl' },
] as const;
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
] as const;

const clear = { symptoms: false, travel: false, contact: false };

for (const size of SIZES) {
  describe(`holder screens at ${size.width}x${size.height}`, () => {
    for (const language of LANGUAGES) {
      it(`${language.lang}: every screen axe-clean, ${language.dir}`, async () => {
        // One person per run: the same ID number applying again is a duplicate for a reviewer (issue 14).
        const run = `${size.width}${LANGUAGES.indexOf(language)}`;
        const context = await app.browser.newContext({ viewport: size, locale: language.locale, deviceScaleFactor: 1 });
        const page = await context.newPage();
        const found: string[] = [];
        const look = async (name: string) => {
          // The screen's language applied (lang and dir set), then checked as it is.
          await page.waitForFunction(([lang, dir]) => document.documentElement.lang === lang && document.documentElement.dir === dir, [
            language.lang,
            language.dir,
          ] as const);
          expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
            language.lang,
            language.dir,
          ]);
          const violations = await axeViolations(page);
          if (violations.length) found.push(`${name}: ${JSON.stringify(violations)}`);
          // Nothing runs off the side of the phone (a page wider than the screen scrolls sideways).
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          if (wide > size.width) found.push(`${name}: the page is ${wide} px wide on a ${size.width}-px screen`);
          if (shotDir) {
            writeFileSync(
              join(shotDir, `${size.width}x${size.height}-${language.lang}-${name}.png`),
              await page.screenshot({ fullPage: true }),
            );
            // What the phone shows before any scrolling.
            writeFileSync(join(shotDir, `${size.width}x${size.height}-${language.lang}-${name}-view.png`), await page.screenshot());
          }
        };
        /** Every QR (its quiet zone is inside the canvas) lies wholly inside the screen, unscrolled. */
        const qrsInView = async () => {
          await page.evaluate(() => scrollTo(0, 0));
          const boxes = await page
            .locator('canvas[data-qr-text]')
            .evaluateAll((all) => all.map((c) => c.getBoundingClientRect().toJSON() as DOMRect));
          for (const box of boxes) {
            expect(box.left, 'QR left edge').toBeGreaterThanOrEqual(0);
            expect(box.top, 'QR top edge').toBeGreaterThanOrEqual(0);
            expect(box.right, 'QR right edge').toBeLessThanOrEqual(size.width);
            expect(box.bottom, 'QR bottom edge').toBeLessThanOrEqual(size.height);
          }
          return boxes.length;
        };
        try {
          await page.goto(`${app.origin}/me/`);
          await page.locator('.screen.home').waitFor();
          await look('01-home-empty');

          await page.locator('[data-action="apply"]').click();
          await page.locator('.screen.apply').waitFor();
          await look('02-apply');
          await page.locator('[data-submit]').click();
          await page.locator('[data-apply-banner]').waitFor();
          expect(await page.locator('.problem').count()).toBeGreaterThanOrEqual(5);
          await look('03-apply-problems');

          await fillApplication(page, {
            name: language.lang === 'zh-CN' ? '张三明' : 'John Smith',
            idNumber: `E${run}567X`,
            region: [440000, 440300, 440305],
            ...clear,
          });
          await page.locator('[data-application-state="approved"]').waitFor();
          await look('04-approved');

          await page.locator('[data-action="show"]').click();
          await page.locator('canvas[data-qr-text]').waitFor();
          expect(await qrsInView()).toBe(1);
          await look('05-my-code');
          await page.locator('.close').click();

          await page.locator('[data-action="add-member"]').click();
          await fillApplication(page, {
            relation: 'parent',
            name: '王秀英',
            idNumber: `1101011945010${run}`,
            region: [110000, 110101],
            symptoms: true,
            travel: false,
            contact: false,
          });
          await page.locator('[data-application-state="pending"]').waitFor();
          await look('06-pending');
          await page.locator('.back').click();

          await page.locator('[data-action="add-member"]').click();
          await fillApplication(page, {
            relation: 'child',
            name: 'Lily Wang',
            idNumber: `C${run}4321`,
            region: [310000, 310101],
            ...clear,
          });
          await page.locator('[data-application-state="approved"]').waitFor();
          await page.locator('.back').click();

          // A rejection with the reviewer's words, as the server reports it (seeded: the
          // review routes are the console's).
          await seedPerson(page, {
            id: crypto.randomUUID(),
            relation: 'spouse',
            name: 'Mei Chen',
            createdAt: Date.now(),
            view: {
              id: crypto.randomUUID(),
              state: 'rejected',
              submittedAt: Date.now() - 60_000,
              updatedAt: Date.now(),
              decidedBy: 'reviewer',
              rejectReason: 'The ID number does not match the name.',
            },
          });
          await page.reload();
          await page.locator('.person').nth(3).waitFor();
          await look('07-home-people');
          await page.locator('.person[data-standing="rejected"] [data-action="details"]').click();
          await page.locator('[data-application-state="rejected"]').waitFor();
          expect(await page.locator('.status-message').textContent()).toContain('The ID number does not match the name.');
          await look('08-rejected');
          await page.locator('.back').click();

          await page.locator('[data-action="show-all"]').click();
          await expect.poll(() => page.locator('canvas[data-qr-text]').count()).toBe(2);
          // Both codes in view at once (the scanner reads them in one frame), one above the other.
          expect(await qrsInView()).toBe(2);
          expect(await page.locator('.group-grid').getAttribute('data-columns')).toBe('1');
          await look('09-all-codes');
          await page.locator('.close').click();

          await page.locator('[data-action="privacy"]').click();
          await page.locator('.screen.privacy').waitFor();
          await look('10-privacy');
          expect(found).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  });
}
