/**
 * Uploading the entry log: oldest unsynced entries first, in batches, each entry marked
 * synced only once the server acknowledged its id AND it was not changed meanwhile (a guard
 * override made during the upload sends it again). Nothing is ever deleted here; a failure
 * throws and leaves every entry as it was, for the next attempt.
 * Used by the page's sync engine and by the service worker's Background Sync.
 */
import type { EntryUpload } from '../../core/api/sync.ts';
import type { EntryRecord, GatecheckDb } from '../storage/db.ts';
import { pendingForSync } from '../storage/entries.ts';
import type { SyncApi, Timing } from './api.ts';
import { HttpError } from './http.ts';
import { withWriterLock } from '../trust/writer-lock.ts';

export const DEFAULT_BATCH_SIZE = 500;
/** Uploads from every tab and the service worker take turns, so a batch is never sent twice at once. */
export const PUSH_LOCK = 'gatecheck-entry-push';

export interface PushResult {
  uploaded: number;
  batches: number;
  /**
   * Entries kept on the device because they fail the contract's entry schema, or the server
   * refused them (never lost, not sent again this run).
   */
  invalid: number;
  /** The last answer's timing, for the clock offset. */
  timing: Timing | null;
}

/**
 * Whether the server would take an upload at `nowMs` (entry-check.ts: the contract's own schema).
 * Passed in rather than imported: the page loads it on its first upload (TypeBox stays out of
 * the scanner's start-up JavaScript), the service worker bundles it (no dynamic import there).
 */
export type EntryCheck = (upload: EntryUpload, nowMs: number) => boolean;

/** The upload form of a stored entry: exactly the protocol's fields. */
export function toUpload(entry: EntryRecord): EntryUpload {
  const upload: EntryUpload = {
    id: entry.id,
    time: entry.time,
    checkpoint: entry.checkpoint,
    direction: entry.direction,
    reason: entry.reason,
    decision: entry.decision,
  };
  // `!= null`: an absent optional field is left out, never sent as null (the schema refuses null).
  if (entry.cid != null) upload.cid = entry.cid;
  if (entry.kid != null) upload.kid = entry.kid;
  if (entry.override != null)
    upload.override = {
      decision: entry.override.decision,
      reason: entry.override.reason,
      ...(entry.override.note ? { note: entry.override.note } : {}),
      at: entry.override.at,
    };
  if (entry.clockNote != null) upload.clockNote = entry.clockNote;
  if (entry.beforeEnrollment === true) upload.beforeEnrollment = true;
  return upload;
}

/**
 * Uploads everything pending, batch by batch, until nothing is left. Throws (NetworkError,
 * HttpError, ProtocolError) on the first failure; batches acknowledged before it stay synced.
 */
export async function pushPending(
  db: GatecheckDb,
  api: SyncApi,
  credential: string,
  isUploadable: EntryCheck,
  options: { batchSize?: number; now?: () => number; onBatch?: (uploaded: number) => void } = {},
): Promise<PushResult> {
  return withWriterLock(PUSH_LOCK, async () => {
    let batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const now = options.now ?? Date.now;
    const result: PushResult = { uploaded: 0, batches: 0, invalid: 0, timing: null };
    const invalid = new Set<string>();
    for (;;) {
      // Entries that cannot pass the server's validation stay on the device and are skipped.
      const pending = (await pendingForSync(batchSize + invalid.size, db)).filter((e) => !invalid.has(e.id));
      const batch: { entry: EntryRecord; upload: EntryUpload }[] = [];
      for (const entry of pending.slice(0, batchSize)) {
        const upload = toUpload(entry);
        if (!isUploadable(upload, now())) invalid.add(entry.id);
        else batch.push({ entry, upload });
      }
      if (batch.length === 0) {
        if (pending.length > 0) continue; // only invalid ones this round; look further
        break;
      }
      let answer: Awaited<ReturnType<SyncApi['postEntries']>>;
      try {
        answer = await api.postEntries(
          credential,
          batch.map((b) => b.upload),
        );
      } catch (error) {
        // Too large for the server's body limit: smaller batches, same entries.
        if (error instanceof HttpError && error.status === 413 && batchSize > 1) {
          batchSize = Math.max(1, Math.floor(batchSize / 2));
          continue;
        }
        // The server refused named entries (e.g. a time over a day past its clock, when this
        // device's clock is wrong): keep those here and send the rest. Every round sets at
        // least one more entry aside, so this ends.
        const refused = error instanceof HttpError && error.status === 400 ? refusedIndexes(error.body, batch.length) : [];
        if (refused.length > 0) {
          for (const index of refused) invalid.add(batch[index]!.entry.id);
          continue;
        }
        throw error;
      }
      result.timing = answer.timing;
      result.batches++;
      const { acknowledged, marked } = await markAcknowledged(db, batch, answer.acknowledged, now());
      result.uploaded += marked;
      options.onBatch?.(result.uploaded);
      // The server acknowledged none of what it was sent: do not loop on the same batch.
      // (Acknowledged but changed meanwhile is different: those go again, as changed.)
      if (acknowledged === 0) break;
    }
    result.invalid = invalid.size;
    return result;
  });
}

/** The batch positions a 400 body's `problems` names (api/sync.ts SyncErrorBody); [] when it names none. */
function refusedIndexes(body: unknown, size: number): number[] {
  const problems = body && typeof body === 'object' ? (body as { problems?: unknown }).problems : undefined;
  if (!Array.isArray(problems)) return [];
  const indexes = new Set<number>();
  for (const p of problems) {
    const index = p && typeof p === 'object' ? (p as { index?: unknown }).index : undefined;
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < size) indexes.add(index);
  }
  return [...indexes];
}

/** Marks acknowledged entries that are unchanged since they were read; returns how many. */
async function markAcknowledged(
  db: GatecheckDb,
  sent: { entry: EntryRecord; upload: EntryUpload }[],
  acknowledged: string[],
  at: number,
): Promise<{ acknowledged: number; marked: number }> {
  // The server lower-cases ids (a UUID is the same in any case).
  const acked = new Set(acknowledged.map((id) => id.toLowerCase()));
  const candidates = sent.filter((s) => acked.has(s.entry.id.toLowerCase()));
  if (candidates.length === 0) return { acknowledged: 0, marked: 0 };
  const marked = await db.transaction('rw', db.entries, async () => {
    const current = await db.entries.bulkGet(candidates.map((c) => c.entry.id));
    const unchanged: EntryRecord[] = [];
    candidates.forEach((c, i) => {
      const now = current[i];
      if (now !== undefined && now.synced === 0 && JSON.stringify(toUpload(now)) === JSON.stringify(c.upload)) unchanged.push(now);
    });
    // The same change as entries.ts markSynced (synced=1, syncedAt), written in one bulkPut:
    // the records are already read in this transaction, and markSynced's one update per id
    // took 450-800 ms per batch of 500 in Chromium (bench `status`), most of an upload.
    await db.entries.bulkPut(unchanged.map((e) => ({ ...e, synced: 1 as const, syncedAt: at })));
    return unchanged.length;
  });
  return { acknowledged: candidates.length, marked };
}
