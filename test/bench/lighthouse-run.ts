/**
 * One Lighthouse 12.2.3 navigation (mobile profile: Moto G Power-sized screen, simulated slow
 * 4G and 4x CPU slowdown, Lighthouse's defaults) of a URL in Debian's Chromium, started by
 * chrome-launcher with the project's browser flags and a fresh profile, so every run is a
 * first load (no HTTP cache, no service worker). Returns the figures the bench reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs, CHROMIUM } from '../e2e/support/browser.ts';
import { writeY4m } from '../fixtures/y4m.ts';

/** What one run measured. Times in ms, sizes in KB (1024 bytes) as sent over the wire. */
export interface LighthouseFigures {
  score: number;
  fcpMs: number;
  lcpMs: number;
  ttiMs: number;
  tbtMs: number;
  /** Every response of the load, headers included (Lighthouse's total-byte-weight). */
  transferKb: number;
  /** The longest main-thread tasks Lighthouse reports (simulated under its throttling). */
  longTasks: { url: string; ms: number }[];
  /** Main-thread time by kind (style and layout, script evaluation, …), simulated. */
  mainThread: Record<string, number>;
  /**
   * Lighthouse's measure of the host's CPU speed at the time (higher is faster; about 1000+
   * on an idle desktop core). The simulation multiplies observed main-thread time by 4, so a
   * low index (a busy host) inflates every task and TBT with it.
   */
  benchmarkIndex: number;
}

interface AuditJson {
  numericValue?: number;
  details?: { items?: Record<string, unknown>[] };
}

const numeric = (audits: Record<string, AuditJson>, id: string): number => audits[id]?.numericValue ?? NaN;

/** The fake camera of a run: 640x480 at 10 fps by default; a phone's is 1920x1080 at 30 fps. */
export interface LighthouseCamera {
  width: number;
  height: number;
  fps: number;
}

/** Runs Lighthouse once on `url`; `reportPath` keeps the full JSON report (for profiling). */
export async function runLighthouse(
  url: string,
  options: { reportPath?: string; camera?: LighthouseCamera } = {},
): Promise<LighthouseFigures> {
  const work = mkdtempSync(join(tmpdir(), 'gatecheck-lighthouse-'));
  // A grey camera (no code in view), so the scan screen starts its camera as on a phone.
  const video = join(work, 'blank.y4m');
  const camera = options.camera ?? { width: 640, height: 480, fps: 10 };
  // 1 s of 1080p30 is 93 MB; it loops.
  writeY4m(video, [{ text: null, seconds: camera.width > 1000 ? 1 : 2 }], { ...camera, noise: 8 });
  mkdirSync(join(work, 'profile'));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    userDataDir: join(work, 'profile'),
    chromeFlags: ['--headless=new', ...chromiumArgs(video)],
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error('lighthouse returned no result');
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    if (options.reportPath) writeFileSync(options.reportPath, JSON.stringify(lhr, null, 1));
    const audits = lhr.audits as Record<string, AuditJson>;
    const longTasks = (audits['long-tasks']?.details?.items ?? []).map((item) => ({ url: String(item.url), ms: Number(item.duration) }));
    const mainThread = Object.fromEntries(
      (audits['mainthread-work-breakdown']?.details?.items ?? []).map((item) => [
        String(item.groupLabel ?? item.group),
        Number(item.duration),
      ]),
    );
    return {
      score: Math.round((lhr.categories.performance?.score ?? NaN) * 100),
      fcpMs: numeric(audits, 'first-contentful-paint'),
      lcpMs: numeric(audits, 'largest-contentful-paint'),
      ttiMs: numeric(audits, 'interactive'),
      tbtMs: numeric(audits, 'total-blocking-time'),
      transferKb: numeric(audits, 'total-byte-weight') / 1024,
      longTasks,
      mainThread,
      benchmarkIndex: lhr.environment.benchmarkIndex,
    };
  } finally {
    chrome.kill();
    rmSync(work, { recursive: true, force: true });
  }
}
