/**
 * The status list in IndexedDB (gc1.md §4.2), driven by core's planStatusUpdate:
 * - snapshot parts are kept, packed, as soon as each one verified, so a download resumes;
 * - a new list is built in the idle bucket slot and swapped in by rewriting the head record
 *   in one transaction once every part is held; the old slot is cleared afterwards. Lookups
 *   read the head and the live slot in one transaction, so they never see a half-built list
 *   and never wait behind the build (it writes the other table);
 * - a delta is one transaction over the head and the live slot: all of it or none of it.
 * It implements core's StatusView, so verify() reads it directly.
 *
 * One such list per authority (gc1.md §6), all in the same tables: each chain has its own head
 * record (`chain:<authority>`) and a number `n` that keys its snapshot parts ([n, to, part]) and
 * offsets its buckets (n * 65,536 + bucket), so a build, a swap or a clear of one chain touches
 * no other chain's records. IdbStatusChains (status-chains.ts) opens and creates them.
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
import {
  BUCKET_COUNT,
  bucketOf,
  bucketRecords,
  findInBucket,
  groupByBucket,
  mergeIntoBucket,
  packEntries,
  sortIntoBuckets,
} from './status-pack.ts';
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
}

export const STATUS_LOCK = 'gatecheck-status-writer';
const PARTS_PER_READ = 20;

/** Where one authority's chain lives in the shared tables. */
export interface ChainPlace {
  authority: string;
  /** The chain's number: its parts are keyed [n, to, part], its buckets n * 65,536 + bucket. */
  n: number;
}

/** The head record's key for an authority's chain. */
export const headIdOf = (authority: string) => `chain:${authority}`;

/** An IndexedDB-backed status list of one authority; open it with `IdbStatusList.open(db, place)`. */
export class IdbStatusList implements StatusView {
  private head: StatusHeadRecord;
  private have = 0;
  private building: number | undefined;
  private readonly chunkSize: number;
  private readonly headId: string;
  private readonly base: number;
  private readonly emptyHead: StatusHeadRecord;
  private readonly lock: string;

  private constructor(
    private readonly db: GatecheckDb,
    readonly place: ChainPlace,
    private readonly options: StatusListOptions,
  ) {
    this.chunkSize = options.chunkSize ?? 512;
    this.headId = headIdOf(place.authority);
    this.base = place.n * BUCKET_COUNT;
    this.lock = `${STATUS_LOCK}:${place.authority}`;
    this.emptyHead = {
      id: this.headId,
      n: place.n,
      authority: place.authority,
      slot: null,
      seq: null,
      issuedAt: null,
      checkedAt: null,
      size: 0,
      pending: null,
    };
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
    const slot = this.head.slot;
    if (!slot) return undefined;
    const found = await this.readBucket(slot, bucketOf(bytes));
    // Another tab swapped lists since we last read the head: follow it.
    if (found.slot !== slot) {
      await this.reload();
      if (!found.slot) return undefined;
      const again = await this.readBucket(found.slot, bucketOf(bytes));
      return again.bucket && findInBucket(again.bucket, bytes);
    }
    return found.bucket && findInBucket(found.bucket, bytes);
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
          await this.applyDelta(plan.from, plan.to, plan.issuedAt, packEntries(plan.entries));
          break;
        case 'ignore':
        case 'gap':
          break;
      }
      await this.reload();
      this.options.onProgress?.(this.progress());
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
    const swapped = await db.transaction('rw', db.statusHead, db.statusParts, async () => {
      const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
      if (head.slot !== start.slot || (head.seq !== null && head.seq >= to)) return false;
      const keepPending = head.pending !== null && head.pending.to > to;
      if (!keepPending) await this.clearParts();
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

  private async applyDelta(from: number, to: number, issuedAt: number, packed: Uint8Array): Promise<void> {
    const db = this.db;
    const slot = (await db.statusHead.get(this.headId))?.slot;
    if (!slot) return;
    const groups = groupByBucket(packed);
    const buckets = [...groups.keys()];
    const keys = buckets.map((k) => this.base + k);
    await db.transaction('rw', db.statusHead, db.statusParts, db[slot], async () => {
      const head = (await db.statusHead.get(this.headId)) ?? this.emptyHead;
      // Re-checked inside the transaction: only a list still at `from` takes this delta.
      if (head.slot !== slot || head.seq !== from) throw new Error(`status list moved to ${head.seq} while applying delta ${from}->${to}`);
      const current = await db[slot].bulkGet(keys);
      let added = 0;
      const updated = buckets.map((k, i) => {
        const merged = mergeIntoBucket(current[i]?.d, groups.get(k)!);
        added += merged.added;
        return { k: this.base + k, d: merged.bucket };
      });
      await db[slot].bulkPut(updated);
      const pendingObsolete = head.pending !== null && head.pending.to <= to;
      if (pendingObsolete) await this.clearParts();
      await db.statusHead.put({ ...head, seq: to, issuedAt, size: head.size + added, pending: pendingObsolete ? null : head.pending });
    });
  }

  /** Deletes this chain's buckets from a slot table (other chains' key ranges are untouched). */
  private async clearSlot(slot: StatusSlot): Promise<void> {
    await this.db[slot]
      .where('k')
      .between(this.base, this.base + BUCKET_COUNT)
      .delete();
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
