/**
 * The shapes the trust layer keeps in IndexedDB (tables declared in storage/db.ts): the
 * signed trust bundle as received, and the status list as a head record, pending snapshot
 * parts and two bucket slots (the live list and the one being built), for each authority's chain.
 */
import type { Envelope } from '../../core/index.ts';

/** The held trust bundle: the envelope exactly as received, re-verified on every load. */
export interface TrustRecord {
  id: 'current';
  envelope: Envelope;
  /** Seq of the bundle at the time it was stored (for display before re-verification). */
  seq: number;
  /** Unix seconds when the server last confirmed this bundle as current. */
  checkedAt: number;
}

/** Which bucket table holds the live list. */
export type StatusSlot = 'statusA' | 'statusB';

/** A snapshot whose parts are being collected. */
export interface PendingSnapshot {
  to: number;
  parts: number;
  /** Latest issuedAt among the parts held. */
  issuedAt: number;
}

/** The one record that says which list is live; every swap and delta rewrites it atomically. */
export interface StatusHeadRecord {
  /** `chain:<authority>` (status-list.ts headIdOf). */
  id: string;
  /** The authority whose chain this is (gc1.md §6). */
  authority: string;
  /** The chain's number, which keys its parts and offsets its bucket keys (status-list.ts). */
  n: number;
  /** Null before the first snapshot was swapped in. */
  slot: StatusSlot | null;
  seq: number | null;
  issuedAt: number | null;
  /** Unix seconds when the server last confirmed this list as current. */
  checkedAt: number | null;
  /** Distinct cids in the live list. */
  size: number;
  pending: PendingSnapshot | null;
}

/** One verified snapshot part, its entries packed (status-pack.ts), kept until the swap. */
export interface StatusPartRecord {
  /** The chain's number (StatusHeadRecord.n). */
  n: number;
  to: number;
  part: number;
  parts: number;
  issuedAt: number;
  entries: Uint8Array;
}

/**
 * One delta applied to a chain since its buckets were last written (status-memory.ts): written in
 * the same transaction as the head that moves to `to`, folded into the buckets later.
 */
export interface StatusLogRecord {
  /** The chain's number (StatusHeadRecord.n). */
  n: number;
  from: number;
  to: number;
  issuedAt: number;
  /** Packed entries (status-pack.ts ENTRY_BYTES), in document order. */
  entries: Uint8Array;
}

/** One bucket of a status list: key = chain number * 65,536 + first two cid bytes, bytes = packed entries. */
export interface StatusBucketRecord {
  k: number;
  d: Uint8Array;
}
