// One IndexedDB status chain per authority (gc1.md §6): a peer's snapshot never replaces the
// home list, deltas extend only their own chain, and the chains survive a reopen.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { b64uEncode, parseStatusDocument, type ListedStatus, type StatusDocument } from '../../core/index.ts';
import { GatecheckDb } from '../storage/db.ts';
import { IdbStatusChains } from './status-chains.ts';
import { cidFor, statusDocument } from '../../../test/support/world.ts';

let db: GatecheckDb;
let n = 0;
beforeEach(() => {
  db = new GatecheckDb(`status-chains-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const cid = (label: string) => b64uEncode(cidFor(label));
/** A verified-shape document of an authority (the storage layer trusts openStatusList's checks). */
function doc(authority: string, from: number, to: number, entries: { cid: string; status: ListedStatus }[]): StatusDocument {
  const parsed = parseStatusDocument(statusDocument(from, to, entries, { authority }));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.document;
}

describe('IdbStatusChains', () => {
  it('keeps each authority its own chain: a peer snapshot leaves the home list as it was', async () => {
    const chains = await IdbStatusChains.open(db);
    expect(chains.chain('sz')).toBeNull();
    expect((await chains.apply(doc('sz', 0, 7, [{ cid: cid('home-red'), status: 'red' }]))).kind).toBe('replace');
    expect((await chains.apply(doc('cq', 0, 19, [{ cid: cid('home-red'), status: 'green' }]))).kind).toBe('replace');
    expect(await chains.chain('sz')!.lookup(cid('home-red'))).toEqual({ status: 'red' });
    expect(await chains.chain('cq')!.lookup(cid('home-red'))).toEqual({ status: 'green' });
    expect(chains.chain('sz')!.seq).toBe(7);
    expect(chains.chain('cq')!.seq).toBe(19);
    expect(chains.authorities()).toEqual(['sz', 'cq']);
  });

  it('applies a delta to its own chain only, and a gap in one chain leaves the other moving', async () => {
    const chains = await IdbStatusChains.open(db);
    await chains.apply(doc('sz', 0, 7, []));
    await chains.apply(doc('cq', 0, 19, []));
    expect((await chains.apply(doc('cq', 19, 20, [{ cid: cid('peer'), status: 'revoked' }]))).kind).toBe('apply-delta');
    expect((await chains.apply(doc('sz', 8, 9, [{ cid: cid('home'), status: 'red' }]))).kind).toBe('gap');
    expect((await chains.apply(doc('cq', 20, 21, [{ cid: cid('peer2'), status: 'yellow' }]))).kind).toBe('apply-delta');
    expect(await chains.chain('cq')!.lookup(cid('peer'))).toEqual({ status: 'revoked' });
    expect(await chains.chain('sz')!.lookup(cid('peer'))).toBeUndefined();
    expect(chains.chain('sz')!.seq).toBe(7);
    expect(chains.chain('cq')!.seq).toBe(21);
  });

  it('a new snapshot of one chain clears only that chain’s old buckets; reopening finds both chains', async () => {
    const chains = await IdbStatusChains.open(db);
    await chains.apply(doc('sz', 0, 1, [{ cid: cid('a'), status: 'red' }]));
    await chains.apply(doc('cq', 0, 1, [{ cid: cid('b'), status: 'red' }]));
    await chains.apply(doc('cq', 0, 2, [{ cid: cid('c'), status: 'yellow' }]));
    await chains.apply(doc('cq', 0, 3, [{ cid: cid('d'), status: 'yellow' }]));
    db.close();
    const reopenedDb = new GatecheckDb(db.name);
    const again = await IdbStatusChains.open(reopenedDb);
    expect(await again.chain('sz')!.lookup(cid('a'))).toEqual({ status: 'red' });
    expect(await again.chain('cq')!.lookup(cid('b'))).toBeUndefined();
    expect(await again.chain('cq')!.lookup(cid('d'))).toEqual({ status: 'yellow' });
    expect(again.chain('cq')!.size).toBe(1);
    reopenedDb.close();
  });

  it('closing the database while the buckets load in the background leaves no rejection behind; a reopen reads the list', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const chains = await IdbStatusChains.open(db);
      const entries = Array.from({ length: 300 }, (_, i) => ({ cid: cid(`load-${i}`), status: 'red' as const }));
      await chains.apply(doc('sz', 0, 1, entries));
      // A lookup starts the load of the buckets into memory (32 reads, with a turn between each).
      expect(await chains.chain('sz')!.lookup(cid('load-7'))).toEqual({ status: 'red' });
      // The connection closes under the load (as when another tab's upgrade closes it), Dexie unaware.
      db.backendDB().close();
      // Turns enough for the load's next read to meet the closed database.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).toEqual([]);
      const reopenedDb = new GatecheckDb(db.name);
      const again = await IdbStatusChains.open(reopenedDb);
      expect(await again.chain('sz')!.lookup(cid('load-299'))).toEqual({ status: 'red' });
      await again.chain('sz')!.loaded();
      expect(await again.chain('sz')!.lookup(cid('load-0'))).toEqual({ status: 'red' });
      reopenedDb.close();
    } finally {
      process.off('unhandledRejection', note);
    }
  });
});
