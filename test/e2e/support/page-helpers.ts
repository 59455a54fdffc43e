/** Reads what the app shows and stores, from outside, the way a kiosk integration would. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Page } from 'playwright-core';

/** One entry as stored in IndexedDB (all fields, to check none holds a name). */
export type StoredEntry = Record<string, unknown> & { id: string; reason: string; decision: string; cid?: string };

/**
 * The verdict each page's test last read (waitForVerdict), so that dismissVerdict taps away
 * that one: the camera may replace it with the next person's verdict at any moment.
 */
const lastRead = new WeakMap<Page, ElementHandle<HTMLElement | SVGElement>>();

/** Waits for a verdict on screen and returns its data-reason and data-decision (both from the one element). */
export async function waitForVerdict(page: Page, timeout = 15_000): Promise<{ reason: string; decision: string }> {
  const element = await page.waitForSelector('[data-testid="verdict"]', { state: 'visible', timeout });
  if (!element) throw new Error('no verdict on screen');
  await lastRead.get(page)?.dispose();
  lastRead.set(page, element);
  return element.evaluate((el) => ({
    reason: el.getAttribute('data-reason') ?? '',
    decision: el.getAttribute('data-decision') ?? '',
  }));
}

/**
 * Taps away the verdict last read (or, if none was, the one on screen) and waits until that
 * verdict is gone. Not until *no* verdict shows: the camera keeps reading, and the next code
 * coming into view as the guard taps puts its verdict up at once (on a slow host between two
 * polls, so the gap was never seen). Already replaced by the next code's verdict: nothing to do.
 */
export async function dismissVerdict(page: Page): Promise<void> {
  const verdict = lastRead.get(page) ?? (await page.waitForSelector('[data-testid="verdict"]', { state: 'visible', timeout: 5000 }));
  lastRead.delete(page);
  if (!verdict) throw new Error('no verdict on screen');
  try {
    const button = await verdict.$('.button-big');
    if (button) await button.click({ timeout: 5000 });
    else if (await verdict.evaluate((el) => el.isConnected)) throw new Error('the verdict has no dismiss button');
  } catch (error) {
    // Replaced by the next code's verdict before or during the tap: gone all the same.
    if (await verdict.evaluate((el) => el.isConnected)) throw error;
  }
  await page.waitForFunction((el) => !el.isConnected, verdict, { timeout: 5000 });
  await verdict.dispose();
}

/** Every entry in the app's IndexedDB, read with the raw IndexedDB API (not the app's code). */
export async function readEntries(page: Page): Promise<StoredEntry[]> {
  return page.evaluate(
    () =>
      new Promise<StoredEntry[]>((resolve, reject) => {
        const open = indexedDB.open('gatecheck');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) return resolve([]);
          const request = db.transaction('entries').objectStore('entries').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as StoredEntry[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Waits until the data layer holds trust data (the "no trust data" banner is gone). */
export async function waitForTrust(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('.scan-screen').waitFor({ timeout });
  await page.waitForFunction(() => !document.querySelector('[data-banner="no-trust"]'), undefined, { timeout });
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the page; returns the violations (id, impact, first target) for a readable failure. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; target: string }[]> {
  // Evaluated through DevTools rather than added as a <script>: our pages' CSP (script-src
  // 'self') rightly blocks injected scripts, and the tests keep that CSP in force.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, target: String(v.nodes[0]?.target ?? '') }));
  });
}

/** A verdict as it was mounted: its reason and decision. */
export interface RecordedVerdict {
  reason: string | null;
  decision: string | null;
  /** When it was mounted: the page's performance.now(), ms. */
  at: number;
}

/**
 * Records every verdict as it is mounted, from the page's next load on (the flow shows a new
 * verdict element per scan, so a MutationObserver sees each once); read with recordedVerdicts.
 */
export async function recordVerdicts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { reason: string | null; decision: string | null; at: number }[] = [];
    (globalThis as unknown as { __verdicts: typeof seen }).__verdicts = seen;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement)) continue;
          const verdict = node.matches('[data-testid="verdict"]') ? node : node.querySelector('[data-testid="verdict"]');
          if (verdict)
            seen.push({
              reason: verdict.getAttribute('data-reason'),
              decision: verdict.getAttribute('data-decision'),
              at: performance.now(),
            });
        }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Waits until at least `count` verdicts were recorded. */
export async function waitForRecordedVerdicts(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => (globalThis as unknown as { __verdicts: unknown[] }).__verdicts.length >= n, count, { timeout });
}

/** The verdicts recorded so far, in the order they were mounted. */
export async function recordedVerdicts(page: Page): Promise<RecordedVerdict[]> {
  return page.evaluate(() => (globalThis as unknown as { __verdicts: RecordedVerdict[] }).__verdicts);
}

/**
 * Counts, from the page's next load on, every message in which a Web Worker reports codes read
 * (the decoder's `texts` and `result` messages with at least one text): the proof that the
 * camera's code was read again, for checks that something did NOT happen after it was.
 */
export async function countDecoderReads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counter = globalThis as unknown as { __decoderReads: number };
    counter.__decoderReads = 0;
    const Native = globalThis.Worker;
    globalThis.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => {
          const data = event.data as { kind?: unknown; texts?: unknown } | null;
          if ((data?.kind === 'texts' || data?.kind === 'result') && Array.isArray(data.texts) && data.texts.length > 0)
            counter.__decoderReads++;
        });
      }
    };
  });
}

/** How many decoder reads countDecoderReads has seen so far. */
export async function decoderReads(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __decoderReads: number }).__decoderReads);
}

/** Waits until the decoder has read codes `more` more times than `since` (a count from decoderReads). */
export async function waitForDecoderReads(page: Page, since: number, more = 1, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([n, m]) => (globalThis as unknown as { __decoderReads: number }).__decoderReads >= n + m,
    [since, more] as const,
    {
      timeout,
    },
  );
}
