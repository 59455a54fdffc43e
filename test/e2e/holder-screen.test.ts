/**
 * The holder's "show my code" screen as a scanner sees it, in Debian's Chromium: an approved
 * holder-bound code (signed here with a test issuer for the key the app made on the device)
 * is shown full screen at 360x640 and 390x844 (device pixel ratio 3, as on phones); the QR
 * read back from the screenshot's pixels is the element's data-qr-text and verifies `ok`
 * with the scanner's verifier (core verify), the same text 90 s later is
 * `presentation_expired`; the screenshot, turned into 1920x1080 camera frames at arm's length
 * (0.5 m) by the distance scale of test/fixtures/screen-frames.ts, is read by the scanner's
 * decoder through the scanner's views (whole frame, then centre; test/fixtures/scanner-views.ts)
 * in ≥ 99 % of frames. Rates at other distances and for 720p cameras: `npm run bench -- holder`
 * and src/holder/README.md. The built scanner admitting such a screenshot through the fake
 * camera is in holder-server.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tweetnaclEd25519, verify, type StatusView } from '../../src/core/index.ts';
import { createNodeZxingDecoder } from '../../src/decoder/node/zxing-node.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { cameraPixelsPerCssPixel, prepareScreen, screenFrame } from '../fixtures/screen-frames.ts';
import { decodeAsScanner } from '../fixtures/scanner-views.ts';
import { launchBrowser } from './support/browser.ts';
import { devicePublicKey, makeHolderWorld, seedPerson, type HolderWorld } from './support/holder-world.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-holder-e2e-'));
let world: HolderWorld;
let server: StaticServer;
let browser: Browser;
const emptyStatus: StatusView = { seq: 1, issuedAt: Math.floor(Date.now() / 1000) - 300, lookup: () => undefined };

beforeAll(async () => {
  world = await makeHolderWorld();
  server = await serveStatic(inject('appDist'), world.files);
  const blank = join(work, 'blank.y4m');
  writeY4m(blank, [{ text: null, seconds: 1 }]);
  browser = await launchBrowser(blank);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens the holder app at a phone size with an approved code seeded for its device key. */
async function holderWithCode(context: BrowserContext, name = 'J*** S****'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}/me/`);
  await page.locator('.screen.home').waitFor();
  const key = await devicePublicKey(page);
  const view = await world.approvedView(key, { name, hint: '567X' });
  await seedPerson(page, { id: crypto.randomUUID(), relation: 'self', name: 'John Smith', view, createdAt: Date.now() });
  await page.reload();
  await page.locator('.person [data-standing="green"]').or(page.locator('.person[data-standing="green"]')).first().waitFor();
  return page;
}

async function openCode(page: Page): Promise<{ text: string; moduleCss: number; version: number }> {
  await page.getByRole('button', { name: 'Show code' }).first().click();
  const qr = page.locator('canvas[data-qr-text]');
  await qr.waitFor();
  return {
    text: (await qr.getAttribute('data-qr-text'))!,
    moduleCss: Number(await qr.getAttribute('data-module-css')),
    version: Number(await qr.getAttribute('data-qr-version')),
  };
}

function pngFrame(png: Buffer) {
  const image = PNG.sync.read(png);
  return {
    data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    width: image.width,
    height: image.height,
  };
}

const screens = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
] as const;

/**
 * Arm's length: the distance (metres) at which the scanner must read the holder screen in
 * ≥ 99 % of frames. At 0.5 m a 60 mm wide code is about 174 px across in the scanner's
 * 1920x1080 frame, 2.9 px a module (version 9 at level L, 61 modules with the quiet zone);
 * the whole view shrinks that to 1.5 px, below what zxing reads, so the centre view at
 * camera resolution is what reads it. Figures: src/holder/README.md.
 */
const READ_DISTANCE_M = 0.5;
/** Real phones draw at 2–3 device pixels per CSS pixel; the module size is whole device pixels. */
const PHONE_DPR = 3;

describe('holder code screen read by a scanner', () => {
  for (const size of screens) {
    it(`${size.width}x${size.height}: pixels read back, verify ok, stale after 90 s, read in ≥ 99 % of 1080p camera frames at ${READ_DISTANCE_M} m`, async () => {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: PHONE_DPR, locale: 'en-US' });
      try {
        const page = await holderWithCode(context);
        const shown = await openCode(page);
        const png = await page.screenshot();
        const shot = pngFrame(png);
        const onScreen = await page.locator('canvas[data-qr-text]').getAttribute('data-qr-text');
        console.log(
          `holder ${size.width}x${size.height} at DPR ${PHONE_DPR}: QR version ${shown.version}, module ${shown.moduleCss} CSS px`,
        );

        const zxing = await createNodeZxingDecoder();
        const read = await zxing.decode(shot);
        expect(read).toBe(onScreen);
        const now = Math.floor(Date.now() / 1000);
        const fresh = await verify(read, { bundle: world.bundle, checkedAt: now }, emptyStatus, now, { ed25519: tweetnaclEd25519 });
        expect(fresh.reason).toBe('ok');
        expect(fresh.holder?.holderBound).toBe(true);
        const replayed = await verify(read, { bundle: world.bundle, checkedAt: now + 90 }, emptyStatus, now + 90, {
          ed25519: tweetnaclEd25519,
        });
        expect(replayed.reason).toBe('presentation_expired');

        // The screenshot as the scanner's camera sees it at arm's length, decoded as the
        // scanner decodes a frame (src/platform/camera/frame-views.ts).
        const scale = cameraPixelsPerCssPixel(READ_DISTANCE_M, size.width) / PHONE_DPR;
        const screen = prepareScreen(shot, scale);
        const frames = 100;
        const hits = { whole: 0, centre: 0 };
        for (let seed = 1; seed <= frames; seed++) {
          const { texts, view } = await decodeAsScanner(screenFrame(screen, { seed }), zxing);
          if (view && texts.includes(read!)) hits[view]++;
        }
        console.log(
          `holder ${size.width}x${size.height} at ${READ_DISTANCE_M} m: ${(shown.moduleCss * scale * PHONE_DPR).toFixed(2)} px a module in 1920x1080, read in ${hits.whole + hits.centre}/${frames} frames (whole view ${hits.whole}, centre ${hits.centre})`,
        );
        expect((hits.whole + hits.centre) / frames).toBeGreaterThanOrEqual(0.99);
        if (process.env.HOLDER_SHOT_DIR)
          (await import('node:fs')).writeFileSync(join(process.env.HOLDER_SHOT_DIR, `code-${size.width}.png`), png);
      } finally {
        await context.close();
      }
    });
  }
});

/**
 * How close a family holds the "all codes together" screen (it says about 25 cm): three codes
 * share the screen, 2.67 CSS px a module, 2.6 px in the frame at 0.25 m (read by the centre
 * view); at 0.3 m (2.1 px) all three were read together in 32 of 100 frames, at 0.2 m (the
 * codes reach past the centre view, and the whole view has 1.7 px) in 66.
 */
const GROUP_DISTANCE_M = 0.25;

describe('the family screen read by a scanner', () => {
  it(`390x844: three codes on one screen, all read in one 1080p camera frame in ≥ 99 % of frames at ${GROUP_DISTANCE_M} m`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: PHONE_DPR, locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/me/`);
      await page.locator('.screen.home').waitFor();
      const key = await devicePublicKey(page);
      const family = [
        { relation: 'self', name: 'John Smith', masked: 'J*** S****', hint: '567X', cidByte: 11 },
        { relation: 'parent', name: '王秀英', masked: '王*英', hint: '1234', cidByte: 12 },
        { relation: 'child', name: 'Lily Smith', masked: 'L*** S****', hint: '4321', cidByte: 13 },
      ];
      for (const [i, member] of family.entries()) {
        const view = await world.approvedView(key, { name: member.masked, hint: member.hint, cidByte: member.cidByte });
        await seedPerson(page, { id: crypto.randomUUID(), relation: member.relation, name: member.name, view, createdAt: Date.now() + i });
      }
      await page.reload();
      await page.getByRole('button', { name: 'Show all codes together' }).click();
      await expect.poll(() => page.locator('canvas[data-qr-text]').count()).toBe(3);
      const texts = await page.locator('canvas[data-qr-text]').evaluateAll((all) => all.map((c) => c.getAttribute('data-qr-text')!));
      const shot = pngFrame(await page.screenshot());
      const moduleCss = Number(await page.locator('canvas[data-qr-text]').first().getAttribute('data-module-css'));

      const zxing = await createNodeZxingDecoder();
      const scale = cameraPixelsPerCssPixel(GROUP_DISTANCE_M, 390) / PHONE_DPR;
      const screen = prepareScreen(shot, scale);
      const frames = 100;
      let all = 0;
      for (let seed = 1; seed <= frames; seed++) {
        const { texts: read } = await decodeAsScanner(screenFrame(screen, { seed }), zxing);
        if (texts.every((text) => read.includes(text))) all++;
      }
      console.log(
        `family of 3 at 390x844 @${PHONE_DPR}x, ${GROUP_DISTANCE_M} m: module ${moduleCss} CSS px (${(moduleCss * scale * PHONE_DPR).toFixed(2)} px in 1920x1080), all three read in ${all}/${frames} frames`,
      );
      expect(all / frames).toBeGreaterThanOrEqual(0.99);
    } finally {
      await context.close();
    }
  });
});
