/**
 * Compact bytes for status-list entries, and the bucket layout the IndexedDB list uses.
 *
 * A million entries as one IndexedDB record each costs ~1M puts and a lot of per-record
 * overhead (measured in README.md: bench `status`); instead the list is split into 65,536
 * buckets keyed by the first two bytes of the cid, each one record holding its entries as
 * packed bytes. A lookup is one get plus a scan of ~15 entries at a million.
 *
 * Packed entry (ENTRY_BYTES): cid[16] | flags | until (u32 big-endian).
 * Bucket entry (BUCKET_ENTRY_BYTES): cid[2..16] | flags | until (the bucket key holds cid[0..2]).
 * flags: low 2 bits = status (0 green, 1 yellow, 2 red, 3 revoked), 0x80 = has `until`.
 */
import { b64uDecodeLength, type ListedStatus, type StatusEntry, type StatusEntryWithCid } from '../../core/index.ts';

export const ENTRY_BYTES = 21;
export const BUCKET_ENTRY_BYTES = 19;
export const BUCKET_COUNT = 65_536;

const STATUSES: readonly ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];
const HAS_UNTIL = 0x80;
const U32_MAX = 0xffff_ffff;

/**
 * Packs verified entries, in document order. An `until` beyond 2106 (u32) is stored as no
 * `until`: it could only matter after that year.
 */
export function packEntries(entries: readonly StatusEntryWithCid[]): Uint8Array {
  const out = new Uint8Array(entries.length * ENTRY_BYTES);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const cid = b64uDecodeLength(e.cid, 16);
    const status = STATUSES.indexOf(e.status);
    // Entries reach here only from core's parseStatusDocument, which checked both.
    if (!cid || status < 0) throw new Error(`status entry ${i} was not validated`);
    const at = i * ENTRY_BYTES;
    out.set(cid, at);
    const hasUntil = e.until !== undefined && e.until <= U32_MAX;
    out[at + 16] = status | (hasUntil ? HAS_UNTIL : 0);
    if (hasUntil) writeU32(out, at + 17, e.until!);
  }
  return out;
}

/** The bucket number of a 16-byte cid. */
export function bucketOf(cid: Uint8Array): number {
  return (cid[0]! << 8) | cid[1]!;
}

/** Reads the entry for `cid` from a bucket's bytes (the last copy wins, though buckets hold one). */
export function findInBucket(bucket: Uint8Array, cid: Uint8Array): StatusEntry | undefined {
  for (let at = bucket.length - BUCKET_ENTRY_BYTES; at >= 0; at -= BUCKET_ENTRY_BYTES) {
    if (tailEquals(bucket, at, cid, 2)) return readEntry(bucket, at + 14);
  }
  return undefined;
}

/** Snapshot entries sorted by bucket: bucket b's rows are rows[offsets[b]..offsets[b+1]) (in rows). */
export interface BucketSort {
  offsets: Uint32Array;
  rows: Uint8Array;
}

/**
 * Sorts packed entries (the parts of a snapshot, in part order) by bucket with a stable
 * counting sort, so document order survives within each bucket. Linear, no allocation per
 * entry; `pause` is awaited every ~50,000 entries so the UI keeps its turns.
 */
export async function sortIntoBuckets(parts: readonly Uint8Array[], pause: () => Promise<void> = async () => {}): Promise<BucketSort> {
  const PAUSE_BYTES = 50_000 * ENTRY_BYTES;
  const offsets = new Uint32Array(BUCKET_COUNT + 1);
  let since = 0;
  for (const part of parts) {
    for (let at = 0; at < part.length; at += ENTRY_BYTES) offsets[((part[at]! << 8) | part[at + 1]!) + 1]!++;
    since += part.length;
    if (since >= PAUSE_BYTES * 4) {
      since = 0;
      await pause();
    }
  }
  for (let b = 1; b <= BUCKET_COUNT; b++) offsets[b]! += offsets[b - 1]!;
  const rows = new Uint8Array(offsets[BUCKET_COUNT]! * BUCKET_ENTRY_BYTES);
  const fill = offsets.slice(0, BUCKET_COUNT);
  since = 0;
  for (const part of parts) {
    for (let at = 0; at < part.length; at += ENTRY_BYTES) {
      const b = (part[at]! << 8) | part[at + 1]!;
      let out = fill[b]!++ * BUCKET_ENTRY_BYTES;
      for (let i = at + 2; i < at + ENTRY_BYTES; i++) rows[out++] = part[i]!;
    }
    since += part.length;
    if (since >= PAUSE_BYTES) {
      since = 0;
      await pause();
    }
  }
  return { offsets, rows };
}

/**
 * The bucket records for buckets [from, to), keeping only the last entry for each cid
 * (gc1.md §4.2: a later entry replaces the earlier one). Each record gets its own copy of
 * the bytes: structured clone would otherwise store the whole backing buffer every time.
 */
export function bucketRecords(sorted: BucketSort, from: number, to: number): { records: { k: number; d: Uint8Array }[]; size: number } {
  const records: { k: number; d: Uint8Array }[] = [];
  let size = 0;
  for (let b = from; b < Math.min(to, BUCKET_COUNT); b++) {
    const start = sorted.offsets[b]!;
    const end = sorted.offsets[b + 1]!;
    if (start === end) continue;
    const d = dedupeLastWins(sorted.rows.subarray(start * BUCKET_ENTRY_BYTES, end * BUCKET_ENTRY_BYTES));
    records.push({ k: b, d });
    size += d.length / BUCKET_ENTRY_BYTES;
  }
  return { records, size };
}

/**
 * Applies packed delta entries that all fall in one bucket. Returns the new bytes and how
 * many cids are new to the list (for its size).
 */
export function mergeIntoBucket(current: Uint8Array | undefined, updates: readonly Uint8Array[]): { bucket: Uint8Array; added: number } {
  const rows: Uint8Array[] = [];
  if (current) for (let at = 0; at < current.length; at += BUCKET_ENTRY_BYTES) rows.push(current.subarray(at, at + BUCKET_ENTRY_BYTES));
  let added = 0;
  for (const update of updates) {
    const row = update.subarray(2, ENTRY_BYTES);
    const index = rows.findIndex((r) => tailEquals(r, 0, update, 2));
    if (index >= 0) rows[index] = row;
    else {
      rows.push(row);
      added++;
    }
  }
  const bucket = new Uint8Array(rows.length * BUCKET_ENTRY_BYTES);
  rows.forEach((r, i) => {
    bucket.set(r, i * BUCKET_ENTRY_BYTES);
  });
  return { bucket, added };
}

/** Splits packed entries by bucket, keeping their order. */
export function groupByBucket(packed: Uint8Array): Map<number, Uint8Array[]> {
  const groups = new Map<number, Uint8Array[]>();
  for (let at = 0; at < packed.length; at += ENTRY_BYTES) {
    const b = (packed[at]! << 8) | packed[at + 1]!;
    const entry = packed.subarray(at, at + ENTRY_BYTES);
    const list = groups.get(b);
    if (list) list.push(entry);
    else groups.set(b, [entry]);
  }
  return groups;
}

function dedupeLastWins(rows: Uint8Array): Uint8Array {
  const n = rows.length / BUCKET_ENTRY_BYTES;
  // Indices kept, scanning from the last row: a row is dropped when a later one has its cid.
  const keep = new Int32Array(n);
  let kept = 0;
  for (let i = n - 1; i >= 0; i--) {
    const at = i * BUCKET_ENTRY_BYTES;
    let seen = false;
    for (let j = 0; j < kept && !seen; j++) seen = rowsEqual(rows, keep[j]! * BUCKET_ENTRY_BYTES, at);
    if (!seen) keep[kept++] = i;
  }
  if (kept === n) return rows.slice();
  const out = new Uint8Array(kept * BUCKET_ENTRY_BYTES);
  for (let o = 0; o < kept; o++) {
    const i = keep[kept - 1 - o]!;
    out.set(rows.subarray(i * BUCKET_ENTRY_BYTES, (i + 1) * BUCKET_ENTRY_BYTES), o * BUCKET_ENTRY_BYTES);
  }
  return out;
}

// Compares the 14-byte cid tail of a bucket row at `at` with cid bytes from `cidAt` + 2.
function tailEquals(row: Uint8Array, at: number, cid: Uint8Array, cidStart: number): boolean {
  for (let i = 0; i < 14; i++) if (row[at + i] !== cid[cidStart + i]) return false;
  return true;
}

function rowsEqual(rows: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < 14; i++) if (rows[a + i] !== rows[b + i]) return false;
  return true;
}

/** Reads a packed entry (ENTRY_BYTES: cid, flags, until). */
export function readPackedEntry(packed: Uint8Array): StatusEntry {
  return readEntry(packed, 16);
}

function readEntry(bytes: Uint8Array, at: number): StatusEntry {
  const flags = bytes[at]!;
  const status = STATUSES[flags & 3]!;
  if (!(flags & HAS_UNTIL)) return { status };
  return { status, until: ((bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!) >>> 0 };
}

function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}
