/**
 * HTTPS in front, as docs/deploying.md sets it up on a LAN: Debian's Caddy with `tls internal`
 * on loopback in front of `gatecheck serve --public-url https://… --trust-proxy`, on a data
 * folder prepared with the operator's own keys (keygen, trust, the root's public half only).
 * A scanner in Chromium enrolls through https:// by the console's enrollment QR text, scans a
 * code (keyboard wedge), and the entry reaches the server. The sign-in cookie is Secure and
 * the enrollment text carries the https address. Chromium accepts Caddy's local CA through
 * ignoreHTTPSErrors (the CA is made per run in a temporary HOME).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnrollmentText } from '../../src/core/index.ts';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { runGatecheck } from '../support/cli.ts';
import { launchBrowser } from './support/browser.ts';
import { freePort, startCaddy, type CaddyProcess } from './support/caddy.ts';
import { waitForVerdict } from './support/page-helpers.ts';
import { demoIssuer, enrollByWedge, issueWith, until, waitForTrustOnAbout, wedgeScan } from './support/sync-helpers.ts';

const PASSWORD = 'https e2e administrator password';
const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-https-'));
const dataDir = join(work, 'data');
let server: ServerProcess;
let caddy: CaddyProcess;

/** The operator's keys, made as the runbook makes them; the server gets the root's public half and the status key. */
async function prepareDataFolder(): Promise<void> {
  const keys = join(work, 'keys');
  const run = async (args: string[]) => {
    const result = await runGatecheck(args);
    if (result.code !== 0) throw new Error(`gatecheck ${args.join(' ')}: ${result.stderr}`);
  };
  await run(['keygen', '--out', keys]);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  await run([
    'trust',
    '--root',
    join(keys, 'root.json'),
    '--issuer',
    join(keys, 'issuer.json'),
    '--status',
    join(keys, 'status.json'),
    '--seq',
    '1',
    '--region',
    '440300',
    // Valid from a day back: the test's codes are issued an hour in the past (sync-helpers' issueWith).
    '--not-before',
    String(Math.floor(Date.now() / 1000) - 86_400),
    '--out',
    join(dataDir, 'trust.json'),
  ]);
  const { kid, publicKey } = JSON.parse(readFileSync(join(keys, 'root.json'), 'utf8')) as { kid: string; publicKey: string };
  writeFileSync(join(dataDir, 'keys', 'root.json'), JSON.stringify({ kid, publicKey }));
  copyFileSync(join(keys, 'status.json'), join(dataDir, 'keys', 'status.json'));
}

beforeAll(async () => {
  await prepareDataFolder();
  const port = await freePort();
  server = await spawnServer(dataDir, { GATECHECK_ADMIN_PASSWORD: PASSWORD }, 60_000, [
    '--dist',
    inject('appDist'),
    '--public-url',
    `https://127.0.0.1:${port}`,
    '--trust-proxy',
  ]);
  caddy = await startCaddy(work, port, new URL(server.url).host);
});

afterAll(async () => {
  await caddy?.stop();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

/** One admin API call through the proxy, with the context's cookies; throws unless 2xx. */
async function adminCall<T>(api: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const response = await api.fetch(`${caddy.url}${path}`, { method, ...(data === undefined ? {} : { data }) });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('behind Caddy (tls internal)', () => {
  it('enrolls a scanner over https, scans, and the entry reaches the server; Secure cookie, https enrollment QR', async () => {
    const video = join(work, 'blank.y4m');
    writeY4m(video, [{ text: null, seconds: 0.1 }]);
    const browser = await launchBrowser(video);
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, permissions: ['camera'], locale: 'en-US' });
      const login = await context.request.post(`${caddy.url}/api/admin/login`, { data: { password: PASSWORD } });
      expect(login.status(), await login.text()).toBe(200);
      const cookie = login.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie')?.value ?? '';
      expect(cookie).toMatch(/^gc_admin=/);
      expect(cookie).toMatch(/;\s*Secure(;|$)/i);

      const { checkpoint } = await adminCall<{ checkpoint: { id: string } }>(context.request, 'POST', '/api/admin/checkpoints', {
        name: 'TLS gate',
        site: 'e2e',
      });
      const { text } = await adminCall<{ text: string }>(context.request, 'POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`);
      const offer = parseEnrollmentText(text);
      expect(offer.ok && offer.offer.url).toBe(caddy.url);

      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${caddy.url}/#/about`);
      expect(page.url()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await waitForTrustOnAbout(page);
      await enrollByWedge(page, text);

      const code = await issueWith(demoIssuer(work));
      await wedgeScan(page, code.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
      const entries = async () =>
        (await adminCall<{ entries: { cid: string | null }[] }>(context.request, 'GET', `/api/admin/entries?checkpoint=${checkpoint.id}`))
          .entries;
      await until('the scanned entry on the server', async () => (await entries()).length > 0);
      expect((await entries()).map((e) => e.cid)).toEqual([code.cid]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
