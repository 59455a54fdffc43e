/**
 * The holder's "show my code" screen as a scanner sees it, in Debian's Chromium: an approved
 * holder-bound code (signed here with a test issuer for the key the app made on the device)
 * is shown full screen at 360x640 and 390x844 (device pixel ratio 3, as on phones); the QR
 * read back from the screenshot's pixels is the element's data-qr-text and verifies `ok`
 * with the scanner's verifier (core verify), the same text 90 s later is
 * `presentation_expired`; the screenshot, turned into camera frames by the distance scale of
 * test/fixtures/screen-frames.ts, is read by the scanner's decoder after its 1024-px grab in
 * ≥ 99 % of frames at the documented distance (0.35 m), and the rates at 0.3, 0.4 and 0.5 m
 * are printed (src/holder/README.md explains why 0.5 m is out of reach). The built scanner
 * admitting such a screenshot through the fake camera is in holder-server.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tweetnaclEd25519, verify, type StatusView } from '../../src/core/index.ts';
import { createNodeZxingDecoder } from '../../src/decoder/node/zxing-node.ts';
import { downscaleToFit } from '../../src/decoder/downscale.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { cameraPixelsPerCssPixel, prepareScreen, screenFrame } from '../fixtures/screen-frames.ts';
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
  return { data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), width: image.width, height: image.height };
}

const screens = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
] as const;

/**
 * The distance (metres) at which the scanner must read the holder screen in ≥ 99 % of
 * frames. 0.5 m is measured and reported, not asserted: at that distance a 60 mm wide code
 * is about 117 px across in the scanner's 1280x720 frame and 94 px after its 1024-px grab,
 * 1.5 px a module for the smallest symbol a holder-bound code fits (version 9 at level L,
 * 61 modules with the quiet zone), below what zxing reads (about 1.7 px a module on clean
 * frames). Figures: src/holder/README.md.
 */
const READ_DISTANCE_M = 0.35;
const REPORTED_DISTANCES_M = [0.3, 0.4, 0.5];
/** Real phones draw at 2–3 device pixels per CSS pixel; the module size is whole device pixels. */
const PHONE_DPR = 3;

describe('holder code screen read by a scanner', () => {
  for (const size of screens) {
    it(`${size.width}x${size.height}: pixels read back, verify ok, stale after 90 s, read in ≥ 99 % of camera frames at ${READ_DISTANCE_M} m`, async () => {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: PHONE_DPR, locale: 'en-US' });
      try {
        const page = await holderWithCode(context);
        const shown = await openCode(page);
        const png = await page.screenshot();
        const shot = pngFrame(png);
        const onScreen = await page.locator('canvas[data-qr-text]').getAttribute('data-qr-text');
        console.log(`holder ${size.width}x${size.height} at DPR ${PHONE_DPR}: QR version ${shown.version}, module ${shown.moduleCss} CSS px`);

        const zxing = await createNodeZxingDecoder();
        const read = await zxing.decode(shot);
        expect(read).toBe(onScreen);
        const now = Math.floor(Date.now() / 1000);
        const fresh = await verify(read, { bundle: world.bundle, checkedAt: now }, emptyStatus, now, { ed25519: tweetnaclEd25519 });
        expect(fresh.reason).toBe('ok');
        expect(fresh.holder?.holderBound).toBe(true);
        const replayed = await verify(read, { bundle: world.bundle, checkedAt: now + 90 }, emptyStatus, now + 90, { ed25519: tweetnaclEd25519 });
        expect(replayed.reason).toBe('presentation_expired');

        // The screenshot as the scanner's camera sees it, through the scanner's decoder after
        // its 1024-pixel grab (src/platform/camera/frame-grabber.ts).
        const rate = async (distance: number, total: number) => {
          const scale = cameraPixelsPerCssPixel(distance, size.width) / PHONE_DPR;
          const screen = prepareScreen(shot, scale);
          let hits = 0;
          for (let seed = 1; seed <= total; seed++) if ((await zxing.decode(downscaleToFit(screenFrame(screen, { seed }), 1024))) === read) hits++;
          console.log(`holder ${size.width}x${size.height} at ${distance} m: ${(shown.moduleCss * scale * PHONE_DPR).toFixed(2)} px a module in 1280x720, read in ${hits}/${total} frames`);
          return hits / total;
        };
        for (const distance of REPORTED_DISTANCES_M) await rate(distance, 20);
        expect(await rate(READ_DISTANCE_M, 100)).toBeGreaterThanOrEqual(0.99);
        if (process.env.HOLDER_SHOT_DIR) (await import('node:fs')).writeFileSync(join(process.env.HOLDER_SHOT_DIR, `code-${size.width}.png`), png);
      } finally {
        await context.close();
      }
    });
  }
});
