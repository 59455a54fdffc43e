/**
 * A keyboard-wedge scanner as the page sees one: each key carries the time the device sent
 * it (CDP `Input.dispatchKeyEvent` with `timestamp`), as a real USB or Bluetooth keyboard's
 * events carry the time the OS received them, however busy the page is. Playwright's
 * `keyboard.type` instead stamps each key when the page got round to it, which under CPU
 * load measures the page, not the scanner.
 */
import type { CDPSession, Page } from 'playwright-core';

/** Types `text` then Enter (a '\n' in `text` is an Enter too); `gapMs(i)` is the device's gap before key i (i ≥ 1). */
export async function deviceTypes(page: Page, text: string, gapMs: (i: number) => number): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const cdp = await sessionOf(page);
  {
    let t = Date.now() / 1000;
    const sends: Promise<unknown>[] = [];
    const keys = [...text, 'Enter'].map((k) => (k === '\n' ? 'Enter' : k));
    keys.forEach((key, i) => {
      if (i > 0) t += gapMs(i) / 1000;
      const enter = key === 'Enter';
      const common = enter ? { key, code: 'Enter', windowsVirtualKeyCode: 13 } : { key };
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, text: enter ? '\r' : key, timestamp: t }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common, timestamp: t + 0.003 }));
    });
    await Promise.all(sends);
  }
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * One DevTools session per page, kept: attaching a new one resets the page's network
 * emulation (measured: after context.setOffline(true), a new session fired `online`).
 * Call wedge helpers once before going offline if a test does.
 */
function sessionOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

/**
 * Loads the page as a cheap phone is loaded: two workers spinning (both cores of this
 * machine) and the main thread busy 40 ms of every 50 ms. The worker script is served on
 * the page's own origin (its CSP allows workers from 'self' only).
 */
export async function loadThePage(page: Page): Promise<() => Promise<void>> {
  await page.route('**/__busy-worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'for (;;) {}' }));
  await page.evaluate(() => {
    const g = globalThis as unknown as { __load?: { workers: Worker[]; timer: number } };
    const workers = [new Worker('/__busy-worker.js'), new Worker('/__busy-worker.js')];
    const timer = setInterval(() => {
      const end = performance.now() + 40;
      while (performance.now() < end);
    }, 50) as unknown as number;
    g.__load = { workers, timer };
  });
  return async () => {
    await page.evaluate(() => {
      const g = globalThis as unknown as { __load?: { workers: Worker[]; timer: number } };
      g.__load?.workers.forEach((w) => {
        w.terminate();
      });
      if (g.__load) clearInterval(g.__load.timer);
    });
  };
}
