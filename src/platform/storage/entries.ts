/**
 * The entry log: one record per readable scan at this checkpoint (never the holder's name),
 * kept until the server acknowledged it and a retention period passed. The screens read it
 * through these functions only; the sync client drains it with pendingForSync/markSynced.
 */
import type { EntryOverride, EntryUpload, Reason } from '../../core/index.ts';
import { addToTally, emptyTally } from '../../core/decision.ts';
import { ENTRY_CSV_HEADER, entryCsvLine } from '../../core/entry-csv.ts';
import { openDb, type EntryRecord, type GatecheckDb } from './db.ts';

/** What a scan hands to addEntry: the uploaded fields but the id (filled in here) and an override. */
export type NewEntry = Omit<EntryUpload, 'id' | 'override'>;

/** A guard's decision against the verdict, with its reason chosen from a list. */
export type Override = EntryOverride;

/** Filters for the log screen; times are unix ms, `from` inclusive and `to` exclusive. */
export interface EntryQuery {
  search?: string;
  from?: number;
  to?: number;
  /** Default 500; Infinity for all (CSV export). */
  limit?: number;
}

/** Today's tally for the log screen: by the decision that stands (an override wins). */
export interface EntryCounts {
  total: number;
  admit: number;
  refuse: number;
  refer: number;
  overridden: number;
  byReason: Partial<Record<Reason, number>>;
}

/**
 * Writes one entry and returns it; resolves only once IndexedDB committed it (the transaction's
 * `complete`), rejects if it did not. Plain IndexedDB rather than Dexie, as the status lookup
 * (trust/status-list.ts): every verdict waits for this write, and on a 4x-throttled page
 * (a cheap phone) Dexie's bookkeeping made it 24 ms at the median instead of 18 (scan bench).
 */
export async function addEntry(entry: NewEntry, db: GatecheckDb = openDb()): Promise<EntryRecord> {
  const record: EntryRecord = { id: crypto.randomUUID(), ...stripUndefined(entry), synced: 0 };
  if (!db.isOpen()) await db.open();
  const idb = db.backendDB();
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction('entries', 'readwrite');
    tx.objectStore('entries').add(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('the entry could not be written'));
    tx.onabort = () => reject(tx.error ?? new Error('the entry write was aborted'));
  });
  return record;
}

/**
 * Adds a guard override to an entry. An override changes what the server must learn, so
 * the entry goes back to unsynced; the server's upsert by id takes the newer copy.
 */
export async function setOverride(id: string, override: Override, db: GatecheckDb = openDb()): Promise<boolean> {
  const changed = await db.entries.update(id, { override, synced: 0, syncedAt: undefined });
  return changed === 1;
}

/** Entries newest first, filtered by time range and a case-insensitive search over their fields. */
export async function listEntries(query: EntryQuery = {}, db: GatecheckDb = openDb()): Promise<EntryRecord[]> {
  const from = query.from ?? 0;
  const to = query.to ?? Number.MAX_SAFE_INTEGER;
  const needle = query.search?.trim().toLowerCase() ?? '';
  const limit = query.limit ?? 500;
  let collection = db.entries.where('time').between(from, to, true, false).reverse();
  if (needle) collection = collection.filter((e) => searchableText(e).includes(needle));
  // IndexedDB takes counts up to 2^32-1 only: Infinity (export everything) means no limit.
  return (Number.isFinite(limit) ? collection.limit(Math.min(limit, 0xffffffff)) : collection).toArray();
}

/** Counts by the standing decision (override first) for entries in [from, to). */
export async function countsByResult(from: number, to: number, db: GatecheckDb = openDb()): Promise<EntryCounts> {
  const tally = emptyTally();
  const byReason: EntryCounts['byReason'] = {};
  let total = 0;
  await db.entries
    .where('time')
    .between(from, to, true, false)
    .each((e) => {
      total++;
      // One rule for every count anywhere: core's effective decision (an override wins).
      addToTally(tally, e);
      byReason[e.reason] = (byReason[e.reason] ?? 0) + 1;
    });
  return { total, ...tally, byReason };
}

/** The entries as CSV (core's one entry CSV, the console's columns), safe to open in a spreadsheet. */
export function entriesCsv(entries: readonly EntryRecord[]): string {
  const lines = entries.map((e) =>
    entryCsvLine({
      id: e.id,
      time: e.time,
      checkpointLabel: e.checkpoint,
      direction: e.direction,
      reason: e.reason,
      decision: e.decision,
      override: e.override ?? null,
      cid: e.cid ?? null,
      kid: e.kid ?? null,
      clockNote: e.clockNote ?? null,
      received: e.synced ? (e.syncedAt ?? null) : null,
    }),
  );
  return ENTRY_CSV_HEADER + lines.join('');
}

/** Unsynced entries, oldest first: what the sync client uploads next. */
export async function pendingForSync(limit: number, db: GatecheckDb = openDb()): Promise<EntryRecord[]> {
  return db.entries.where('[synced+time]').between([0, -Infinity], [0, Infinity]).limit(limit).toArray();
}

/** Marks entries the server acknowledged; ids it does not know are skipped. */
export async function markSynced(ids: readonly string[], at: number, db: GatecheckDb = openDb()): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction('rw', db.entries, async () => {
    let changed = 0;
    for (const id of ids) changed += await db.entries.update(id, { synced: 1, syncedAt: at });
    return changed;
  });
}

/** Deletes synced entries older than the cut-off (unix ms); unsynced entries are never deleted. */
export async function purgeSynced(olderThanMs: number, db: GatecheckDb = openDb()): Promise<number> {
  return db.entries.where('[synced+time]').between([1, -Infinity], [1, olderThanMs], true, false).delete();
}

/** How many entries still wait for the server. */
export async function countPending(db: GatecheckDb = openDb()): Promise<number> {
  return db.entries.where('synced').equals(0).count();
}

function searchableText(e: EntryRecord): string {
  return [e.reason, e.decision, e.checkpoint, e.direction, e.cid, e.kid, e.override?.reason, e.override?.decision, e.clockNote]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
