/**
 * Runs inside headless Chromium (served by Vite from test/bench/status.ts): generates signed
 * status snapshots with the real core, applies them through the real IdbStatusList and a
 * naive one-record-per-cid baseline, measures time, storage, lookups and main-thread stalls;
 * and drives the real data service against a real server (proxied to this origin) for the
 * end-to-end upload and delta rows.
 */
import Dexie, { type Table } from 'dexie';
import {
  b64uDecodeLength,
  b64uEncode,
  kidOf,
  openStatusList,
  openTrustBundle,
  sealEnvelope,
  signerFromSeed,
  type Envelope,
  type ListedStatus,
  type StatusDocument,
  type StatusEntryWithCid,
  type TrustBundle,
} from '../../../src/core/index.ts';
import { createDataService, type DataService } from '../../../src/platform/data-service.ts';
import { platformEd25519 } from '../../../src/platform/crypto.ts';
import { GatecheckDb } from '../../../src/platform/storage/db.ts';
import { addEntry, countPending } from '../../../src/platform/storage/entries.ts';
import { IdbStatusList } from '../../../src/platform/trust/status-list.ts';
import { IdbStatusChains } from '../../../src/platform/trust/status-chains.ts';
import {
  BUCKET_COUNT,
  bucketOf,
  findInBucket,
  groupByBucket,
  mergeIntoBucket,
  packEntries,
} from '../../../src/platform/trust/status-pack.ts';

const NOW = 1_780_000_000;
const STATUSES: ListedStatus[] = ['yellow', 'red', 'revoked', 'green'];

interface Prepared {
  bundle: TrustBundle;
  status: ReturnType<typeof signerFromSeed>;
  cids: string[];
  parts: Envelope[];
  to: number;
}

let prepared: Prepared | null = null;
let list: IdbStatusList | null = null;
let db: GatecheckDb | null = null;

function seed(label: string): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < label.length; i++) out[i % 32] = (out[i % 32]! * 31 + label.charCodeAt(i)) & 0xff;
  return out;
}

function randomCid(): string {
  return b64uEncode(crypto.getRandomValues(new Uint8Array(16)));
}

const ed25519 = () => platformEd25519();

/** Random entries signed as a snapshot to `to`, in parts of `partSize` (not timed). */
async function prepare(count: number, partSize: number, to: number): Promise<{ ms: number; parts: number; payloadBytes: number }> {
  const t0 = performance.now();
  const root = signerFromSeed(seed('bench root'));
  const status = signerFromSeed(seed('bench status'));
  const key = {
    kid: b64uEncode(kidOf(status.publicKey)),
    publicKey: b64uEncode(status.publicKey),
    use: 'status',
    region: 0,
    name: {},
    notBefore: 0,
    notAfter: NOW * 2,
  };
  const opened = await openTrustBundle(
    await sealEnvelope({ type: 'gc1-trust', seq: 1, issuedAt: NOW, expiresAt: NOW + 86_400, keys: [key] }, root),
    root.publicKey,
    await ed25519(),
  );
  if (!opened.ok) throw new Error(opened.detail);
  const cids: string[] = new Array(count);
  for (let i = 0; i < count; i++) cids[i] = randomCid();
  const total = Math.ceil(count / partSize);
  const parts: Envelope[] = [];
  let payloadBytes = 0;
  for (let k = 1; k <= total; k++) {
    const entries: { cid: string; status: ListedStatus; until?: number }[] = [];
    for (let i = (k - 1) * partSize; i < Math.min(count, k * partSize); i++) {
      entries.push(
        i % 5 === 0 ? { cid: cids[i]!, status: STATUSES[i % 4]!, until: NOW + 86_400 } : { cid: cids[i]!, status: STATUSES[i % 4]! },
      );
    }
    const envelope = await sealEnvelope({ type: 'gc1-status', from: 0, to, issuedAt: NOW, entries, part: k, parts: total }, status);
    payloadBytes += envelope.payload.length;
    parts.push(envelope);
  }
  prepared = { bundle: opened.bundle, status, cids, parts, to };
  return { ms: performance.now() - t0, parts: total, payloadBytes };
}

/** Watches the main thread while work runs: the longest gap between 10 ms timer ticks. */
function watchMainThread(): () => { maxGapMs: number; longTasks: number; longestTaskMs: number; longestTaskAtMs: number } {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  let longTasks = 0;
  let longest = 0;
  let longestAt = 0;
  const startedAt = performance.now();
  const observer = new PerformanceObserver((entries) => {
    for (const e of entries.getEntries()) {
      // The task that started the watch is reported to it too, with all it did before.
      if (e.startTime < startedAt) continue;
      longTasks++;
      if (e.duration > longest) longestAt = e.startTime - startedAt;
      longest = Math.max(longest, e.duration);
    }
  });
  try {
    observer.observe({ type: 'longtask', buffered: false });
  } catch {
    // longtask is Chromium-only; the timer gap still says enough.
  }
  return () => {
    clearInterval(timer);
    observer.disconnect();
    return { maxGapMs: Math.max(maxGap, performance.now() - last), longTasks, longestTaskMs: longest, longestTaskAtMs: longestAt };
  };
}

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

async function deleteAll(): Promise<void> {
  list = null;
  db?.close();
  db = null;
  naiveDb?.close();
  naiveDb = null;
  for (const info of await indexedDB.databases()) if (info.name) await Dexie.delete(info.name);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * Verifies and applies every prepared part through IdbStatusList (the whole pipeline is
 * timed). `fresh`: on an empty database; otherwise over the list held, with lookups
 * running meanwhile as scans would.
 */
async function applySnapshot(fresh: boolean): Promise<Record<string, number>> {
  if (!prepared) throw new Error('prepare first');
  if (fresh || !list) {
    await deleteAll();
    db = new GatecheckDb('bench-status');
    list = await IdbStatusList.open(db, { authority: 'home', n: 0 });
  }
  const before = await usage();
  const verifier = await ed25519();
  const liveCids = prepared.cids;
  const stop = watchMainThread();
  const during: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await list!.lookup(liveCids[Math.floor(Math.random() * liveCids.length)]!);
      if (list!.seq !== null) during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  let verifyMs = 0;
  for (const envelope of prepared.parts) {
    const v0 = performance.now();
    const opened = await openStatusList(envelope, prepared.bundle, verifier);
    verifyMs += performance.now() - v0;
    if (!opened.ok) throw new Error(opened.detail);
    await list.apply(opened.document);
  }
  const ms = performance.now() - t0;
  running = false;
  await probe;
  const main = stop();
  if (list.seq !== prepared.to) throw new Error(`snapshot not swapped in: seq ${list.seq}`);
  const after = await usage();
  during.sort((a, b) => a - b);
  return {
    ms,
    verifyMs,
    size: list.size,
    usageBefore: before,
    usageAfter: after,
    ...main,
    lookupsDuring: during.length,
    lookupDuringP95: percentile(during, 0.95),
  };
}

/** Sequential lookups: half listed cids, half random (absent). */
async function lookups(count: number, naive = false): Promise<{ p50: number; p95: number; found: number }> {
  if (!prepared) throw new Error('prepare first');
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < count; i++) {
    const cid = i % 2 === 0 ? prepared.cids[Math.floor(Math.random() * prepared.cids.length)]! : randomCid();
    const t = performance.now();
    const hit = naive ? await naiveDb!.entries.get(cid) : await list!.lookup(cid);
    times.push(performance.now() - t);
    if (hit) found++;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), found };
}

/** One signed delta of `count` changes (half listed cids, half new) applied to the list held. */
async function applyDelta(count: number): Promise<{ ms: number; size: number }> {
  if (!prepared || !list || list.seq === null) throw new Error('apply a snapshot first');
  const entries: StatusEntryWithCid[] = [];
  for (let i = 0; i < count; i++)
    entries.push({ cid: i % 2 ? prepared.cids[(i * 7) % prepared.cids.length]! : randomCid(), status: 'red' });
  const from = list.seq;
  const envelope = await sealEnvelope({ type: 'gc1-status', from, to: from + count, issuedAt: NOW + 60, entries }, prepared.status);
  const verifier = await ed25519();
  const t0 = performance.now();
  const opened = await openStatusList(envelope, prepared.bundle, verifier);
  if (!opened.ok) throw new Error(opened.detail);
  const plan = await list.apply(opened.document);
  if (plan.kind !== 'apply-delta') throw new Error(`delta planned as ${plan.kind}`);
  return { ms: performance.now() - t0, size: list.size };
}

// The naive baseline: one IndexedDB record per cid, written with bulkPut in chunks.
class NaiveDb extends Dexie {
  entries!: Table<{ cid: string; status: ListedStatus; until?: number }, string>;
  constructor() {
    super('bench-naive');
    this.version(1).stores({ entries: '&cid' });
  }
}
let naiveDb: NaiveDb | null = null;

async function naiveApply(chunk = 10_000): Promise<Record<string, number>> {
  if (!prepared) throw new Error('prepare first');
  await deleteAll();
  const before = await usage();
  naiveDb = new NaiveDb();
  const verifier = await ed25519();
  const stop = watchMainThread();
  const t0 = performance.now();
  for (const envelope of prepared.parts) {
    const opened = await openStatusList(envelope, prepared.bundle, verifier);
    if (!opened.ok) throw new Error(opened.detail);
    const rows = opened.document.entries;
    for (let i = 0; i < rows.length; i += chunk) await naiveDb.entries.bulkPut(rows.slice(i, i + chunk));
  }
  const ms = performance.now() - t0;
  const main = stop();
  return { ms, usageBefore: before, usageAfter: await usage(), size: await naiveDb.entries.count(), ...main };
}

// End to end with the real server, proxied to this origin (config.json and /api).
let service: DataService | null = null;
let e2eDb: GatecheckDb | null = null;

/** Opens the data service on its own database and pulls the trust data once. */
async function e2eOpen(): Promise<{ hasTrust: boolean; seq: number | null }> {
  await deleteAll();
  e2eDb = new GatecheckDb('bench-e2e');
  service = await createDataService({ db: e2eDb, autoSync: false });
  await service.refresh();
  const state = service.state();
  if (state.lastSyncError) throw new Error(state.lastSyncError);
  return { hasTrust: state.hasTrust, seq: state.status?.seq ?? null };
}

/** Queues `count` entries (not timed), enrolls, then times the upload of all of them. */
async function e2ePush(count: number, enrollText: string): Promise<{ ms: number; pendingAfter: number }> {
  if (!service || !e2eDb) throw new Error('e2eOpen first');
  for (let i = 0; i < count; i++) {
    await addEntry(
      { time: Date.now(), checkpoint: 'Bench gate', direction: 'in', reason: 'ok', decision: 'admit', cid: randomCid() },
      e2eDb,
    );
  }
  const enrolled = await service.enroll(enrollText);
  if (!enrolled.ok) throw new Error(enrolled.error);
  const t0 = performance.now();
  await service.pushNow();
  const ms = performance.now() - t0;
  return { ms, pendingAfter: await countPending(e2eDb) };
}

/** Times a pull that brings the device to the server's head (after a delta was published). */
async function e2eRefresh(): Promise<{ ms: number; seq: number | null; size: number }> {
  if (!service) throw new Error('e2eOpen first');
  const t0 = performance.now();
  await service.refresh();
  const ms = performance.now() - t0;
  const state = service.state();
  if (state.lastSyncError) throw new Error(state.lastSyncError);
  return { ms, seq: state.status?.seq ?? null, size: state.status?.size ?? 0 };
}

/**
 * GC1 1.1 §6 on the device: `authorities` chains of `perAuthority` entries each in one database
 * (filled part by part through IdbStatusChains; the fill is not timed and skips the signatures,
 * which the snapshot rows above already time). Then, with the main thread watched each time:
 * - the baseline, the design before issue 15's rework: a `delta`-entry delta merged into one
 *   chain's IndexedDB buckets in one transaction (bulkGet, merge, bulkPut), and lookups that read
 *   the head and a bucket from IndexedDB;
 * - every chain loaded into memory (what a scanner does once after start, in the background);
 * - one signed `delta`-entry delta of another authority verified and applied (one log record);
 * - lookups spread over every chain, half of them listed cids, answered from memory;
 * - that chain's log folded into its buckets (housekeeping, once the log holds 50,000 cids).
 */
async function federation(authorities: number, perAuthority: number, delta: number, lookupCount: number): Promise<Record<string, number>> {
  await deleteAll();
  const before = await usage();
  db = new GatecheckDb('bench-federation');
  const chains = await IdbStatusChains.open(db);
  const names = Array.from({ length: authorities }, (_, i) => `region-${i}`);
  const partSize = 100_000;
  const sample: { authority: string; cid: string }[] = [];
  const fill0 = performance.now();
  for (const authority of names) {
    const parts = Math.ceil(perAuthority / partSize);
    for (let k = 1; k <= parts; k++) {
      const entries: StatusEntryWithCid[] = [];
      for (let i = 0; i < Math.min(partSize, perAuthority - (k - 1) * partSize); i++) {
        const cid = randomCid();
        entries.push({ cid, status: STATUSES[i % 4]! });
        if (i % 1000 === 0) sample.push({ authority, cid });
      }
      const doc: StatusDocument = { authority, from: 0, to: 1, issuedAt: NOW, entries, part: k, parts };
      await chains.apply(doc);
    }
  }
  const fillMs = performance.now() - fill0;
  const usageAfterFill = await usage();
  // The fill leaves millions of entry objects behind; collect them now (federation.ts starts
  // Chromium with --expose-gc) so the timed work is not charged a collection a scanner, filled
  // over days, would not make at that moment.
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  gc();
  const deltaEntries = (authority: string) => {
    const listed = sample.filter((s) => s.authority === authority);
    return Array.from({ length: delta }, (_, i) => ({ cid: i % 2 ? listed[i % listed.length]!.cid : randomCid(), status: 'red' as const }));
  };

  // Baseline: the previous design's delta and lookups, straight on IndexedDB (chain region-0).
  const baseline = await bucketRewriteBaseline(db, names[0]!, packEntries(deltaEntries(names[0]!)));
  const idbTimes: number[] = [];
  for (let i = 0; i < lookupCount; i++) {
    const pick = sample[Math.floor(Math.random() * sample.length)]!;
    const t = performance.now();
    await idbBucketLookup(db, pick.authority, i % 2 === 0 ? pick.cid : randomCid());
    idbTimes.push(performance.now() - t);
  }
  idbTimes.sort((a, b) => a - b);
  gc();

  // Every chain into memory, as the app does after start.
  const stopLoad = watchMainThread();
  const load0 = performance.now();
  await Promise.all(chains.authorities().map((a) => chains.chain(a)!.loaded()));
  const loadMs = performance.now() - load0;
  const load = stopLoad();
  gc();

  // One authority's status key in the home bundle, as a recognising region would list it.
  const peer = names[authorities - 1]!;
  const root = signerFromSeed(seed('federation root'));
  const peerStatus = signerFromSeed(seed('federation status'));
  const key = {
    kid: b64uEncode(kidOf(peerStatus.publicKey)),
    publicKey: b64uEncode(peerStatus.publicKey),
    use: 'status',
    region: 0,
    name: {},
    notBefore: 0,
    notAfter: NOW * 2,
    authority: peer,
  };
  const verifier = await ed25519();
  const trust = await openTrustBundle(
    await sealEnvelope({ type: 'gc1-trust', authority: names[0], seq: 1, issuedAt: NOW, expiresAt: NOW + 86_400, keys: [key] }, root),
    root.publicKey,
    verifier,
  );
  if (!trust.ok) throw new Error(trust.detail);
  const entries = deltaEntries(peer);
  const envelope = await sealEnvelope({ type: 'gc1-status', authority: peer, from: 1, to: 2, issuedAt: NOW + 60, entries }, peerStatus);
  const stop = watchMainThread();
  const t0 = performance.now();
  const opened = await openStatusList(envelope, trust.bundle, verifier);
  if (!opened.ok) throw new Error(opened.detail);
  const verifyMs = performance.now() - t0;
  const plan = await chains.apply(opened.document);
  const deltaMs = performance.now() - t0;
  const main = stop();
  if (plan.kind !== 'apply-delta') throw new Error(`delta planned as ${plan.kind}`);
  for (const e of entries.slice(0, 100))
    if ((await chains.chain(peer)!.lookup(e.cid))?.status !== 'red') throw new Error('delta entry not found after the apply');

  const times: number[] = [];
  let found = 0;
  const batch0 = performance.now();
  for (let i = 0; i < lookupCount; i++) {
    const pick = sample[Math.floor(Math.random() * sample.length)]!;
    const cid = i % 2 === 0 ? pick.cid : randomCid();
    const t = performance.now();
    const hit = await chains.chain(pick.authority)!.lookup(cid);
    times.push(performance.now() - t);
    if (hit) found++;
  }
  // Below the timer's resolution (0.1 ms in Chromium) single lookups read as 0: the batch's mean says more.
  const meanUs = ((performance.now() - batch0) / lookupCount) * 1000;
  times.sort((a, b) => a - b);
  gc();

  const stopFold = watchMainThread();
  const fold0 = performance.now();
  if (!(await chains.chain(peer)!.compact())) throw new Error('nothing folded');
  const foldMs = performance.now() - fold0;
  const fold = stopFold();
  for (const e of entries.slice(0, 100))
    if ((await chains.chain(peer)!.lookup(e.cid))?.status !== 'red') throw new Error('delta entry lost by the fold');

  const total = chains.authorities().reduce((sum, a) => sum + chains.chain(a)!.size, 0);
  return {
    fillMs,
    deltaMs,
    verifyMs,
    ...main,
    baselineDeltaMs: baseline.ms,
    baselineLongestTaskMs: baseline.longestTaskMs,
    baselineP50: percentile(idbTimes, 0.5),
    baselineP95: percentile(idbTimes, 0.95),
    loadMs,
    loadLongestTaskMs: load.longestTaskMs,
    loadMaxGapMs: load.maxGapMs,
    foldMs,
    foldLongestTaskMs: fold.longestTaskMs,
    foldMaxGapMs: fold.maxGapMs,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    meanUs,
    found,
    entries: total,
    usageBefore: before,
    usageAfterFill,
    usageAfter: await usage(),
  };
}

/** The live slot and key offset of a chain's buckets (status-list.ts's layout). */
async function chainSlot(database: GatecheckDb, authority: string): Promise<{ slot: 'statusA' | 'statusB'; offset: number }> {
  const head = await database.statusHead.get(`chain:${authority}`);
  if (!head?.slot) throw new Error(`no list for ${authority}`);
  return { slot: head.slot, offset: head.n * BUCKET_COUNT };
}

/**
 * The delta as the design before issue 15's rework applied it: read every bucket it touches,
 * merge, write them back, in one Dexie transaction (status-list.ts at commit 9482774).
 */
async function bucketRewriteBaseline(database: GatecheckDb, authority: string, packed: Uint8Array) {
  const { slot, offset } = await chainSlot(database, authority);
  const stop = watchMainThread();
  const t0 = performance.now();
  const groups = groupByBucket(packed);
  const buckets = [...groups.keys()];
  await database.transaction('rw', database[slot], async () => {
    const current = await database[slot].bulkGet(buckets.map((k) => offset + k));
    await database[slot].bulkPut(buckets.map((k, i) => ({ k: offset + k, d: mergeIntoBucket(current[i]?.d, groups.get(k)!).bucket })));
  });
  const ms = performance.now() - t0;
  return { ms, ...stop() };
}

/** A lookup as the design before issue 15's rework made it: head and bucket read from IndexedDB. */
async function idbBucketLookup(database: GatecheckDb, authority: string, cid: string): Promise<unknown> {
  const bytes = b64uDecodeLength(cid, 16)!;
  const idb = database.backendDB();
  const { slot, offset } = await chainSlotCached(database, authority);
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(['statusHead', slot], 'readonly');
    tx.objectStore('statusHead').get(`chain:${authority}`);
    const request = tx.objectStore(slot).get(offset + bucketOf(bytes));
    request.onsuccess = () => resolve(request.result && findInBucket(request.result.d, bytes));
    tx.onerror = () => reject(tx.error);
  });
}
const slots = new Map<string, { slot: 'statusA' | 'statusB'; offset: number }>();
async function chainSlotCached(database: GatecheckDb, authority: string) {
  const known = slots.get(authority) ?? (await chainSlot(database, authority));
  slots.set(authority, known);
  return known;
}

async function cleanup(): Promise<void> {
  service?.close();
  service = null;
  e2eDb?.close();
  e2eDb = null;
  await deleteAll();
  prepared = null;
}

Object.assign(globalThis, {
  statusBench: { prepare, applySnapshot, lookups, applyDelta, naiveApply, e2eOpen, e2ePush, e2eRefresh, federation, cleanup },
});
document.getElementById('state')!.textContent = 'ready';
