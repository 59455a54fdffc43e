/**
 * A queue at the gate, through the camera, with nobody tapping: codes follow one another in
 * front of the camera (1.5 s each, 0.5 s apart) while the previous verdict is still on
 * screen. Every code must get its own verdict, in order — including two different codes
 * with the same result one after the other — and its own entry, once. This is how a kiosk
 * or a held-out video sees the app: it only watches `data-reason` / `data-decision`.
 *
 * The device is new and the first code is in view as the page opens, before its first trust
 * data has arrived. Real server (`gatecheck serve` on an empty folder, demo keys), real
 * built app. ~15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Decision, Reason } from '../../src/core/index.ts';
import { spawnServer, type ServerProcess } from '../../src/server/test-support/server-process.ts';
import { codeSegments, writeY4m } from '../fixtures/y4m.ts';
import { launchBrowser } from './support/browser.ts';
import {
  countDecoderReads,
  readEntries,
  recordVerdicts,
  recordedVerdicts,
  waitForDecoderReads,
  waitForRecordedVerdicts,
} from './support/page-helpers.ts';
import { demoIssuer, issueWith } from './support/sync-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'gatecheck-e2e-queue-'));
const dataDir = join(work, 'data');
let server: ServerProcess;

beforeAll(async () => {
  server = await spawnServer(dataDir, { GATECHECK_ADMIN_PASSWORD: 'queue e2e administrator password' }, 60_000, [
    '--demo',
    '--dist',
    inject('appDist'),
  ]);
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('a queue in front of the camera', () => {
  it('gives every code its own verdict in order without a tap, and logs each once', async () => {
    const issuer = demoIssuer(dataDir);
    const [green1, green2, yellow, red] = await Promise.all([
      issueWith(issuer),
      issueWith(issuer),
      issueWith(issuer, 'yellow'),
      issueWith(issuer, 'red'),
    ]);
    const cases: { text: string; reason: Reason; decision: Decision; cid?: string }[] = [
      { ...green1, reason: 'ok', decision: 'admit' },
      { ...green2, reason: 'ok', decision: 'admit' },
      { ...red, reason: 'status_red', decision: 'refuse' },
      { text: 'https://pay.example.com/qr/8842', reason: 'not_a_health_code', decision: 'refuse' },
      { ...yellow, reason: 'status_yellow', decision: 'refer' },
    ];
    const video = join(work, 'queue.y4m');
    // The first code is in view almost at once, while the new device is still fetching its
    // first trust data: it must be checked against that data, not refused as unknown.
    writeY4m(video, [
      { text: null, seconds: 0.2 },
      ...codeSegments(
        cases.map((c) => c.text),
        1.5,
        0.5,
      ),
    ]);

    const browser = await launchBrowser(video);
    try {
      const context = await browser.newContext({ permissions: ['camera'], locale: 'en-US' });
      const page = await context.newPage();
      await recordVerdicts(page);
      await countDecoderReads(page);
      // A slow first fetch of the trust bundle (a poor network at a new gate): the keys arrive
      // only once the first code has been decoded.
      await page.route('**/api/trust', async (route) => {
        await waitForDecoderReads(page, 0, 1, 30_000);
        await route.continue();
      });
      await page.goto(`${server.url}/`);
      await waitForRecordedVerdicts(page, cases.length);
      // Leave the scan screen before the video loops back to the first code.
      await page.evaluate(() => {
        location.hash = '#/log';
      });
      const verdicts = await recordedVerdicts(page);
      expect(verdicts.slice(0, cases.length).map(({ reason, decision }) => ({ reason, decision }))).toEqual(
        cases.map((c) => ({ reason: c.reason, decision: c.decision })),
      );

      const entries = (await readEntries(page)).sort((a, b) => Number(a.time) - Number(b.time));
      expect(entries.map((e) => ({ reason: e.reason, cid: e.cid }))).toEqual(cases.map((c) => ({ reason: c.reason, cid: c.cid })));
    } finally {
      await browser.close();
    }
  });
});
