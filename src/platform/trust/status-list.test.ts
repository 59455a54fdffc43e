import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  b64uEncode,
  MemoryStatusList,
  openStatusList,
  tweetnaclEd25519,
  type ListedStatus,
  type StatusDocument,
} from '../../core/index.ts';
import { GatecheckDb } from '../storage/db.ts';
import { IdbStatusList, type SnapshotProgress } from './status-list.ts';
import { cidFor, makeWorld, statusDocument, type World } from '../../../test/support/world.ts';

let world: World;
let db: GatecheckDb;
let n = 0;
let name = '';
const HOME = { authority: 'home', n: 0 };

beforeEach(async () => {
  world ??= await makeWorld('status-list');
  name = `status-list-test-${n++}`;
  db = new GatecheckDb(name);
});
afterEach(async () => {
  await db.delete();
});

type Row = { cid: string; status: ListedStatus; until?: number };
const cid = (label: string | number) => b64uEncode(cidFor(String(label)));
const rows = (count: number, status: ListedStatus = 'red', prefix = 'c'): Row[] =>
  Array.from({ length: count }, (_, i) => ({ cid: cid(`${prefix}${i}`), status }));

/** Signs and re-opens a document through the core, as the sync client does. */
/**
 * Fails IndexedDB puts the way a full disk or a killed app would: a DBCore middleware on `db`
 * rejects a put with `error()` when `fails(tableName)` says so (asked for puts only).
 */
function failPuts(name: string, fails: (tableName: string) => boolean, error: () => Error): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: (req) => (req.type === 'put' && fails(tableName) ? Promise.reject(error()) : table.mutate(req)),
        };
      },
    }),
  });
}

async function signed(from: number, to: number, entries: Row[], extra: Record<string, unknown> = {}): Promise<StatusDocument> {
  const opened = await openStatusList(await world.sealStatus(statusDocument(from, to, entries, extra)), world.bundle, tweetnaclEd25519);
  if (!opened.ok) throw new Error(opened.detail);
  return opened.document;
}

describe('IdbStatusList', () => {
  it('swaps in a single-part snapshot and looks entries up', async () => {
    const list = await IdbStatusList.open(db, HOME);
    expect(list.seq).toBeNull();
    expect(await list.lookup(cid('c1'))).toBeUndefined();
    const plan = await list.apply(await signed(0, 5, [...rows(300), { cid: cid('y'), status: 'yellow', until: 1_900_000_000 }]));
    expect(plan.kind).toBe('replace');
    expect(list.seq).toBe(5);
    expect(list.size).toBe(301);
    expect(await list.lookup(cid('c17'))).toEqual({ status: 'red' });
    expect(await list.lookup(cid('y'))).toEqual({ status: 'yellow', until: 1_900_000_000 });
    expect(await list.lookup(cid('absent'))).toBeUndefined();
    expect(await list.lookup('not a cid')).toBeUndefined();
  });

  it('keeps the last entry for a cid (gc1.md §4.2) across parts', async () => {
    const list = await IdbStatusList.open(db, HOME);
    await list.apply(await signed(0, 3, [{ cid: cid('a'), status: 'red' }], { part: 1, parts: 2 }));
    await list.apply(
      await signed(
        0,
        3,
        [
          { cid: cid('a'), status: 'green' },
          { cid: cid('b'), status: 'revoked' },
        ],
        { part: 2, parts: 2 },
      ),
    );
    expect(await list.lookup(cid('a'))).toEqual({ status: 'green' });
    expect(list.size).toBe(2);
  });

  it('refuses a snapshot that is not newer (no rollback)', async () => {
    const list = await IdbStatusList.open(db, HOME);
    await list.apply(await signed(0, 9, rows(10, 'red')));
    const plan = await list.apply(await signed(0, 7, rows(10, 'green')));
    expect(plan.kind).toBe('ignore');
    expect(list.seq).toBe(9);
    expect(await list.lookup(cid('c3'))).toEqual({ status: 'red' });
  });

  it('applies a delta atomically and reports a gap without changing anything', async () => {
    const list = await IdbStatusList.open(db, HOME);
    await list.apply(await signed(0, 10, rows(50, 'yellow')));
    const gap = await list.apply(await signed(11, 12, [{ cid: cid('c1'), status: 'red' }]));
    expect(gap).toEqual({ kind: 'gap', askFrom: 10 });
    expect(list.seq).toBe(10);
    expect(await list.lookup(cid('c1'))).toEqual({ status: 'yellow' });
    const plan = await list.apply(
      await signed(10, 12, [
        { cid: cid('c1'), status: 'revoked' },
        { cid: cid('new'), status: 'red' },
      ]),
    );
    expect(plan.kind).toBe('apply-delta');
    expect(list.seq).toBe(12);
    expect(list.size).toBe(51);
    expect(await list.lookup(cid('c1'))).toEqual({ status: 'revoked' });
    expect(await list.lookup(cid('new'))).toEqual({ status: 'red' });
  });

  it('asks for a snapshot when a delta arrives before any list', async () => {
    const list = await IdbStatusList.open(db, HOME);
    expect(await list.apply(await signed(3, 4, rows(1)))).toEqual({ kind: 'gap', askFrom: 0 });
    expect(list.seq).toBeNull();
  });

  it('leaves the list unchanged when a write inside a delta fails', async () => {
    // A DBCore middleware fails the bucket write the way a full disk would (QuotaExceeded).
    let failBucketWrites = false;
    failPuts(
      'fail-bucket-writes',
      (tableName) => failBucketWrites && tableName.startsWith('status') && tableName !== 'statusHead',
      () => new DOMException('disk full', 'QuotaExceededError'),
    );
    const list = await IdbStatusList.open(db, HOME);
    await list.apply(await signed(0, 10, rows(20, 'green')));
    failBucketWrites = true;
    await expect(list.apply(await signed(10, 11, rows(20, 'red')))).rejects.toThrow(/disk full/);
    failBucketWrites = false;
    await list.reload();
    expect(list.seq).toBe(10);
    for (let i = 0; i < 20; i++) expect(await list.lookup(cid(`c${i}`))).toEqual({ status: 'green' });
    // The same delta applies cleanly once the disk has room.
    await list.apply(await signed(10, 11, rows(20, 'red')));
    expect(await list.lookup(cid('c7'))).toEqual({ status: 'red' });
  });

  it('keeps verified parts across a crash and resumes where it stopped', async () => {
    const parts = await Promise.all([1, 2, 3].map((k) => signed(0, 20, rows(100, 'red', `p${k}-`), { part: k, parts: 3 })));
    const first = await IdbStatusList.open(db, HOME);
    await first.apply(await signed(0, 4, rows(5, 'yellow', 'old')));
    await first.apply(parts[0]!);
    await first.apply(parts[1]!);
    expect(first.progress()).toEqual({ to: 20, have: 2, parts: 3 });
    // The old list stays in use until the snapshot is complete.
    expect(first.seq).toBe(4);
    expect(await first.lookup(cid('p1-3'))).toBeUndefined();
    db.close();

    const reopened = new GatecheckDb(name);
    const second = await IdbStatusList.open(reopened, HOME);
    expect(await second.held()).toEqual({ seq: 4, pending: { to: 20, parts: 3, have: [1, 2] } });
    expect(await second.apply(parts[0]!)).toMatchObject({ kind: 'ignore' });
    const seen: (SnapshotProgress | null)[] = [];
    const third = await IdbStatusList.open(reopened, HOME, { onProgress: (p) => seen.push(p), chunkSize: 4096 });
    await third.apply(parts[2]!);
    expect(third.seq).toBe(20);
    expect(third.size).toBe(300);
    expect(third.progress()).toBeNull();
    expect(await third.lookup(cid('p3-99'))).toEqual({ status: 'red' });
    expect(await third.lookup(cid('old1'))).toBeUndefined();
    expect(seen.some((p) => p?.building !== undefined && p.building > 0 && p.building < 1)).toBe(true);
    expect(seen.at(-1)).toBeNull();
    expect(await reopened.statusParts.count()).toBe(0);
    reopened.close();
    db = new GatecheckDb(name);
  });

  it('finishes a swap that a crash interrupted after the last part was stored', async () => {
    let failBuild = false;
    failPuts(
      'crash-during-build',
      (tableName) => failBuild && tableName === 'statusB',
      () => new Error('tab closed'),
    );
    const list = await IdbStatusList.open(db, HOME);
    await list.apply(await signed(0, 1, rows(10, 'green')));
    failBuild = true;
    await expect(list.apply(await signed(0, 2, rows(10, 'revoked')))).rejects.toThrow(/tab closed/);
    expect(list.seq).toBe(1);
    expect(await list.lookup(cid('c2'))).toEqual({ status: 'green' });
    failBuild = false;
    db.close();
    const reopened = new GatecheckDb(name);
    const again = await IdbStatusList.open(reopened, HOME);
    expect(await again.resume()).toBe(true);
    expect(again.seq).toBe(2);
    expect(await again.lookup(cid('c2'))).toEqual({ status: 'revoked' });
    expect(await again.resume()).toBe(false);
    reopened.close();
    db = new GatecheckDb(name);
  });

  it('agrees with core MemoryStatusList over a random sequence of documents', async () => {
    const list = await IdbStatusList.open(db, HOME, { chunkSize: 9000 });
    const reference = new MemoryStatusList();
    // mulberry32: a small deterministic PRNG, so a failure replays exactly.
    let seed = 7;
    const rand = (k: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % k;
    };
    const kinds = new Set<string>();
    const statuses: ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];
    const randomRows = (count: number) =>
      Array.from({ length: count }, () => ({
        cid: cid(rand(60)),
        status: statuses[rand(4)]!,
        ...(rand(3) === 0 ? { until: 1_800_000_000 + rand(100) } : {}),
      }));
    const docs: StatusDocument[] = [await signed(0, 1, randomRows(40))];
    let seq = 1;
    for (let i = 0; i < 30; i++) {
      if (rand(4) === 0) {
        const to = seq + 1 + rand(3);
        const parts = 1 + rand(3);
        for (let k = 1; k <= parts; k++) docs.push(await signed(0, to, randomRows(15), parts > 1 ? { part: k, parts } : {}));
        seq = to;
      } else {
        docs.push(await signed(seq, seq + 1, randomRows(1 + rand(10))));
        seq++;
      }
    }
    for (const doc of docs) {
      const kind = (await list.apply(doc)).kind;
      kinds.add(kind);
      expect(kind).toBe(reference.apply(doc).kind);
      expect(list.seq).toBe(reference.seq);
    }
    expect([...kinds].sort()).toEqual(['apply-delta', 'replace', 'store-part']);
    expect(list.size).toBe(reference.size);
    for (let i = 0; i < 60; i++) expect(await list.lookup(cid(i))).toEqual(reference.lookup(cid(i)));
  });

  it('answers from memory what the log and the buckets say, and a reopened list agrees while its buckets load', async () => {
    // A tiny log limit, so deltas are folded into the buckets many times along the way.
    const list = await IdbStatusList.open(db, HOME, { logLimit: 8 });
    const reference = new MemoryStatusList();
    const apply = async (doc: StatusDocument) => {
      expect((await list.apply(doc)).kind).toBe(reference.apply(doc).kind);
    };
    await apply(await signed(0, 1, rows(50, 'green')));
    for (let seq = 1; seq < 12; seq++) {
      await apply(await signed(seq, seq + 1, [{ cid: cid(`c${seq * 3}`), status: 'red' }, ...rows(2, 'yellow', `new${seq}-`)]));
    }
    await list.compact();
    await apply(await signed(12, 13, rows(3, 'revoked')));
    expect(await db.statusLog.count()).toBe(1);
    const ids = [...Array.from({ length: 50 }, (_, i) => `c${i}`), ...Array.from({ length: 12 }, (_, i) => `new${i}-1`), 'absent'];
    for (const id of ids) expect(await list.lookup(cid(id))).toEqual(reference.lookup(cid(id)));
    expect(list.size).toBe(reference.size);
    // Another tab, or the app started again: its first lookups read the buckets from IndexedDB.
    const reopened = await IdbStatusList.open(db, HOME);
    for (const id of ids) expect(await reopened.lookup(cid(id))).toEqual(reference.lookup(cid(id)));
    await reopened.loaded();
    for (const id of ids) expect(await reopened.lookup(cid(id))).toEqual(reference.lookup(cid(id)));
  });

  it('keeps the list right when folding the log stops halfway (the app killed mid-write)', async () => {
    let bucketPuts = 0;
    let failFrom = Number.POSITIVE_INFINITY;
    failPuts(
      'fail-second-bucket-write',
      (tableName) => tableName.startsWith('statusA') && ++bucketPuts >= failFrom,
      () => new DOMException('killed', 'AbortError'),
    );
    const list = await IdbStatusList.open(db, HOME, { logLimit: 1_000_000 });
    await list.apply(await signed(0, 1, rows(1000, 'green')));
    // 600 changed cids touch ~600 buckets: three write transactions when folded.
    await list.apply(await signed(1, 2, rows(600, 'red')));
    await list.apply(await signed(2, 3, rows(600, 'yellow', 'x')));
    failFrom = bucketPuts + 2;
    await expect(list.compact()).rejects.toThrow(/killed/);
    failFrom = Number.POSITIVE_INFINITY;
    const check = async (l: IdbStatusList) => {
      expect(l.seq).toBe(3);
      expect(l.size).toBe(1600);
      for (const i of [0, 1, 299, 599]) expect(await l.lookup(cid(`c${i}`))).toEqual({ status: 'red' });
      for (const i of [600, 999]) expect(await l.lookup(cid(`c${i}`))).toEqual({ status: 'green' });
      for (const i of [0, 599]) expect(await l.lookup(cid(`x${i}`))).toEqual({ status: 'yellow' });
    };
    const restarted = await IdbStatusList.open(db, HOME);
    await check(restarted);
    await restarted.loaded();
    await check(restarted);
    expect(await restarted.compact()).toBe(true);
    expect(await db.statusLog.count()).toBe(0);
    await check(await IdbStatusList.open(db, HOME));
  });
});
