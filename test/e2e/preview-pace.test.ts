/**
 * The camera preview's pace (src/decoder/preview-pace.ts), in Chromium with a 30 fps fake
 * camera: after seconds with nothing moving, the page's preview runs calm (its own track capped
 * at PREVIEW_CALM_FPS, so the browser composites a third of the frames), while the decoder
 * worker still reads every frame of its own copy. A code coming into view then gets its
 * verdict, and the preview is lively again. Frames are counted with requestVideoFrameCallback
 * on the page's <video>, as the scan bench does. Static host with signed files. ~25 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PREVIEW_CALM_FPS } from '../../src/decoder/preview-pace.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import { waitForTrust, waitForVerdict } from './support/page-helpers.ts';
import { makeScannerWorld, type ScannerWorld } from './support/scanner-world.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-pace-'));
let world: ScannerWorld;
let server: StaticServer;
let video: string;

/** Nothing in view for this long after the camera opens, then a code. */
const BLANK_SECONDS = 12;

beforeAll(async () => {
  world = await makeScannerWorld();
  video = join(work, 'blank-then-code.y4m');
  writeY4m(
    video,
    [
      { text: null, seconds: BLANK_SECONDS },
      { text: world.valid.text, seconds: 4 },
    ],
    { width: 640, height: 480, fps: 30, noise: 8 },
  );
  server = await serveStatic(inject('appDist'), world.files);
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The preview track's frame-rate cap, or null when it has none (lively). */
const PREVIEW_CAP = `(() => {
  const track = document.querySelector('video.camera-video')?.srcObject?.getVideoTracks()[0];
  const rate = track?.getConstraints().frameRate;
  return rate === undefined ? null : rate.max ?? rate;
})()`;

/** Starts counting the frames the page's <video> presents. */
const COUNT_FRAMES = `(() => {
  const video = document.querySelector('video.camera-video');
  window.__presented = [];
  const onFrame = (now) => {
    window.__presented.push(now);
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
})()`;

/** Frames per second the preview presented over the last `ms` (read after waiting at least that long). */
async function presentedFps(page: Page, ms: number): Promise<number> {
  await page.waitForTimeout(ms);
  const count = await page.evaluate(`(() => {
    const now = performance.now();
    return window.__presented.filter((t) => t > now - ${ms}).length;
  })()`);
  return (Number(count) * 1000) / ms;
}

describe('the camera preview calms down when nothing moves', () => {
  it('runs calm with nothing in view, reads a code that comes into view, and is lively again', async () => {
    const browser = await launchBrowser(video);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(server.origin);
      await waitForTrust(page);
      await page.locator('video.camera-video').waitFor();
      await page.evaluate(COUNT_FRAMES);
      // Lively while the camera has just opened (the decoder's hold), calm a few seconds later.
      expect(await page.evaluate(PREVIEW_CAP)).toBeNull();
      await page.waitForFunction(`${PREVIEW_CAP} !== null`, undefined, { timeout: BLANK_SECONDS * 1000 });
      expect(await page.evaluate(PREVIEW_CAP)).toBe(PREVIEW_CALM_FPS);
      const calm = await presentedFps(page, 1500);
      expect(calm).toBeGreaterThan(0);
      expect(calm).toBeLessThanOrEqual(PREVIEW_CALM_FPS + 2);

      // The code comes into view: the worker, reading every frame of its own copy, reads it.
      const verdict = await waitForVerdict(page, 15_000);
      expect(verdict).toEqual({ reason: 'ok', decision: 'admit' });
      expect(await page.evaluate(PREVIEW_CAP)).toBeNull();
      expect(await presentedFps(page, 1000)).toBeGreaterThan(PREVIEW_CALM_FPS * 1.5);
    } finally {
      await browser.close();
    }
  });
});
