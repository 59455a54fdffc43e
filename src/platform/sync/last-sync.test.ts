/**
 * "Last sync" says when the server last answered (issue 7, item 5): an upload with nothing
 * to send, a network that fails and a refused device move nothing, and each failure comes
 * with a kind the app says in plain words. Real server in-process (PGlite, HTTP on
 * 127.0.0.1), IndexedDB from fake-indexeddb; faults only at the network.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatEnrollmentText } from '../../core/index.ts';
import { openHarness, type Harness } from '../../server/test-support/harness.ts';
import { GatecheckDb } from '../storage/db.ts';
import { addEntry } from '../storage/entries.ts';
import { createDataService, type DataService } from '../data-service.ts';
import type { FetchLike } from './http.ts';

let harness: Harness;
let base = '';
let db: GatecheckDb;
let service: DataService | null = null;
let n = 0;

beforeAll(async () => {
  harness = await openHarness('pglite', null);
  await harness.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(harness.app.server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => {
  db = new GatecheckDb(`last-sync-test-${n++}`);
});
afterEach(async () => {
  service?.close();
  vi.restoreAllMocks();
  service = null;
  await db.delete();
});

async function enrollmentText(): Promise<{ text: string; checkpointId: string }> {
  const created = await harness.admin('POST', '/api/admin/checkpoints', { name: 'Gate', site: 'Site' });
  const checkpointId = (created.json() as { checkpoint: { id: string } }).checkpoint.id;
  const offer = await harness.admin('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`);
  const { token } = offer.json() as { token: string };
  const text = formatEnrollmentText({ url: base, token, checkpoint: 'Gate' });
  if (!text.ok) throw new Error(text.detail);
  return { text: text.text, checkpointId };
}

describe('last sync', () => {
  it('moves only when the server answered', async () => {
    let down = false;
    // Between steps the clock moves a second on (no sleep): a step that wrote "last sync" would change it.
    const realNow = Date.now.bind(Date);
    let ahead = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + ahead);
    const tick = () => {
      ahead += 1000;
    };
    const net: FetchLike = async (input, init) => {
      if (down) throw new TypeError('Failed to fetch');
      return fetch(input, init);
    };
    service = await createDataService({ db, origin: base, fetch: net, autoSync: false });
    await service.refresh();
    const first = service.state().lastSyncOk;
    expect(first).not.toBeNull();

    // Not enrolled, nothing to upload: a push sends nothing, so it is no sync.
    tick();
    await service.pushNow();
    expect(service.state().lastSyncOk).toBe(first);

    // The network fails: no sync, and the problem is a kind, not only a raw text.
    down = true;
    tick();
    await service.refresh();
    expect(service.state().lastSyncOk).toBe(first);
    expect(service.state().syncProblem).toBe('unreachable');
    expect(service.state().lastSyncError).toContain('Failed to fetch');

    down = false;
    tick();
    await service.refresh();
    expect(service.state()).toMatchObject({ syncProblem: null, lastSyncError: null });
    expect(service.state().lastSyncOk!).toBeGreaterThan(first!);
  });

  it('does not move for a refused device, which is named as the problem', async () => {
    service = await createDataService({ db, origin: base, fetch, autoSync: false });
    await service.refresh();
    const { text, checkpointId } = await enrollmentText();
    expect((await service.enroll(text)).ok).toBe(true);
    const devices = (await harness.admin('GET', '/api/admin/devices')).json() as { devices: { id: string; checkpointId: string }[] };
    await harness.admin('POST', `/api/admin/devices/${devices.devices.find((d) => d.checkpointId === checkpointId)!.id}/revoke`);
    const before = service.state().lastSyncOk;
    await addEntry({ time: Date.now(), checkpoint: 'Gate', direction: 'in', reason: 'ok', decision: 'admit' }, db);
    await service.pushNow();
    // Refused: every later push sends nothing; none of them is a sync.
    await service.pushNow();
    expect(service.state()).toMatchObject({ lastSyncOk: before, syncProblem: 'device_refused', enrolled: false });
  });
});
