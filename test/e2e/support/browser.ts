/**
 * Launches Debian's Chromium through playwright-core with a fake camera fed from a Y4M file,
 * with the flags that keep it off the closed network (no background networking, component updates or sync).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** The real binary starts faster than the /usr/bin/chromium wrapper script. */
export const CHROMIUM = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';

/** Flags for every launch; `video` is the absolute path of the fake camera's Y4M file. */
export function chromiumArgs(video: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
    // Headless tabs count as hidden to some timers; keep the scan loop at full speed.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--autoplay-policy=no-user-gesture-required',
  ];
}

/** A fresh browser with an empty profile; `denyCamera` refuses the camera permission prompt. */
export async function launchBrowser(video: string, options: { denyCamera?: boolean } = {}): Promise<Browser> {
  const args = chromiumArgs(video);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: options.denyCamera ? [...args.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts'] : args,
  });
}

/** A browser with a profile folder that survives close() (service worker, IndexedDB). */
export async function launchPersistent(profileDir: string, video: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(video),
    permissions: ['camera'],
    locale: 'en-US',
  });
}
