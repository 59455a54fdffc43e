/**
 * Issue 10's bar as one story, through the pages only, on `gatecheck serve` started the way a
 * user starts it (an empty data folder: demo keyset with an issuer key, printed admin
 * password):
 * 1. a resident applies in the holder app (/me/), declaring a symptom, so the authority's
 *    default rules leave the application to a reviewer; the app says it is waiting;
 * 2. a reviewer signs in to the console (/admin → Review) and approves it as green;
 * 3. the holder app notices by itself (it re-reads waiting applications every 10 s while on
 *    screen) and shows the code; the code is read from the screenshot's pixels and verifies
 *    `ok` against the trust bundle the server publishes (opened with the root key of
 *    /config.json); the same text 90 s later is `presentation_expired`; the screen's next
 *    presentation is `ok` again;
 * 4. the scanner (/) admits a screenshot of the holder's screen through a 1920x1080 fake
 *    camera at arm's length (0.5 m, test/fixtures/screen-frames.ts).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tweetnaclEd25519, verify, type StatusView } from '../../src/core/index.ts';
import { createNodeZxingDecoder } from '../../src/decoder/node/zxing-node.ts';
import type { ServerProcess } from '../../src/server/test-support/server-process.ts';
import { cameraPixelsPerCssPixel, prepareScreen, screenFrame, writeFramesY4m } from '../fixtures/screen-frames.ts';
import { launchBrowser } from './support/browser.ts';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';
import { fillApplication, nextPresentation, pngPixels, qrText } from './support/holder-pages.ts';
import { publishedBundle } from './support/published-trust.ts';
import { waitForTrust, waitForVerdict } from './support/page-helpers.ts';

let demo: DemoServer;
let server: ServerProcess;
let password: string;
let browser: Browser;
let work: string;

beforeAll(async () => {
  demo = await startDemoServer('holder-bar', inject('appDist'));
  ({ server, password, browser, work } = demo);
});

afterAll(async () => demo?.close());

const noStatus: StatusView = { seq: null, issuedAt: null, lookup: () => undefined };

describe('issue 10 bar: apply, approved in the console, shown, verified, stale, fresh, admitted', () => {
  it('runs the whole loop through the pages', async () => {
    expect(password).not.toBe('');
    const holderContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, locale: 'en-US' });
    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      // 1. The resident applies; a declared symptom means a reviewer decides.
      const holder = await holderContext.newPage();
      await holder.goto(`${server.url}/me/`);
      await holder.getByRole('button', { name: 'Apply for my code' }).click();
      await fillApplication(holder, {
        name: 'Mei Chen',
        idType: 'passport',
        idNumber: 'E7654321',
        region: [440000, 440300, 440305],
        symptoms: true,
        travel: false,
        contact: false,
      });
      await holder.locator('[data-application-state="pending"]').waitFor();

      // 2. The reviewer approves it in the console.
      const review = await consoleContext.newPage();
      await review.goto(`${server.url}/admin#/review`);
      await review.getByLabel('Password', { exact: true }).fill(password);
      await review.getByRole('button', { name: 'Sign in' }).click();
      const card = review.getByRole('article', { name: 'Application of Mei Chen' });
      await card.waitFor();
      await card.getByLabel('Colour of the code').selectOption('green');
      await card.getByRole('button', { name: 'Approve' }).click();
      // She declared a symptom, so green is greener than the rules: the card asks once more.
      await card.getByRole('button', { name: 'Yes, approve as green' }).click();
      await review.getByTestId('review-result').getByText('Approved: Mei Chen now has a green code.').waitFor();

      // 3. The holder's app notices without a tap, and shows the code.
      await holder.locator('[data-application-state="approved"][data-decided-by="reviewer"]').waitFor({ timeout: 25_000 });
      await holder.getByRole('button', { name: 'Show code' }).click();
      const text = await qrText(holder);
      const shot = pngPixels(await holder.screenshot());
      const zxing = await createNodeZxingDecoder();
      expect(await zxing.decode(shot)).toBe(text);
      const bundle = await publishedBundle(server.url);
      const check = (qr: string, at: number) => verify(qr, { bundle, checkedAt: at }, noStatus, at, { ed25519: tweetnaclEd25519 });
      const now = Math.floor(Date.now() / 1000);
      const fresh = await check(text, now);
      expect(fresh.reason).toBe('ok');
      expect(fresh.holder).toMatchObject({ name: 'M** C***', holderBound: true, printedStatus: 'green' });
      expect((await check(text, now + 90)).reason).toBe('presentation_expired');

      // A new presentation (the screen re-signs) is ok again.
      const next = await nextPresentation(holder, text);
      expect((await check(next, Math.floor(Date.now() / 1000))).reason).toBe('ok');

      // 4. The scanner admits the holder's screen through the camera at arm's length.
      const screen = prepareScreen(pngPixels(await holder.screenshot()), cameraPixelsPerCssPixel(0.5, 390) / 3);
      const blank = screenFrame({ plane: new Float32Array(4).fill(40), width: 2, height: 2 }, { seed: 0 });
      const video = join(work, 'holder-at-arms-length.y4m');
      writeFramesY4m(video, [
        ...Array.from({ length: 5 }, () => blank),
        ...Array.from({ length: 15 }, (_, i) => screenFrame(screen, { seed: i + 1 })),
      ]);
      const scanner = await launchBrowser(video);
      try {
        const scan = await (await scanner.newContext({ permissions: ['camera'], locale: 'en-US' })).newPage();
        await scan.goto(server.url);
        await waitForTrust(scan);
        expect(await waitForVerdict(scan, 30_000)).toEqual({ reason: 'ok', decision: 'admit' });
      } finally {
        await scanner.close();
      }
    } finally {
      await holderContext.close();
      await consoleContext.close();
    }
  });
});
