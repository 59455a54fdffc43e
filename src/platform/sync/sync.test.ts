/**
 * The browser sync client against the real server (src/server, in-memory PGlite, real
 * HTTP on 127.0.0.1) with IndexedDB from fake-indexeddb. Faults are injected only at the
 * network (a fetch that fails or loses an answer), never by replacing our own parts.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTHORITY, b64uEncode, chainFor, formatEnrollmentText, signerFromSeed, type ListedStatus } from '../../core/index.ts';
import { openHarness, type Harness } from '../../server/test-support/harness.ts';
import { GatecheckDb } from '../storage/db.ts';
import { addEntry, countPending, type NewEntry } from '../storage/entries.ts';
import { createDataService, type DataService } from '../data-service.ts';
import { cidFor } from '../../../test/support/world.ts';
import { manualTimers } from '../../../test/support/manual-timers.ts';
import type { FetchLike } from './http.ts';
import { pushPendingFromWorker } from '../../sw/background-sync.ts';

let harness: Harness;
let base = '';
let db: GatecheckDb;
let service: DataService | null = null;
let n = 0;

beforeAll(async () => {
  // Small parts and a short delta chain, so snapshots come in several parts and 410 happens.
  harness = await openHarness('pglite', null, { status: { snapshotPartSize: 4, maxDeltaChain: 6, maxChainEntries: 1000 } });
  await harness.app.listen({ host: '127.0.0.1', port: 0 });
  const address = harness.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
}, 60_000);
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => {
  db = new GatecheckDb(`sync-test-${n++}`);
});
afterEach(async () => {
  service?.close();
  service = null;
  await db.delete();
});

/** Counts requests by path and can fail or drop them: the network, not our code, misbehaves. */
function network(
  rules: {
    fail?: (path: string, count: number) => boolean;
    loseAnswer?: (path: string) => boolean;
    before?: (path: string) => Promise<void>;
  } = {},
) {
  const counts = new Map<string, number>();
  const bodies: unknown[] = [];
  const fetchFn: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    if (path === '/api/entries') bodies.push(JSON.parse(String(init?.body)));
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    if (rules.fail?.(path, count)) throw new TypeError('fetch failed (test network down)');
    await rules.before?.(path);
    const response = await fetch(input, init);
    if (rules.loseAnswer?.(path)) {
      await response.text();
      throw new TypeError('connection reset (test: answer lost)');
    }
    return response;
  };
  return {
    fetch: fetchFn,
    counts,
    bodies,
    total: (prefix: string) => [...counts].filter(([p]) => p.startsWith(prefix)).reduce((s, [, c]) => s + c, 0),
  };
}

/** The home authority's chain, which the server's own status endpoints extend. */
const homeChain = (s: DataService) => chainFor(s.verifierContext().status, DEFAULT_AUTHORITY, DEFAULT_AUTHORITY)!;
const open = (fetchFn: FetchLike = fetch) => createDataService({ db, origin: base, fetch: fetchFn, autoSync: false });

async function enrollmentText(name = 'North gate'): Promise<string> {
  const created = await harness.admin('POST', '/api/admin/checkpoints', { name, site: 'Site A' });
  const checkpointId = (created.json() as { checkpoint: { id: string } }).checkpoint.id;
  const offer = await harness.admin('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`);
  const { token } = offer.json() as { token: string };
  const text = formatEnrollmentText({ url: base, token, checkpoint: name });
  if (!text.ok) throw new Error(text.detail);
  return text.text;
}

const scan = (i: number, extra: Partial<NewEntry> = {}): NewEntry => ({
  time: Date.now() - 1000 + i,
  checkpoint: 'North gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: b64uEncode(cidFor(`scan ${i}`)),
  ...extra,
});

async function serverEntries(ids: string[]): Promise<number> {
  const [row] = await harness.ctx.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries WHERE id = ANY($1::uuid[])', [ids]);
  return Number(row!.n);
}

const publish = (changes: { cid: string; status: ListedStatus }[]) => harness.ctx.status.publish(changes);
const cid = (label: string) => b64uEncode(cidFor(label));

describe('sync client against the server', () => {
  it('pulls the trust bundle and status list without enrollment, keeping entries until enrolled', async () => {
    service = await open();
    expect(service.state().hasTrust).toBe(false);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await addEntry(scan(i), db)).id);
    await service.refresh();
    const state = service.state();
    expect(state.hasTrust).toBe(true);
    expect(state.lastSyncError).toBeNull();
    expect(state.enrolled).toBe(false);
    const head = await harness.ctx.status.head();
    expect(state.status?.seq).toBe(head.seq);
    expect(state.status?.checkedAt).not.toBeNull();
    expect(state.pendingEntries).toBe(3);
    expect(await serverEntries(ids)).toBe(0);

    const offer = await enrollmentText();
    const enrolled = await service.enroll(offer);
    expect(enrolled).toMatchObject({ ok: true, checkpoint: { name: 'North gate' } });
    expect(enrolled).not.toHaveProperty('already');
    // The same QR read again (still in view after the success): already enrolled there, the server not asked.
    const enrollCalls = () => harness.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM devices');
    const devicesBefore = (await enrollCalls())[0]!.n;
    expect(await service.enroll(offer)).toMatchObject({ ok: true, already: true, checkpoint: { name: 'North gate' } });
    expect((await enrollCalls())[0]!.n).toBe(devicesBefore);
    expect(service.state().enrolled).toBe(true);
    await service.pushNow();
    expect(await serverEntries(ids)).toBe(3);
    expect(await countPending(db)).toBe(0);
    expect(service.state()).toMatchObject({ enrolled: true, pendingEntries: 0, checkpoint: { name: 'North gate' } });
    expect(service.state().policy).not.toBeNull();
  });

  it('lets a scan on a new device wait for its first pull, and never waits once data is held', async () => {
    // A slow network: the API answers nothing until the test lets it through (config.json comes with the deployment).
    let letThrough = () => {};
    const held = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    const slow: FetchLike = async (input, init) => {
      if (new URL(input).pathname.startsWith('/api/')) await held;
      return fetch(input, init);
    };
    service = await createDataService({ db, origin: base, fetch: slow });
    const ready = service.whenReady();
    expect(service.verifierContext().trust).toBeNull();
    letThrough();
    await ready;
    expect(service.verifierContext().trust).not.toBeNull();
    expect(service.verifierContext().status).not.toBeNull();
    // Once data is held, whenReady settles at once: before any timer could fire.
    const first = await Promise.race([
      service.whenReady().then(() => 'ready'),
      new Promise((resolve) => setTimeout(() => resolve('a timer'), 0)),
    ]);
    expect(first).toBe('ready');
  });

  it('stops waiting after the bound when the first pull cannot finish', async () => {
    // config.json answers (it comes with the deployment); the API never does.
    const apiHangs: FetchLike = (input, init) => (new URL(input).pathname.startsWith('/api/') ? new Promise(() => {}) : fetch(input, init));
    const timers = manualTimers();
    service = await createDataService({ db, origin: base, fetch: apiHangs, timers });
    let ready = false;
    const waiting = service.whenReady(200).then(() => {
      ready = true;
    });
    timers.advance(199);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ready).toBe(false);
    timers.advance(1);
    await waiting;
    expect(ready).toBe(true);
    expect(service.verifierContext().trust).toBeNull();
  });

  it('follows status changes by delta, and by snapshot parts after 410', async () => {
    service = await open();
    await service.refresh();
    await publish([{ cid: cid('delta-a'), status: 'yellow' }]);
    await service.refresh();
    const view = homeChain(service);
    expect(await view.lookup(cid('delta-a'))).toEqual({ status: 'yellow' });

    // More changes than the server keeps as a chain: the client is told 410 and takes the snapshot.
    const net = network();
    service.close();
    service = await open(net.fetch);
    for (let i = 0; i < 8; i++) await publish([{ cid: cid(`many-${i}`), status: 'red' }]);
    await service.refresh();
    expect(net.total('/api/status/snapshot/')).toBeGreaterThan(1);
    const head = await harness.ctx.status.head();
    expect(service.state().status?.seq).toBe(head.seq);
    expect(await homeChain(service).lookup(cid('many-7'))).toEqual({ status: 'red' });
    expect(await homeChain(service).lookup(cid('delta-a'))).toEqual({ status: 'yellow' });
  });

  it('resumes an interrupted snapshot download with only the missing parts', async () => {
    for (let i = 0; i < 10; i++) await publish([{ cid: cid(`resume-${i}`), status: 'yellow' }]);
    const head = await harness.ctx.status.head();
    expect(head.snapshot.parts).toBeGreaterThan(3);
    // The network drops after two parts.
    let cut = true;
    const flaky = network({ fail: (path, count) => cut && path.startsWith('/api/status/snapshot/') && count > 0 && flakyParts() > 2 });
    let parts = 0;
    const flakyParts = () => ++parts;
    service = await open(flaky.fetch);
    await service.refresh();
    expect(service.state().status).toBeNull();
    expect(service.state().snapshotProgress).toMatchObject({ to: head.snapshot.to, have: 2, parts: head.snapshot.parts });
    expect(service.state().lastSyncError).toMatch(/not reachable/);
    // Back online, after a restart: the two parts held are not fetched again.
    service.close();
    cut = false;
    const again = network();
    service = await open(again.fetch);
    await service.refresh();
    expect(again.total('/api/status/snapshot/')).toBe(head.snapshot.parts - 2);
    expect(service.state().status?.seq).toBe((await harness.ctx.status.head()).seq);
    expect(service.state().snapshotProgress).toBeNull();
    expect(await homeChain(service).lookup(cid('resume-9'))).toEqual({ status: 'yellow' });
  });

  it('uploads in batches, marks only acknowledged entries, and loses nothing when an answer is lost', async () => {
    let lose = true;
    const net = network({ loseAnswer: (path) => lose && path === '/api/entries' });
    service = await open(net.fetch);
    await service.enroll(await enrollmentText('Batch gate'));
    await service.pushNow(); // the push enrollment starts, with nothing to send yet
    const ids: string[] = [];
    for (let i = 0; i < 1100; i++) ids.push((await addEntry(scan(i), db)).id);
    await service.pushNow();
    // The server stored the first batch, but its answer never arrived: nothing is marked.
    expect(await countPending(db)).toBe(1100);
    expect(service.state().lastSyncError).toMatch(/not reachable/);
    expect(await serverEntries(ids)).toBe(500);
    lose = false;
    await service.pushNow();
    expect(await countPending(db)).toBe(0);
    expect(await serverEntries(ids)).toBe(1100);
    // Three batches of at most 500, plus the lost one.
    expect(net.counts.get('/api/entries')).toBe(4);
    const [row] = await harness.ctx.db.query<{ n: number }>(
      'SELECT count(DISTINCT id)::bigint AS n FROM entries WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(Number(row!.n)).toBe(1100);
  });

  it('re-sends an entry overridden while its upload was in flight', async () => {
    let entryId = '';
    let overrideDuringUpload = true;
    const net = network({
      before: async (path) => {
        if (path !== '/api/entries' || !overrideDuringUpload) return;
        overrideDuringUpload = false;
        await db.entries.update(entryId, { override: { decision: 'refuse', reason: 'document mismatch', at: Date.now() }, synced: 0 });
      },
    });
    service = await open(net.fetch);
    await service.enroll(await enrollmentText('Override gate'));
    await service.pushNow();
    entryId = (await addEntry(scan(1), db)).id;
    await service.pushNow();
    // Acknowledged, but changed meanwhile: not marked, so it went again with its override.
    expect(net.bodies.map((b) => (b as { entries: { override?: unknown }[] }).entries[0]?.override !== undefined)).toEqual([false, true]);
    expect(await countPending(db)).toBe(0);
  });

  it('keeps on the device what the contract refuses (a NUL) and what the server refuses (its clock), and uploads the rest', async () => {
    const net = network();
    service = await open(net.fetch);
    await service.enroll(await enrollmentText('Contract gate'));
    await service.pushNow();
    const day = 86_400_000;
    const good = (await addEntry(scan(1, { time: Date.now() - 3 * day }), db)).id;
    const nul = (await addEntry(scan(2, { checkpoint: 'North\u0000gate' }), db)).id;
    const ahead = (await addEntry(scan(3), db)).id;
    // The server's clock two days behind this device's: to the server, the third entry is
    // more than a day in the future (a 400 naming it); the device cannot know that in advance.
    const serverNow = harness.clock.now;
    harness.clock.now = Date.now() - 2 * day;
    try {
      await service.pushNow();
    } finally {
      harness.clock.now = serverNow;
    }
    expect(await serverEntries([good])).toBe(1);
    expect(await serverEntries([nul, ahead])).toBe(0);
    expect(await countPending(db)).toBe(2);
    // The NUL entry never left the device; the one the server refused was sent once, then set aside.
    const sent = net.bodies.flatMap((b) => (b as { entries: { id: string }[] }).entries.map((e) => e.id));
    expect(sent).not.toContain(nul);
    expect(sent.filter((id) => id === ahead)).toHaveLength(1);
    expect(sent.filter((id) => id === good)).toHaveLength(2);
  });

  it('uploads from the service worker (Background Sync) with the same push code', async () => {
    service = await open();
    expect(await pushPendingFromWorker(db)).toBeNull(); // not enrolled: nothing to do
    await service.enroll(await enrollmentText('Worker gate'));
    await service.pushNow();
    service.close();
    service = null;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await addEntry(scan(i), db)).id);
    const result = await pushPendingFromWorker(db);
    expect(result).toMatchObject({ uploaded: 7, batches: 1 });
    expect(await serverEntries(ids)).toBe(7);
    expect(await countPending(db)).toBe(0);
  });

  it('names the device at enrollment, renames it from the phone, and learns a rename made in the console', async () => {
    let offline = false;
    const net = network({ fail: (path) => offline && path === '/api/device' });
    service = await open(net.fetch);
    const enrolled = await service.enroll(await enrollmentText('Rename gate'), (checkpoint, number) => `${checkpoint} phone ${number}`);
    expect(enrolled).toMatchObject({ ok: true, deviceName: 'Rename gate phone 1' });
    const stored = async () => (await db.meta.get('sync.device'))!.value as { deviceId: string; name?: string };
    const { deviceId } = await stored();
    const onServer = async () =>
      (await harness.ctx.db.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [deviceId]))[0]!.name;
    expect((await stored()).name).toBe('Rename gate phone 1');
    expect(service.state().deviceName).toBe('Rename gate phone 1');

    expect(await service.renameDevice('  东门 手机 1 ')).toEqual({ ok: true, name: '东门 手机 1' });
    expect(await onServer()).toBe('东门 手机 1');
    expect((await stored()).name).toBe('东门 手机 1');
    expect(service.state().deviceName).toBe('东门 手机 1');

    // A name that breaks the rule is refused on the phone, in a word the app translates; nothing is sent.
    const sent = net.counts.get('/api/device');
    for (const [name, problem] of [
      ['x'.repeat(101), 'too_long'],
      ['phone \u202egnp.exe', 'bidi_control'],
      ['\u200b\u2060', 'invisible'],
    ] as const)
      expect(await service.renameDevice(name)).toMatchObject({ ok: false, problem });
    expect(net.counts.get('/api/device')).toBe(sent);
    // One the schema refuses (a control character a field cannot hold, but a paste might): the server's 400.
    expect(await service.renameDevice('tab\tlet')).toMatchObject({ ok: false, problem: 'refused', error: expect.stringMatching(/400/) });
    offline = true;
    expect(await service.renameDevice('Gate 3')).toMatchObject({ ok: false, problem: 'unreachable' });
    offline = false;
    expect(await onServer()).toBe('东门 手机 1');
    expect((await stored()).name).toBe('东门 手机 1');

    // Renamed in the console: the phone learns it with its checkpoint.
    expect((await harness.admin('PATCH', `/api/admin/devices/${deviceId}`, { name: 'Console name' })).statusCode).toBe(200);
    await service.refresh();
    expect(service.state().deviceName).toBe('Console name');
    expect((await stored()).name).toBe('Console name');

    // Revoked: refused, and the enrollment is marked refused as a failed sync would.
    expect((await harness.admin('POST', `/api/admin/devices/${deviceId}/revoke`)).statusCode).toBe(200);
    expect(await service.renameDevice('After revoke')).toMatchObject({ ok: false, problem: 'device_refused' });
    expect(service.state()).toMatchObject({ enrolled: false, deviceName: 'Console name' });
    expect(await onServer()).toBe('Console name');
    expect(await service.renameDevice('Again')).toMatchObject({ ok: false, problem: 'device_refused' });
  });

  it('says a device that never enrolled cannot be renamed', async () => {
    service = await open();
    expect(service.state().deviceName).toBeNull();
    expect(await service.renameDevice('Gate 1')).toMatchObject({ ok: false, problem: 'not_enrolled' });
  });

  it('keeps entries and stops uploading when the device is revoked', async () => {
    service = await open();
    await service.enroll(await enrollmentText('Revoked gate'));
    const deviceId = (await db.meta.get('sync.device'))!.value as { deviceId: string };
    const revoked = await harness.admin('POST', `/api/admin/devices/${deviceId.deviceId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    await addEntry(scan(1), db);
    await service.pushNow();
    expect(await countPending(db)).toBe(1);
    expect(service.state()).toMatchObject({ enrolled: false });
    expect(service.state().lastSyncError).toMatch(/refused this device/);
  });

  it('purges synced entries after the retention period and never unsynced ones', async () => {
    service = await createDataService({ db, origin: base, autoSync: false, retentionMs: 60_000 });
    await service.enroll(await enrollmentText('Purge gate'));
    const old = Date.now() - 3_600_000;
    const oldSynced = await addEntry(scan(1, { time: old }), db);
    const recent = await addEntry(scan(2), db);
    await service.pushNow();
    // Uploaded; the hour-old one is past retention (the purge runs with every push).
    await service.pushNow();
    expect(await db.entries.get(oldSynced.id)).toBeUndefined();
    expect((await db.entries.get(recent.id))?.synced).toBe(1);
    // Just as old, but never acknowledged (the uploads fail): it stays, however long.
    service.close();
    service = await createDataService({
      db,
      origin: base,
      fetch: network({ fail: (p) => p === '/api/entries' }).fetch,
      autoSync: false,
      retentionMs: 60_000,
    });
    const offline = await addEntry(scan(3, { time: old }), db);
    await service.pushNow();
    await service.pushNow();
    expect((await db.entries.get(offline.id))?.synced).toBe(0);
    expect(service.state().pendingEntries).toBe(1);
  });

  it('refuses a trust bundle signed by a key other than the deployed root and keeps the old one', async () => {
    service = await open();
    await service.refresh();
    const held = service.state().trust;
    service.close();
    // A deployment whose config.json pins another root: the server's bundle is refused whole.
    const otherRoot = b64uEncode(signerFromSeed(new Uint8Array(32).fill(9)).publicKey);
    const wrongConfig: FetchLike = async (input, init) =>
      new URL(input).pathname === '/config.json' ? new Response(JSON.stringify({ rootKey: otherRoot, apiBase: '' })) : fetch(input, init);
    service = await open(wrongConfig);
    await service.refresh();
    expect(service.state().hasTrust).toBe(false);
    expect(service.state().lastSyncError).toMatch(/wrong_root/);
    // The record of the old bundle is untouched; the right deployment trusts it again.
    service.close();
    service = await open();
    expect(service.state().trust).toEqual(held);
  });

  it('refuses an enrollment code for another server and a malformed one, storing nothing', async () => {
    service = await open();
    const text = formatEnrollmentText({ url: 'https://elsewhere.example', token: 'A'.repeat(20), checkpoint: 'Gate' });
    expect(await service.enroll(text.ok ? text.text : '')).toMatchObject({ ok: false, error: expect.stringMatching(/elsewhere/) });
    expect(await service.enroll('GCENROLL1:not-json')).toMatchObject({ ok: false });
    expect(await service.enroll('GC1:XYZ')).toMatchObject({ ok: false });
    expect(await db.meta.get('sync.device')).toBeUndefined();
    expect(service.state().enrolled).toBe(false);
  });

  it('warns when the server time is more than 2 minutes off and notes it on entries', async () => {
    // The server's clock 10 minutes ahead of this machine's, however long the run took to get here
    // (the harness clock stands still; on a busy machine minutes pass before this test).
    const ahead = Date.now() + 10 * 60_000 - harness.clock.now;
    harness.clock.advance(ahead);
    try {
      service = await open();
      await service.enroll(await enrollmentText('Clock gate'));
      await service.refresh();
      expect(service.state().clockWarning).toBe('skewed');
      expect(service.state().clockOffsetMs).toBeGreaterThan(9 * 60_000);
      expect(service.clockNote()).toMatch(/^clock -\d{3} s from server time$/);
    } finally {
      // Back to this machine's time: the clock agrees again.
      harness.clock.advance(-10 * 60_000);
    }
    await service.refresh();
    expect(service.state().clockWarning).toBeNull();
    expect(service.clockNote()).toBeUndefined();
  });
});
