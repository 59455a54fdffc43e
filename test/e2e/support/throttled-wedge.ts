/**
 * The keyboard-wedge run of issue 16, shared by its e2e test (a few scans) and the bench (200
 * at each speed): the built app on a static host, a 1920x1080 30 fps fake camera with nothing
 * in view, the page CPU-throttled 4x (DevTools `Emulation.setCPUThrottlingRate`, the slowdown
 * of Lighthouse's mobile profile), and scans typed with playwright's `keyboard.type` at a USB
 * scanner's 2 ms and a Bluetooth one's 15 ms a character. Each scan is a text of its own (a
 * repeat within the cooldown rightly logs nothing), so every scan must give one verdict with
 * its expected reason and one entry.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeY4m } from '../../fixtures/y4m.ts';
import { launchBrowser } from './browser.ts';
import { readEntries, recordVerdicts, recordedVerdicts, waitForRecordedVerdicts, waitForTrust } from './page-helpers.ts';
import { makeScannerWorld, type ScannerCase } from './scanner-world.ts';
import { serveStatic } from './static-server.ts';

export interface WedgeRunOptions {
  /** The built app. */
  dist: string;
  /** A folder for the fake camera's video. */
  work: string;
  /** Scans at each speed. */
  scans: number;
  /** ms between characters; one pass per value. */
  delays: readonly number[];
  throttle?: number;
}

/** One speed's result: what went wrong (empty when every scan was right) and ms per scan. */
export interface WedgeRunResult {
  delay: number;
  scans: number;
  wrong: string[];
  entries: number;
  msPerScan: number;
  /** Each scan's time from its Enter key to its verdict on screen (the page's clock), ms. */
  msToVerdict: number[];
}

/** The 1080p30 camera with nothing in view (1 s, looped by Chromium). */
export function writeBlank1080(work: string): string {
  const video = join(work, 'blank-1080p30.y4m');
  writeY4m(video, [{ text: null, seconds: 1 }], { width: 1920, height: 1080, fps: 30, noise: 8 });
  return video;
}

/** `count` scans: mostly genuine codes, with payment QRs and the world's other reasons among them, each text distinct. */
async function scanCases(count: number, first: number): Promise<ScannerCase[]> {
  const world = await makeScannerWorld();
  const valid = await world.moreValid(count);
  const others = [world.tampered, world.expired, world.yellow, world.red, world.future];
  return valid.map((code, i) => {
    if (i % 5 === 3)
      return {
        label: `payment ${first + i}`,
        text: `https://pay.example.com/qr?order=${first + i}`,
        reason: 'not_a_health_code',
        decision: 'refuse',
      };
    if (i % 25 === 4 && others[Math.floor(i / 25)]) return others[Math.floor(i / 25)]!;
    return code;
  });
}

/** Records when each Enter key reaches the page (before the app's own listeners), in `__enters`. */
async function recordEnterKeys(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const enters: number[] = [];
    (globalThis as unknown as { __enters: number[] }).__enters = enters;
    addEventListener('keydown', (event) => event.key === 'Enter' && enters.push(performance.now()), { capture: true });
  });
}

async function typeScan(page: Page, text: string, delay: number): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(`${text}\n`, { delay });
}

/** Runs the scans at each speed in a fresh page; resolves with one result per speed. */
export async function runThrottledWedge(options: WedgeRunOptions): Promise<WedgeRunResult[]> {
  const video = writeBlank1080(options.work);
  const results: WedgeRunResult[] = [];
  const browser = await launchBrowser(video);
  try {
    for (const delay of options.delays) {
      const world = await makeScannerWorld();
      const server = await serveStatic(options.dist, world.files);
      try {
        const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US', viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        await recordVerdicts(page);
        await recordEnterKeys(page);
        await page.goto(server.origin);
        await waitForTrust(page);
        await page.locator('video.camera-video').waitFor();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttle ?? 4 });
        const cases = await scanCases(options.scans, 0);
        const wrong: string[] = [];
        const started = Date.now();
        for (const [i, c] of cases.entries()) {
          await typeScan(page, c.text, delay);
          try {
            await waitForRecordedVerdicts(page, i + 1, 20_000);
          } catch {
            wrong.push(`scan ${i + 1} (${c.label}): no verdict within 20 s`);
            break;
          }
        }
        const msPerScan = (Date.now() - started) / cases.length;
        const verdicts = await recordedVerdicts(page);
        const enters = await page.evaluate(() => (globalThis as unknown as { __enters: number[] }).__enters);
        const msToVerdict = verdicts.map((v, i) => v.at - (enters[i] ?? Number.NaN)).filter(Number.isFinite);
        verdicts.forEach((v, i) => {
          const c = cases[i];
          if (!c) wrong.push(`verdict ${i + 1} has no scan: ${v.reason}`);
          else if (v.reason !== c.reason) wrong.push(`scan ${i + 1} (${c.label}): ${v.reason}, expected ${c.reason}`);
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        const entries = await readEntries(page);
        const expected = cases.map((c) => c.reason).sort();
        const got = entries.map((e) => e.reason).sort();
        if (JSON.stringify(expected) !== JSON.stringify(got))
          wrong.push(`entries: ${got.length} (${got.join(',')}), expected ${expected.length}`);
        results.push({ delay, scans: cases.length, wrong, entries: entries.length, msPerScan, msToVerdict });
        await context.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
