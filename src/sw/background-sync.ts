/**
 * Background Sync for the entry log: when a page registered the tag (data-service.ts does on
 * every new entry) and the browser sees the network come back, even after the tab closed, the
 * service worker uploads pending entries with the same code the page uses (platform/sync/
 * push.ts: batches, only acknowledged ids marked synced, never a deletion). A failure
 * rejects, so the browser retries the sync later with its own backoff.
 */
import { BACKGROUND_SYNC_TAG } from '../platform/sync/background-tag.ts';
import { openDb, type GatecheckDb } from '../platform/storage/db.ts';
import { SyncApi } from '../platform/sync/api.ts';
import { loadDevice } from '../platform/sync/device.ts';
import { isUploadable } from '../platform/sync/entry-check.ts';
import { pushPending, type PushResult } from '../platform/sync/push.ts';

export { BACKGROUND_SYNC_TAG };

/** Uploads pending entries if this device is enrolled; resolves with what was uploaded. */
export async function pushPendingFromWorker(db: GatecheckDb = openDb()): Promise<PushResult | null> {
  const device = await loadDevice(db);
  if (!device || device.refusedAt !== null) return null;
  return pushPending(db, new SyncApi(device.apiBase), device.credential, isUploadable);
}

interface SyncEventLike extends Event {
  readonly tag: string;
  waitUntil(work: Promise<unknown>): void;
}

/** Call once from the service worker's top level: `listenForBackgroundSync(self)`. */
export function listenForBackgroundSync(scope: { addEventListener(type: 'sync', listener: (event: Event) => void): void }): void {
  scope.addEventListener('sync', (event) => {
    const sync = event as SyncEventLike;
    if (sync.tag === BACKGROUND_SYNC_TAG) sync.waitUntil(pushPendingFromWorker());
  });
}
