import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatecheckDb } from './db.ts';
import {
  addEntry,
  countPending,
  countsByResult,
  entriesCsv,
  listEntries,
  markSynced,
  pendingForSync,
  purgeSynced,
  setOverride,
  type NewEntry,
} from './entries.ts';

let db: GatecheckDb;
let n = 0;
beforeEach(() => {
  db = new GatecheckDb(`entries-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const scan = (time: number, extra: Partial<NewEntry> = {}): NewEntry => ({
  time,
  checkpoint: 'Gate A',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: 'AAAAAAAAAAAAAAAAAAAAAA',
  kid: 'BBBBBBBBBBB',
  ...extra,
});

describe('entry log', () => {
  it('stores an entry unsynced, with a fresh uuid and no undefined fields', async () => {
    const e = await addEntry(scan(1000, { cid: undefined }), db);
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await db.entries.get(e.id);
    expect(stored).toEqual({ ...e });
    expect(stored).not.toHaveProperty('cid');
    expect(stored?.synced).toBe(0);
  });

  it('rejects a write IndexedDB refuses and keeps nothing of it; opens the database itself when closed', async () => {
    // A value IndexedDB cannot store (as a broken caller might pass): the write fails as a whole.
    const unstorable = { ...scan(2000), checkpoint: (() => 'Gate A') as unknown as string };
    await expect(addEntry(unstorable, db)).rejects.toThrow();
    expect(await db.entries.count()).toBe(0);
    db.close();
    const e = await addEntry(scan(3000), db);
    expect((await db.entries.toArray()).map((stored) => stored.id)).toEqual([e.id]);
  });

  it('lists newest first within [from, to) and searches every field but never a name', async () => {
    await addEntry(scan(1000), db);
    await addEntry(scan(2000, { reason: 'bad_signature', decision: 'refuse', cid: 'zzzzzzzzzzzzzzzzzzzzzz' }), db);
    await addEntry(scan(3000, { reason: 'status_yellow', decision: 'refer' }), db);
    expect((await listEntries({}, db)).map((e) => e.time)).toEqual([3000, 2000, 1000]);
    expect((await listEntries({ from: 1000, to: 3000 }, db)).map((e) => e.time)).toEqual([2000, 1000]);
    expect((await listEntries({ search: 'BAD_sig' }, db)).map((e) => e.time)).toEqual([2000]);
    expect((await listEntries({ search: 'zzzz' }, db)).map((e) => e.time)).toEqual([2000]);
    expect((await listEntries({ limit: 1 }, db)).map((e) => e.time)).toEqual([3000]);
    expect(await listEntries({ limit: Infinity }, db)).toHaveLength(3);
  });

  it('counts by the standing decision, overrides included', async () => {
    const a = await addEntry(scan(1000, { reason: 'status_yellow', decision: 'refer' }), db);
    await addEntry(scan(1001), db);
    await addEntry(scan(1002, { reason: 'expired', decision: 'refuse' }), db);
    await addEntry(scan(9999), db);
    expect(await setOverride(a.id, { decision: 'admit', reason: 'supervisor_approved', at: 1500 }, db)).toBe(true);
    const counts = await countsByResult(1000, 2000, db);
    expect(counts).toEqual({ total: 3, admit: 2, refuse: 1, refer: 0, overridden: 1, byReason: { status_yellow: 1, ok: 1, expired: 1 } });
    expect(await setOverride('no-such-id', { decision: 'admit', reason: 'x', at: 1 }, db)).toBe(false);
  });

  it('an override sends a synced entry back to the upload queue', async () => {
    const a = await addEntry(scan(1000), db);
    await markSynced([a.id], 2000, db);
    expect(await countPending(db)).toBe(0);
    await setOverride(a.id, { decision: 'refuse', reason: 'id_mismatch', at: 3000 }, db);
    const again = await pendingForSync(10, db);
    expect(again.map((e) => e.id)).toEqual([a.id]);
    expect(again[0]).not.toHaveProperty('syncedAt');
  });

  it('hands unsynced entries oldest first, marks them, and purges only old synced ones', async () => {
    const e3 = await addEntry(scan(3000), db);
    const e1 = await addEntry(scan(1000), db);
    const e2 = await addEntry(scan(2000), db);
    expect((await pendingForSync(2, db)).map((e) => e.id)).toEqual([e1.id, e2.id]);
    expect(await markSynced([e1.id, e3.id, 'unknown'], 5000, db)).toBe(2);
    expect(await countPending(db)).toBe(1);
    expect((await pendingForSync(10, db)).map((e) => e.id)).toEqual([e2.id]);
    // Cut-off 3000: e1 (synced, 1000) goes; e3 (synced, 3000) is not older; e2 is unsynced.
    expect(await purgeSynced(3000, db)).toBe(1);
    expect((await db.entries.toArray()).map((e) => e.id).sort()).toEqual([e2.id, e3.id].sort());
    // Even a cut-off in the far future never deletes an unsynced entry.
    await purgeSynced(Number.MAX_SAFE_INTEGER, db);
    expect((await db.entries.toArray()).map((e) => e.id)).toEqual([e2.id]);
  });

  it('writes CSV with quoting and formula guards', async () => {
    const a = await addEntry(scan(Date.UTC(2026, 0, 2, 3, 4, 5), { checkpoint: '=HYPERLINK("x"), gate', cid: '-abc' }), db);
    await setOverride(a.id, { decision: 'admit', reason: 'supervisor_approved', at: Date.UTC(2026, 0, 2, 3, 5, 0) }, db);
    const refused = await addEntry(scan(Date.UTC(2026, 0, 2, 3, 4, 4), { reason: 'status_red', decision: 'refuse' }), db);
    await setOverride(refused.id, { decision: 'admit', reason: 'supervisor_approved', at: Date.UTC(2026, 0, 2, 3, 6, 0) }, db);
    expect(entriesCsv([(await listEntries({}, db)).find((e) => e.id === refused.id)!]).split('\r\n')[1]).toContain(
      ',status_red,refuse,admit,admit,',
    );
    const csv = entriesCsv((await listEntries({}, db)).filter((e) => e.id === a.id));
    const [header, row] = csv.split('\r\n');
    // The console's columns (core/entry-csv.ts); what a scanner does not know stays empty.
    expect(header).toBe(
      '\uFEFFid,time,checkpoint_id,checkpoint_name,checkpoint_label,device_id,device_name,direction,reason,decision,' +
        'effective_decision,override_decision,override_reason,override_note,override_at,cid,kid,clock_note,received',
    );
    expect(row).toBe(
      `${a.id},2026-01-02T03:04:05.000Z,,,"'=HYPERLINK(""x""), gate",,,in,ok,admit,admit,admit,supervisor_approved,,` +
        '2026-01-02T03:05:00.000Z,-abc,BBBBBBBBBBB,,',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
