/**
 * How a verified status document changes the held list: a pure decision that a storage
 * layer (Dexie in the app, memory in the CLI, SQL on the server) carries out atomically.
 */
import type { StatusDocument, StatusEntryWithCid } from './document.ts';

/** What a storage layer holds, in summary. */
export interface StatusHeld {
  /** The sequence of the list in use; null before any snapshot. */
  seq: number | null;
  /** Snapshot parts verified and kept for a snapshot not yet complete. */
  pending: { to: number; parts: number; have: readonly number[] } | null;
}

export type StatusPlan =
  /** A whole snapshot in one part: replace the list. */
  | { kind: 'replace'; to: number; issuedAt: number; entries: StatusEntryWithCid[] }
  /**
   * Keep this part. `dropPending` first when it starts a new snapshot; when `completes`,
   * swap in the union of all parts of `to` (applied in part order) as the new list.
   */
  | {
      kind: 'store-part';
      to: number;
      part: number;
      parts: number;
      issuedAt: number;
      entries: StatusEntryWithCid[];
      dropPending: boolean;
      completes: boolean;
    }
  /** Apply all entries at once and move to `to`. */
  | { kind: 'apply-delta'; from: number; to: number; issuedAt: number; entries: StatusEntryWithCid[] }
  /** Nothing to do (older or already held). */
  | { kind: 'ignore'; why: string }
  /** A delta that does not start at the held sequence: ask again from `askFrom`. */
  | { kind: 'gap'; askFrom: number };

export function planStatusUpdate(held: StatusHeld, doc: StatusDocument): StatusPlan {
  if (doc.from === 0) {
    if (held.seq !== null && doc.to <= held.seq) return { kind: 'ignore', why: `snapshot ${doc.to} is not newer than ${held.seq}` };
    if (doc.parts === 1) return { kind: 'replace', to: doc.to, issuedAt: doc.issuedAt, entries: doc.entries };
    const pending = held.pending;
    const sameSnapshot = pending !== null && pending.to === doc.to && pending.parts === doc.parts;
    if (pending !== null && pending.to > doc.to) return { kind: 'ignore', why: `a newer snapshot ${pending.to} is being fetched` };
    const have = sameSnapshot ? new Set(pending.have) : new Set<number>();
    if (have.has(doc.part)) return { kind: 'ignore', why: `part ${doc.part} of ${doc.to} is already held` };
    have.add(doc.part);
    return {
      kind: 'store-part',
      to: doc.to,
      part: doc.part,
      parts: doc.parts,
      issuedAt: doc.issuedAt,
      entries: doc.entries,
      dropPending: !sameSnapshot && pending !== null,
      completes: have.size === doc.parts,
    };
  }
  if (held.seq === null) return { kind: 'gap', askFrom: 0 };
  if (doc.to <= held.seq) return { kind: 'ignore', why: `delta to ${doc.to} is already held` };
  if (doc.from !== held.seq) return { kind: 'gap', askFrom: held.seq };
  return { kind: 'apply-delta', from: doc.from, to: doc.to, issuedAt: doc.issuedAt, entries: doc.entries };
}

/** Parts still missing from a pending snapshot (for resuming a download). */
export function missingParts(pending: StatusHeld['pending']): number[] {
  if (!pending) return [];
  const have = new Set(pending.have);
  const out: number[] = [];
  for (let k = 1; k <= pending.parts; k++) if (!have.has(k)) out.push(k);
  return out;
}
