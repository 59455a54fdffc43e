/**
 * Two regions on one machine (issue 15, item 6): two `gatecheck serve` processes with their own
 * roots, keys made by `gatecheck keygen`, bundles signed by `gatecheck trust` (a recognises b
 * with `--recognise b=… --recognise-root b=…`), a started with `--peer b=URL --peer-interval 1`.
 * A scanner enrolled at a admits b's green code through the fake camera, shows b's revocation
 * once the relay and the scanner have pulled, ignores a b status entry naming an a code, and
 * keeps working with a's own status while b is down. The time from b's publish to a's relay
 * serving it is measured against the pull interval.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { b64uDecodeLength, b64uEncode, issueCode, kidOf, signerFromSeed, type ListedStatus } from '../../src/core/index.ts';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { writeY4m } from '../fixtures/y4m.ts';
import { launchPersistent } from './support/browser.ts';
import { dismissVerdict, waitForTrust, waitForVerdict } from './support/page-helpers.ts';

const GATECHECK = fileURLToPath(new URL('../../bin/gatecheck.js', import.meta.url));
const PASSWORD = 'two regions password';
const INTERVAL_S = 1;
const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-regions-'));
const profile = join(work, 'profile');
let a: ServerProcess;
let b: ServerProcess | null;
const cookies = new Map<string, string>();

const gatecheck = (...args: string[]) => execFileSync(process.execPath, [GATECHECK, ...args], { encoding: 'utf8' });

/** Makes a region's keys and signs its bundle with the CLI, as an operator would. */
function region(name: string, extra: string[] = []): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  gatecheck('keygen', '--out', join(dir, 'keys'));
  const k = (file: string) => join(dir, 'keys', file);
  gatecheck(
    'trust',
    '--root',
    k('root.json'),
    '--seq',
    '1',
    '--issuer',
    k('issuer.json'),
    '--status',
    k('status.json'),
    '--authority',
    name,
    '--region',
    '440300',
    '--name-en',
    `region ${name}`,
    '--out',
    join(dir, 'trust.json'),
    ...extra,
  );
  return dir;
}

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { cookie: cookies.get(server.url) ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function signIn(server: ServerProcess): Promise<void> {
  const response = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  cookies.set(server.url, response.headers.get('set-cookie')!.split(';')[0]!);
}

async function publish(server: ServerProcess, cid: string, status: ListedStatus): Promise<void> {
  const answer = await call(server, 'POST', '/api/admin/status', { changes: [{ cid, status }] });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
}

async function headSeq(server: ServerProcess, authority?: string): Promise<number> {
  const answer = await call(server, 'GET', `/api/status/head${authority ? `?authority=${authority}` : ''}`);
  return answer.status === 200 ? (answer.json as { seq: number }).seq : -1;
}

/** A green static code of a region, signed with its issuer key. */
async function code(dir: string, fill: number): Promise<{ text: string; cid: string }> {
  const seed = b64uDecodeLength(
    (JSON.parse(readFileSync(join(dir, 'keys', 'issuer.json'), 'utf8')) as { secretKey: string }).secretKey,
    32,
  )!;
  const issuer = signerFromSeed(seed);
  const now = Math.floor(Date.now() / 1000);
  const cid = new Uint8Array(16).fill(fill);
  const issued = await issueCode(
    {
      kind: 1,
      kid: kidOf(issuer.publicKey),
      cid,
      status: 'green',
      iat: now, // the keys are valid from the bundle's --issued-at (now, a moment ago)

      exp: now + 86400,
      region: 440300,
      name: '李*华',
      hint: '0042',
    },
    issuer,
  );
  if (!issued.ok) throw new Error(issued.problem);
  return { text: issued.text, cid: b64uEncode(cid) };
}

/** The sequence the scanner holds in an authority's chain (raw IndexedDB, not the app's code). */
async function chainSeq(page: Page, authority: string): Promise<number | null> {
  return page.evaluate(
    (id) =>
      new Promise<number | null>((resolve) => {
        const open = indexedDB.open('gatecheck');
        open.onsuccess = () => {
          const request = open.result.transaction('statusHead').objectStore('statusHead').get(id);
          request.onsuccess = () => resolve((request.result as { seq: number | null } | undefined)?.seq ?? null);
          request.onerror = () => resolve(null);
        };
        open.onerror = () => resolve(null);
      }),
    `chain:${authority}`,
  );
}

/** Waits until the scanner's chain of `authority` reaches `seq` (its pulls run at load and when it comes back online). */
async function waitForChain(page: Page, authority: string, seq: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (((await chainSeq(page, authority)) ?? -1) < seq) {
    if (Date.now() > deadline) throw new Error(`the scanner's chain of ${authority} did not reach ${seq}`);
    // Back online: the sync engine pulls at once.
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.waitForTimeout(250);
  }
}

/** Waits until a's relay serves b's chain at `seq` or later; returns how long it took. */
async function waitForRelay(seq: number): Promise<number> {
  const started = Date.now();
  while ((await headSeq(a, 'b')) < seq) {
    if (Date.now() - started > 30_000) throw new Error(`a's relay did not reach b's ${seq}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Shift');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  const env = { GATECHECK_ADMIN_PASSWORD: PASSWORD };
  const bDir = region('b');
  const aDir = region('a', ['--recognise', `b=${join(bDir, 'trust.json')}`, '--recognise-root', `b=${join(bDir, 'keys', 'root.json')}`]);
  b = await spawnServer(bDir, env, 60_000, ['--dist', inject('appDist')]);
  a = await spawnServer(aDir, env, 60_000, ['--dist', inject('appDist'), '--peer', `b=${b.url}`, '--peer-interval', String(INTERVAL_S)]);
  await signIn(a);
  await signIn(b);
});

afterAll(async () => {
  for (const server of [a, b]) {
    if (!server || server.child.exitCode !== null) continue;
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('two regions: a relays b', () => {
  it("admits b's code, shows b's revocation, ignores b speaking for a's codes, and works on while b is down", async () => {
    const bGreen = await code(join(work, 'b'), 0xb1);
    const aGreen = await code(join(work, 'a'), 0xa1);
    const aLater = await code(join(work, 'a'), 0xa2);
    const blank = join(work, 'blank.y4m');
    writeY4m(blank, [{ text: null, seconds: 1 }]);
    const bVideo = join(work, 'b-code.y4m');
    writeY4m(bVideo, [{ text: bGreen.text, seconds: 2 }]);

    // Enroll at a (a blank camera), and hold b's chain as a relays it.
    await waitForRelay(await headSeq(b!));
    const { checkpoint } = (await call(a, 'POST', '/api/admin/checkpoints', { name: 'Border gate', site: 'a' })).json as {
      checkpoint: { id: string };
    };
    const offer = (await call(a, 'POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`)).json as { text: string };
    let context = await launchPersistent(profile, blank);
    try {
      const page = await context.newPage();
      await page.goto(a.url);
      await waitForTrust(page);
      await wedgeScan(page, offer.text);
      await page.locator('[data-enroll="ok"]').waitFor({ timeout: 15_000 });
      await waitForChain(page, 'b', await headSeq(b!));
    } finally {
      await context.close();
    }

    // b's green code through the camera: admitted at a's gate.
    context = await launchPersistent(profile, bVideo);
    try {
      const page = await context.newPage();
      await page.goto(a.url);
      expect(await waitForVerdict(page, 30_000)).toEqual({ reason: 'ok', decision: 'admit' });
    } finally {
      await context.close();
    }

    // b revokes its code, and names an a code too (which must change nothing at a's gate).
    await publish(b!, bGreen.cid, 'revoked');
    const relayMs = await waitForRelay(await headSeq(b!));
    console.log(`two-regions: b's revocation served by a's relay ${relayMs} ms after b published it (interval ${INTERVAL_S * 1000} ms)`);
    expect(relayMs).toBeLessThanOrEqual(2 * INTERVAL_S * 1000 + 1000);
    await publish(b!, aGreen.cid, 'revoked');
    await waitForRelay(await headSeq(b!));

    context = await launchPersistent(profile, blank);
    try {
      const page = await context.newPage();
      await page.goto(a.url);
      await waitForTrust(page);
      await waitForChain(page, 'b', await headSeq(b!));
      await wedgeScan(page, bGreen.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'revoked', decision: 'refuse' });
      await dismissVerdict(page);
      await wedgeScan(page, aGreen.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'ok', decision: 'admit' });
      await dismissVerdict(page);

      // b goes down; a's own status still reaches its scanner, and b's last relayed state holds.
      b!.child.kill('SIGTERM');
      await b!.exited;
      await publish(a, aLater.cid, 'red');
      await waitForChain(page, 'a', await headSeq(a));
      await wedgeScan(page, aLater.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'status_red', decision: 'refuse' });
      await dismissVerdict(page);
      await wedgeScan(page, bGreen.text);
      expect(await waitForVerdict(page)).toEqual({ reason: 'revoked', decision: 'refuse' });
      const peers = (await call(a, 'GET', '/api/admin/peers')).json as { peers: { authority: string; lastError: string | null }[] };
      expect(peers.peers[0]!.authority).toBe('b');
    } finally {
      await context.close();
    }
  });
});
