/**
 * One chain's status list held in memory, so a scan never waits on IndexedDB (issue 15: lookups
 * p95 <= 1 ms with 5 chains of a million entries; reading a bucket record took 0.6-4 ms).
 *
 * Two parts, mirroring what IndexedDB holds for the chain (status-list.ts):
 * - the **base**: the live slot's buckets copied into one array of bucket rows sorted by bucket
 *   (BUCKET_ENTRY_BYTES each, `offsets[b]..offsets[b+1]` for bucket b: 19 bytes an entry and
 *   256 KB of offsets, no object per entry or per bucket);
 * - the **log**: the deltas applied since the slot's buckets were last written, cid -> entry,
 *   last one wins. A delta is stored as one log record next to the head (one small write, not
 *   ~9,000 bucket rewrites), and folded into the buckets later (`mergeLog`, in yielding chunks).
 * A lookup asks the log, then the base; until the base has loaded, the caller reads the bucket
 * from IndexedDB instead (its buckets are exactly the base).
 */
import { b64uEncode, type StatusEntry } from '../../core/index.ts';
import { BUCKET_COUNT, BUCKET_ENTRY_BYTES, ENTRY_BYTES, bucketOf, findInBucket, mergeIntoBucket, readPackedEntry } from './status-pack.ts';

/** A chain's buckets in one array: bucket b's rows are rows[offsets[b]..offsets[b+1]) (in rows). */
export interface BucketBase {
  offsets: Uint32Array;
  rows: Uint8Array;
}

/** The entry of a 16-byte cid in a base, or undefined. */
export function findInBase(base: BucketBase, cid: Uint8Array): StatusEntry | undefined {
  const b = bucketOf(cid);
  const start = base.offsets[b]!;
  const end = base.offsets[b + 1]!;
  if (start === end) return undefined;
  return findInBucket(base.rows.subarray(start * BUCKET_ENTRY_BYTES, end * BUCKET_ENTRY_BYTES), cid);
}

/**
 * Collects bucket records, in ascending bucket order, into a base. `expected` (the chain's size)
 * sizes the array once; it grows if the records hold more.
 */
export class BaseBuilder {
  private readonly offsets = new Uint32Array(BUCKET_COUNT + 1);
  private rows: Uint8Array;
  private count = 0;
  private next = 0;

  constructor(expected: number) {
    this.rows = new Uint8Array(Math.max(1, expected) * BUCKET_ENTRY_BYTES);
  }

  /** Adds one bucket's bytes; buckets must come in ascending order. */
  add(bucket: number, bytes: Uint8Array): void {
    while (this.next <= bucket) this.offsets[this.next++] = this.count;
    const need = (this.count * BUCKET_ENTRY_BYTES + bytes.length) | 0;
    if (need > this.rows.length) {
      const grown = new Uint8Array(Math.max(need, this.rows.length * 1.5));
      grown.set(this.rows.subarray(0, this.count * BUCKET_ENTRY_BYTES));
      this.rows = grown;
    }
    this.rows.set(bytes, this.count * BUCKET_ENTRY_BYTES);
    this.count += bytes.length / BUCKET_ENTRY_BYTES;
  }

  finish(): BucketBase {
    while (this.next <= BUCKET_COUNT) this.offsets[this.next++] = this.count;
    const used = this.count * BUCKET_ENTRY_BYTES;
    return { offsets: this.offsets, rows: used === this.rows.length ? this.rows : this.rows.slice(0, used) };
  }
}

/** Log entries: cid (base64url) -> packed entry (ENTRY_BYTES, status-pack.ts). */
export type StatusLog = Map<string, Uint8Array>;

/**
 * Adds packed entries to a log, in order (a later entry replaces an earlier one). `cids`: their
 * base64url cids when the caller has them (a verified document does), else they are encoded here.
 * `pause` is awaited every PAUSE_EVERY entries (a 10,000-entry delta is ~20 ms of work).
 */
export async function addToLog(log: StatusLog, packed: Uint8Array, cids?: readonly string[], pause?: () => Promise<void>): Promise<void> {
  for (let i = 0, at = 0; at < packed.length; i++, at += ENTRY_BYTES) {
    const entry = packed.subarray(at, at + ENTRY_BYTES);
    log.set(cids?.[i] ?? b64uEncode(entry.subarray(0, 16)), entry);
    if (pause && i % PAUSE_EVERY === PAUSE_EVERY - 1) await pause();
  }
}

const PAUSE_EVERY = 2000;

/** The entry of a cid in a log, or undefined. */
export function findInLog(log: StatusLog, cid: string): StatusEntry | undefined {
  const packed = log.get(cid);
  return packed && readPackedEntry(packed);
}

/**
 * How many cids of a packed delta are new to the list (neither in the log nor in the base), for
 * the list's size. A cid repeated within the delta counts once. `cids` as for addToLog.
 */
export async function countNew(
  base: BucketBase,
  log: StatusLog,
  packed: Uint8Array,
  cids: readonly string[],
  pause: () => Promise<void>,
): Promise<number> {
  const seen = new Set<string>();
  let added = 0;
  for (let i = 0, at = 0; at < packed.length; i++, at += ENTRY_BYTES) {
    const key = cids[i]!;
    if (!seen.has(key) && !log.has(key)) {
      seen.add(key);
      if (!findInBase(base, packed.subarray(at, at + 16))) added++;
    }
    if (i % PAUSE_EVERY === PAUSE_EVERY - 1) await pause();
  }
  return added;
}

/**
 * Folds a log into a base: the new base, and the buckets the log changed (to be written to
 * IndexedDB), each with its own bytes. `pause` is awaited every `step` buckets so the UI keeps its
 * turns (a million-entry base is ~19 MB to copy).
 */
export async function mergeLog(
  base: BucketBase,
  log: StatusLog,
  pause: () => Promise<void>,
  step = 4096,
): Promise<{ base: BucketBase; changed: { bucket: number; bytes: Uint8Array }[] }> {
  const updates = new Map<number, Uint8Array[]>();
  for (const packed of log.values()) {
    const b = bucketOf(packed);
    const list = updates.get(b);
    if (list) list.push(packed);
    else updates.set(b, [packed]);
  }
  const builder = new BaseBuilder(base.offsets[BUCKET_COUNT]! + log.size);
  const changed: { bucket: number; bytes: Uint8Array }[] = [];
  for (let b = 0; b < BUCKET_COUNT; b++) {
    const current = base.rows.subarray(base.offsets[b]! * BUCKET_ENTRY_BYTES, base.offsets[b + 1]! * BUCKET_ENTRY_BYTES);
    const update = updates.get(b);
    if (update) {
      const merged = mergeIntoBucket(current, update).bucket;
      changed.push({ bucket: b, bytes: merged });
      builder.add(b, merged);
    } else if (current.length > 0) builder.add(b, current);
    if (b % step === step - 1) await pause();
  }
  return { base: builder.finish(), changed };
}
