/**
 * `gatecheck serve` as a user starts it the first time, for browser tests: its own process on
 * an empty data folder with --demo (demo keyset, the first-run admin password printed once), serving the
 * e2e build, with a browser whose fake camera shows nothing (the console and the holder app
 * need no camera; the shared launcher still wants a video). One per test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../../../src/server/test-support/server-process.ts';
import { writeY4m } from '../../fixtures/y4m.ts';
import { launchBrowser } from './browser.ts';

export interface DemoServer {
  server: ServerProcess;
  /** The printed first-run password of the `admin` account ('' if none was printed). */
  password: string;
  browser: Browser;
  /** A folder of this file's own, removed by close(). */
  work: string;
  close(): Promise<void>;
}

/** Starts it; `adminPassword` sets the first admin password (GATECHECK_ADMIN_PASSWORD) instead of reading the printed one. */
export async function startDemoServer(name: string, dist: string, adminPassword?: string): Promise<DemoServer> {
  const work = mkdtempSync(join(tmpdir(), `gatecheck-e2e-${name}-`));
  const env: Record<string, string> = adminPassword ? { GATECHECK_ADMIN_PASSWORD: adminPassword } : {};
  const server = await spawnServer(join(work, 'data'), env, 60_000, ['--demo', '--dist', dist]);
  let password = adminPassword ?? '';
  if (!adminPassword) {
    // The banner follows the "listening" line the spawn waits for; the password is on its own line in the closing box.
    const printed = /one-time password: *│\n│ (\S+) /;
    for (let waited = 0; !printed.test(server.output()) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    password = printed.exec(server.output())?.[1] ?? '';
  }
  const video = join(work, 'blank.y4m');
  writeY4m(video, [{ text: null, seconds: 0.1 }]);
  const browser = await launchBrowser(video);
  return {
    server,
    password,
    browser,
    work,
    async close() {
      await browser.close();
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}
