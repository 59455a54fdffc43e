/**
 * The status list in IndexedDB (gc1.md §4.2), driven by core's planStatusUpdate:
 * - snapshot parts are kept, packed, as soon as each one verified, so a download resumes;
 * - a new list is built in the idle bucket slot and swapped in by rewriting the head record
 *   in one transaction once every part is held; the old slot is cleared afterwards. Lookups
 *   read the head and the live slot in one transaction, so they never see a half-built list
 *   and never wait behind the build (it writes the other table);
 * - a delta is one small transaction: its packed entries as one log record and the head moved to
 *   its `to`, all or nothing; the log is folded into the live slot's buckets later (`compact`,
 *   in chunks that yield), and a crash mid-fold only rewrites buckets with the values the log
 *   still holds, so replaying it gives the same list;
 * - lookups are answered from memory (status-memory.ts: the slot's buckets in one array plus
 *   the log), loaded once per head in the background; until the buckets have loaded, a lookup
 *   reads its bucket from IndexedDB and the log from memory.
 * It implements core's StatusView, so verify() reads it directly.
 *
 * One such list per authority (gc1.md §6), all in the same tables: each chain has its own head
 * record (`chain:<authority>`) and a number `n` that keys its snapshot parts ([n, to, part]) and
 * offsets its buckets (n * 65,536 + bucket) and keys its log records ([n, to]), so a build, a swap
 * or a clear of one chain touches no other chain's records. IdbStatusChains (status-chains.ts) opens and creates them.
 */
import {
  b64uDecodeLength,
  planStatusUpdate,
  type StatusDocument,
  type StatusEntry,
  type StatusHeld,
  type StatusPlan,
  type StatusView,
} from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import type { StatusBucketRecord, StatusHeadRecord, StatusSlot } from './records.ts';
import { BUCKET_COUNT, bucketOf, bucketRecords, findInBucket, packEntries, sortIntoBuckets } from './status-pack.ts';
import { addToLog, BaseBuilder, countNew, findInBase, findInLog, mergeLog, type BucketBase, type StatusLog } from './status-memory.ts';
import { withWriterLock, yieldToEventLoop } from './writer-lock.ts';

/** Progress of a snapshot download and swap, for the scan screen. */
export interface SnapshotProgress {
  to: number;
  /** Parts verified and held. */
  have: number;
  parts: number;
  /** Share of the new list written to IndexedDB once all parts are held (0..1). */
  building?: number;
}

export interface StatusListOptions {
  /** Buckets (of 65,536) per write transaction while building a new list. */
  chunkSize?: number;
  /** Called when parts arrive and while a new list is built. */
  onProgress?: (progress: SnapshotProgress | null) => void;
  /**
   * Log entries (cids changed by deltas) held before they are folded into the buckets: the fold
   * rewrites every bucket they touch, so it is worth doing in one go, but the log is kept in
   * memory and replayed at every start.
   */
  logLimit?: number;
}

/** A chain's list in memory (status-memory.ts), valid for one head (slot and seq). */
interface ChainMemory {
  slot: StatusSlot;
  seq: number;
  /** The seq the slot's buckets are at: the `from` of the oldest log record. */
  baseSeq: number;
  log: StatusLog;
  /** Null until the slot's buckets have loaded. */
  base: BucketBase | null;
  baseLoading: Promise<void> | null;
}

export const STATUS_LOCK = 'gatecheck-status-writer';
const PARTS_PER_READ = 20;
/** Buckets per IndexedDB read while loading a chain into memory (~30,000 entries at a million). */
const BUCKETS_PER_READ = 2048;
/** Buckets per write transaction while folding the log into the live slot. */
const BUCKETS_PER_WRITE = 256;
const DEFAULT_LOG_LIMIT = 50_000;

/** Where one authority's chain lives in the shared tables. */
export interface ChainPlace {
  authority: string;
  /** The chain's number: its parts are keyed [n, to, part], its buckets n * 65,536 + bucket. */
  n: number;
}

/** The head record's key for an authority's chain. */
export const headIdOf = (authority: string) => `chain:${authority}`;

/** The head record of chain `n` before its first snapshot (no slot, no position). */
export const emptyHeadOf = (authority: string, n: number): StatusHeadRecord => ({
  id: headIdOf(authority),
  authority,
  n,
  slot: null,
  seq: null,
  issuedAt: null,
  checkedAt: null,
  size: 0,
  pending: null,
});

/** An IndexedDB-backed status list of one authority; open it with `IdbStatusList.open(db, place)`. */
export class IdbStatusList implements StatusView {
  private head: StatusHeadRecord;
  private have = 0;
  private building: number | undefined;
  private readonly chunkSize: number;
  private readonly logLimit: number;
  private readonly headId: string;
  private readonly base: number;
  private readonly emptyHead: StatusHeadRecord;
  private readonly lock: string;
  private memory: ChainMemory | null = null;
  private memoryLoading: Promise<ChainMemory | null> | null = null;

  private constructor(
    private readonly db: GatecheckDb,
    readonly place: ChainPlace,
    private readonly options: StatusListOptions,
  ) {
    this.chunkSize = options.chunkSize ?? 512;
    this.logLimit = options.logLimit ?? DEFAULT_LOG_LIMIT;
    this.headId = headIdOf(place.authority);
    this.base = place.n * BUCKET_COUNT;
    this.lock = `${STATUS_LOCK}:${place.authority}`;
    this.emptyHead = emptyHeadOf(place.authority, place.n);
    this.head = this.emptyHead;
  }

  /** Reads the held head; call `resume()` afterwards to finish a swap a crash interrupted. */
  static async open(db: GatecheckDb, place: ChainPlace, options: StatusListOptions = {}): Promise<IdbStatusList> {
    const list = new IdbStatusList(db, place, options);
    await list.reload();
    return list;
  }

  get authority(): string {
    return this.place.authority;
  }

  get seq(): number | null {
    return this.head.seq;
  }
  get issuedAt(): number | null {
    return this.head.issuedAt;
  }
  get checkedAt(): number | null {
    return this.head.checkedAt;
  }
  /** Distinct cids in the live list. */
  get size(): number {
    return this.head.size;
  }

  /** The snapshot being collected, if any. */
  progress(): SnapshotProgress | null {
    const pending = this.head.pending;
    if (!pending) return null;
    const progress: SnapshotProgress = { to: pending.to, have: this.have, parts: pending.parts };
    if (this.building !== undefined) progress.building = this.building;
    return progress;
  }

  /** Re-reads the head (after another tab wrote, or at start). */
  async reload(): Promise<void> {
    const { head, held } = await this.readHeld();
    this.head = head;
    this.have = held.pending?.have.length ?? 0;
  }

  /** What is held, for planning and for choosing which parts to download. */
  async held(): Promise<StatusHeld> {
    return (await this.readHeld()).held;
  }

  /** Looks a cid up in the live list; undefined when not listed (or not a valid cid). */
  async lookup(cid: string): Promise<StatusEntry | undefined> {
    const bytes = b64uDecodeLength(cid, 16);
    if (!bytes) return undefined;
    const found = await this.lookupIn(cid, bytes);
    if (found !== 'moved') return found;
    // Another tab swapped lists since we last read the head: follow it.
    await this.reload();
    const again = await this.lookupIn(cid, bytes);
    return again === 'moved' ? undefined : again;
  }

  private async lookupIn(cid: string, bytes: Uint8Array): Promise<StatusEntry | undefined | 'moved'> {
    if (!this.head.slot) return undefined;
    const memory = await this.currentMemory();
    if (!memory) return undefined;
    const logged = findInLog(memory.log, cid);
    if (logged) return logged;
    if (memory.base) return findInBase(memory.base, bytes);
    // The buckets are still loading: read this one from the slot (the log is in memory).
    const found = await this.readBucket(memory.slot, bucketOf(bytes));
    if (found.slot !== memory.slot) return 'moved';
    return found.bucket && findInBucket(found.bucket, bytes);
  }

  /** Resolves once the live list is in memory (lookups no longer read IndexedDB). */
  async loaded(): Promise<void> {
    await this.loadedMemory();
  }

  /**
   * Folds the log of deltas into the live slot's buckets (in chunks that yield), then drops the
   * log records. Runs by itself once the log holds `logLimit` cids; true when it folded anything.
   */
  compact(): Promise<boolean> {
    return withWriterLock(this.lock, async () => {
      const memory = await this.loadedMemory();
      if (!memory?.base || memory.log.size === 0) return false;
      const { base, changed } = await mergeLog(memory.base, memory.log, yieldToEventLoop);
      const table = this.db[memory.slot];
      for (let i = 0; i < changed.length; i += BUCKETS_PER_WRITE) {
        await table.bulkPut(changed.slice(i, i + BUCKETS_PER_WRITE).map((c) => ({ k: this.base + c.bucket, d: c.bytes })));
        await yieldToEventLoop();
      }
      const n = this.place.n;
      await this.db.transaction('rw', this.db.statusHead, this.db.statusLog, async () => {
        const head = (await this.db.statusHead.get(this.headId)) ?? this.emptyHead;
        if (head.slot !== memory.slot || head.seq !== memory.seq) throw new Error(`status list moved to ${head.seq} while folding its log`);
        await this.db.statusLog.where('[n+to]').between([n, 0], [n, memory.seq], true, true).delete();
      });
      if (this.memory === memory) {
        memory.base = base;
        memory.log = new Map();
        memory.baseSeq = memory.seq;
      }
      return true;
    });
  }

  /**
   * Applies one verified status document (from core's openStatusList) and returns what
   * core's planner decided. Resolves once the change is durable.
   */
  apply(doc: StatusDocument): Promise<StatusPlan> {
    return withWriterLock(this.lock, async () => {
      const { head, held } = await this.readHeld();
      const plan = planStatusUpdate(held, doc);
      switch (plan.kind) {
        case 'replace': {
          const packed = packEntries(plan.entries);
          // Keep it as a one-part snapshot first, so a crash mid-build resumes without a
          // download, unless a newer multi-part snapshot is being collected.
          if (!head.pending || head.pending.to <= plan.to) {
            await this.storePart(plan.to, 1, 1, plan.issuedAt, packed, true);
          }
          await this.build(plan.to, plan.issuedAt, [packed]);
          break;
        }
        case 'store-part':
          await this.storePart(plan.to, plan.part, plan.parts, plan.issuedAt, packEntries(plan.entries), plan.dropPending);
          if (plan.completes) await this.buildFromParts();
          break;
        case 'apply-delta':
          await this.applyDelta(
            plan.from,
            plan.to,
            plan.issuedAt,
            packEntries(plan.entries),
            plan.entries.map((e) => e.cid),
          );
          break;
        case 'ignore':
        case 'gap':
          break;
      }
      await this.reload();
      this.options.onProgress?.(this.progress());
      return plan;
    }).then((plan) => {
      // Folding is housekeeping: a failure leaves the log (and the list) as it is, and the next
      // delta tries again, so it is not this document's failure.
      if ((this.memory?.log.size ?? 0) >= this.logLimit) void this.compact().catch(() => undefined);
      return plan;
    });
  }

  /** Finishes a swap that a crash or a closed tab interrupted (all parts held, not swapped). */
  resume(): Promise<boolean> {
    return withWriterLock(this.lock, async () => {
      const { held } = await this.readHeld();
      if (!held.pending || held.pending.have.length < held.pending.parts) return false;
      await this.buildFromParts();
      await this.reload();
      return true;
    });
  }

  /** Records that the server confirmed this list as current (Unix seconds). */
  async markChecked(at: number): Promise<void> {
    await withWriterLock(this.lock, () =>
      this.db.transaction('rw', this.db.statusHead, async () => {
        const head = (await this.db.statusHead.get(this.headId)) ?? this.emptyHead;
        if (head.seq === null) return;
        await this.db.statusHead.put({ ...head, checkedAt: Math.max(at, head.checkedAt ?? 0) });
      }),
    );
    await this.reload();
  }

  private async readHeld(): Promise<{ head: StatusHeadRecord; held: StatusHeld }> {
    return this.db.transaction('r', this.db.statusHead, this.db.statusParts, async () => {
      const head = (await this.db.statusHead.get(this.headId)) ?? this.emptyHead;
      let have: number[] = [];
      if (head.pending) {
        const keys = await this.db.statusParts
          .where('[n+to+part]')
          .between([this.place.n, head.pending.to, 0], [this.place.n, head.pending.to, Number.POSITIVE_INFINITY])
          .primaryKeys();
        have = keys.map((k) => k[2]);
      }
      return { head, held: { seq: head.seq, pending: head.pending && { to: head.pending.to, parts: head.pending.parts, have } } };
    });
  }

  /**
   * Reads the head and one bucket in one read-only transaction. Plain IndexedDB rather than
   * Dexie here: this is the scan path, and Dexie's transaction bookkeeping doubled its time
   * (bench `status`: p50 0.4 ms through Dexie).
   */
  private async readBucket(slot: StatusSlot, key: number): Promise<{ slot: StatusSlot | null; bucket: Uint8Array | undefined }> {
    if (!this.db.isOpen()) await this.db.open();
    const idb = this.db.backendDB();
    return new Promise((resolve, reject) => {
      const tx = idb.transaction(['statusHead', slot], 'readonly');
      const headRequest = tx.objectStore('statusHead').get(this.headId);
      const bucketRequest = tx.objectStore(slot).get(this.base + key);
      // Requests in one transaction complete in order, so the head is known by now.
      bucketRequest.onsuccess = () => {
        const head = headRequest.result as StatusHeadRecord | undefined;
        if (head?.slot !== slot) resolve({ slot: head?.slot ?? null, bucket: undefined });
        else resolve({ slot, bucket: (bucketRequest.result as StatusBucketRecord | undefined)?.d });
      };
      tx.onerror = () => reject(tx.error ?? new Error('status lookup failed'));
      tx.onabort = () => reject(tx.error ?? new Error('status lookup aborted'));
    });
  }

  private async storePart(
    to: number,
    part: number,
    parts: number,
    issuedAt: number,
    entries: Uint8Array,
    dropPending: boolean,
  ): Promise<void> {
    const db = this.db;
    await db.transaction('rw', db.statusHead, db.statusParts, async () => {
      const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
      const same = head.pending?.to === to && head.pending.parts === parts && !dropPending;
      if (!same) await this.clearParts();
      await db.statusParts.put({ n: this.place.n, to, part, parts, issuedAt, entries });
      const pending = { to, parts, issuedAt: same ? Math.max(head.pending!.issuedAt, issuedAt) : issuedAt };
      await db.statusHead.put({ ...head, pending });
    });
    await this.reload();
    this.options.onProgress?.(this.progress());
  }

  private async buildFromParts(): Promise<void> {
    const db = this.db;
    const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
    const pending = head.pending;
    if (!pending) return;
    const n = this.place.n;
    const keys = await db.statusParts
      .where('[n+to+part]')
      .between([n, pending.to, 0], [n, pending.to, Number.POSITIVE_INFINITY])
      .primaryKeys();
    if (keys.length !== pending.parts) return;
    keys.sort((a, b) => a[2] - b[2]);
    // Read in groups: one read of every part would deserialise tens of MB in one go.
    const parts: Uint8Array[] = [];
    for (let i = 0; i < keys.length; i += PARTS_PER_READ) {
      const records = await db.statusParts.bulkGet(keys.slice(i, i + PARTS_PER_READ));
      for (const record of records) {
        if (!record) return; // dropped meanwhile: a newer snapshot took over
        parts.push(record.entries);
      }
      await yieldToEventLoop();
    }
    await this.build(pending.to, pending.issuedAt, parts);
  }

  /** Writes the list into the idle slot in chunks, then swaps it in with one head write. */
  private async build(to: number, issuedAt: number, parts: Uint8Array[]): Promise<void> {
    const db = this.db;
    const start = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
    const target: StatusSlot = start.slot === 'statusA' ? 'statusB' : 'statusA';
    // The idle slot may hold a build that a crash interrupted.
    await this.clearSlot(target);
    this.reportBuilding(0);
    const sorted = await sortIntoBuckets(parts, yieldToEventLoop);
    let size = 0;
    // One bucket range per write transaction, with a turn for the UI in between.
    for (let from = 0; from < BUCKET_COUNT; from += this.chunkSize) {
      const chunk = bucketRecords(sorted, from, from + this.chunkSize);
      if (chunk.records.length > 0) await db[target].bulkPut(chunk.records.map((r) => ({ k: this.base + r.k, d: r.d })));
      size += chunk.size;
      this.reportBuilding(Math.min(1, (from + this.chunkSize) / BUCKET_COUNT));
      await yieldToEventLoop();
    }
    const swapped = await db.transaction('rw', db.statusHead, db.statusParts, db.statusLog, async () => {
      const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
      if (head.slot !== start.slot || (head.seq !== null && head.seq >= to)) return false;
      const keepPending = head.pending !== null && head.pending.to > to;
      if (!keepPending) await this.clearParts();
      // The log held the old list's deltas; the new list starts without one.
      await this.clearLog();
      await db.statusHead.put({
        ...this.emptyHead,
        slot: target,
        seq: to,
        issuedAt,
        checkedAt: null,
        size,
        pending: keepPending ? head.pending : null,
      });
      return true;
    });
    this.building = undefined;
    // Lookups that read the old slot did so in transactions created before this clear. A
    // build that lost the race (another tab swapped first) is discarded instead.
    const live = (await db.statusHead.get(this.headId))?.slot ?? null;
    const stale = swapped ? start.slot : target;
    if (stale && stale !== live) await this.clearSlot(stale);
  }

  /**
   * Stores a delta as one log record and moves the head to its `to` in the same transaction, so
   * the chain position advances exactly when the entries are durable. The list's size needs to
   * know which cids are new, so the list is in memory first.
   */
  private async applyDelta(from: number, to: number, issuedAt: number, packed: Uint8Array, cids: readonly string[]): Promise<void> {
    const db = this.db;
    const memory = await this.loadedMemory();
    if (!memory?.base) return;
    const added = await countNew(memory.base, memory.log, packed, cids, yieldToEventLoop);
    await db.transaction('rw', db.statusHead, db.statusParts, db.statusLog, async () => {
      const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
      // Re-checked inside the transaction: only a list still at `from` takes this delta.
      if (head.slot !== memory.slot || head.seq !== from)
        throw new Error(`status list moved to ${head.seq} while applying delta ${from}->${to}`);
      await db.statusLog.put({ n: this.place.n, from, to, issuedAt, entries: packed });
      const pendingObsolete = head.pending !== null && head.pending.to <= to;
      if (pendingObsolete) await this.clearParts();
      await db.statusHead.put({ ...head, seq: to, issuedAt, size: head.size + added, pending: pendingObsolete ? null : head.pending });
    });
    // Durable now; lookups meanwhile may already see some of these entries (all of them committed).
    if (this.memory === memory) {
      await addToLog(memory.log, packed, cids, yieldToEventLoop);
      if (this.memory === memory) memory.seq = to;
    }
  }

  /** The list in memory for the head held, loading it (the log now, the buckets in the background) when it is not. */
  private currentMemory(): Promise<ChainMemory | null> | ChainMemory | null {
    const memory = this.memory;
    if (memory && memory.slot === this.head.slot && memory.seq === this.head.seq) return memory;
    if (!this.memoryLoading) {
      this.memoryLoading = this.loadMemory().finally(() => {
        this.memoryLoading = null;
      });
    }
    return this.memoryLoading;
  }

  /** The list in memory with its buckets loaded (null when no list is held). */
  private async loadedMemory(): Promise<ChainMemory | null> {
    for (;;) {
      await this.reload();
      const memory = await this.currentMemory();
      if (!memory) return null;
      await memory.baseLoading;
      if (memory.base && this.memory === memory) return memory;
    }
  }

  /**
   * Reads the head and the chain's log records in one transaction and makes the log map. The
   * buckets loaded before are kept when the slot and the log's starting point are unchanged
   * (another tab only added deltas); otherwise they load again, in the background.
   */
  private async loadMemory(): Promise<ChainMemory | null> {
    const n = this.place.n;
    const { head, records } = await this.db.transaction('r', this.db.statusHead, this.db.statusLog, async () => ({
      head: (await this.db.statusHead.get(this.headId)) ?? this.emptyHead,
      records: await this.db.statusLog.where('[n+to]').between([n, 0], [n, Number.POSITIVE_INFINITY]).toArray(),
    }));
    this.head = head;
    if (!head.slot || head.seq === null) {
      this.memory = null;
      return null;
    }
    const log: StatusLog = new Map();
    for (const record of records) await addToLog(log, record.entries);
    const baseSeq = records[0]?.from ?? head.seq;
    const previous = this.memory;
    const keep = previous?.base && previous.slot === head.slot && previous.baseSeq === baseSeq ? previous.base : null;
    const memory: ChainMemory = { slot: head.slot, seq: head.seq, baseSeq, log, base: keep, baseLoading: null };
    this.memory = memory;
    if (!keep) {
      // Nobody awaits this load (lookups read the slot meanwhile), so it may not reject: when it
      // fails (the database closed under it, another tab's upgrade), the memory is dropped and
      // the next use loads it again, or fails there, where its caller hears of it.
      memory.baseLoading = this.loadBase(memory, head.size).catch(() => {
        memory.baseLoading = null;
        if (this.memory === memory) this.memory = null;
      });
    }
    return memory;
  }

  /** Copies the slot's buckets into memory, a range per read with a turn for the UI between. */
  private async loadBase(memory: ChainMemory, size: number): Promise<void> {
    const builder = new BaseBuilder(size);
    for (let from = 0; from < BUCKET_COUNT; from += BUCKETS_PER_READ) {
      const records = await this.readBuckets(memory.slot, from, from + BUCKETS_PER_READ);
      // Another list was swapped in, or the memory was replaced: this load is of no use.
      if (!records || this.memory !== memory) return;
      for (const record of records) builder.add(record.k - this.base, record.d);
      await yieldToEventLoop();
    }
    memory.base = builder.finish();
    memory.baseLoading = null;
  }

  /** Buckets [from, to) of this chain in a slot, in key order; null when the slot is no longer live. */
  private async readBuckets(slot: StatusSlot, from: number, to: number): Promise<StatusBucketRecord[] | null> {
    if (!this.db.isOpen()) await this.db.open();
    const idb = this.db.backendDB();
    return new Promise((resolve, reject) => {
      const tx = idb.transaction(['statusHead', slot], 'readonly');
      const headRequest = tx.objectStore('statusHead').get(this.headId);
      const request = tx.objectStore(slot).getAll(IDBKeyRange.bound(this.base + from, this.base + to, false, true));
      request.onsuccess = () => {
        const head = headRequest.result as StatusHeadRecord | undefined;
        resolve(head?.slot === slot ? (request.result as StatusBucketRecord[]) : null);
      };
      tx.onerror = () => reject(tx.error ?? new Error('status load failed'));
      tx.onabort = () => reject(tx.error ?? new Error('status load aborted'));
    });
  }

  /** Deletes this chain's buckets from a slot table (other chains' key ranges are untouched). */
  private async clearSlot(slot: StatusSlot): Promise<void> {
    await this.db[slot]
      .where('k')
      .between(this.base, this.base + BUCKET_COUNT)
      .delete();
  }

  /** Deletes this chain's log records. */
  private async clearLog(): Promise<void> {
    const n = this.place.n;
    await this.db.statusLog.where('[n+to]').between([n, 0], [n, Number.POSITIVE_INFINITY]).delete();
  }

  /** Deletes this chain's snapshot parts. */
  private async clearParts(): Promise<void> {
    const n = this.place.n;
    await this.db.statusParts.where('[n+to+part]').between([n, 0, 0], [n, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]).delete();
  }

  private reportBuilding(share: number): void {
    this.building = share;
    this.options.onProgress?.(this.progress());
  }
}
