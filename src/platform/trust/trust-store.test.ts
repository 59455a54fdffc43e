import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealEnvelope, tweetnaclEd25519 } from '../../core/index.ts';
import { GatecheckDb } from '../storage/db.ts';
import { IdbTrustStore } from './trust-store.ts';
import { makeWorld, signerFor, trustDocument, type World } from '../../../test/support/world.ts';

let world: World;
let db: GatecheckDb;
let n = 0;
let name = '';

beforeEach(async () => {
  world ??= await makeWorld('trust-store');
  name = `trust-store-test-${n++}`;
  db = new GatecheckDb(name);
});
afterEach(async () => {
  await db.delete();
});

const bundleAt = (seq: number, extra: Record<string, unknown> = {}) =>
  sealEnvelope(trustDocument(world.keys, { seq, ...extra }), world.keys.root);

describe('IdbTrustStore', () => {
  it('stores a bundle signed by the pinned root and re-verifies it on load', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    expect(store.current()).toBeNull();
    const offer = await store.offer(await bundleAt(5), 100);
    expect(offer.kind).toBe('stored');
    const reopened = await IdbTrustStore.open(new GatecheckDb(name), world.keys.root.publicKey, tweetnaclEd25519);
    expect(reopened.current()?.bundle.seq).toBe(5);
    expect(reopened.current()?.checkedAt).toBe(100);
  });

  it('refuses a rollback to a lower seq and keeps the held bundle', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    await store.offer(await bundleAt(7), 100);
    const offer = await store.offer(await bundleAt(6), 200);
    expect(offer).toMatchObject({ kind: 'refused', problem: 'rollback' });
    expect(store.current()?.bundle.seq).toBe(7);
    expect((await db.trust.get('current'))?.seq).toBe(7);
  });

  it('refuses a bundle signed by another root, whole, and keeps the old one', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    await store.offer(await bundleAt(7), 100);
    const forged = await sealEnvelope(trustDocument(world.keys, { seq: 99 }), signerFor('not the root'));
    expect(await store.offer(forged, 200)).toMatchObject({ kind: 'refused', problem: 'wrong_root' });
    // A tampered payload under the right kid fails the signature.
    const good = await bundleAt(8);
    const tampered = { ...good, payload: (await bundleAt(9)).payload };
    expect(await store.offer(tampered, 200)).toMatchObject({ kind: 'refused', problem: 'bad_signature' });
    expect(await store.offer('not an envelope', 200)).toMatchObject({ kind: 'refused', problem: 'not_an_envelope' });
    expect(store.current()?.bundle.seq).toBe(7);
    expect(store.current()?.checkedAt).toBe(100);
  });

  it('confirms the same bundle again and refuses a different one with the same seq', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    await store.offer(await bundleAt(4), 100);
    expect((await store.offer(await bundleAt(4), 300)).kind).toBe('confirmed');
    expect(store.current()?.checkedAt).toBe(300);
    const other = await bundleAt(4, { expiresAt: 1 });
    expect(await store.offer(other, 400)).toMatchObject({ kind: 'refused', problem: 'conflict' });
    expect(store.current()?.bundle.expiresAt).not.toBe(1);
    await store.confirm(500);
    expect(store.current()?.checkedAt).toBe(500);
  });

  it('does not trust a stored bundle that fails re-verification under the deployed root', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    await store.offer(await bundleAt(9), 100);
    // A new deployment pins another root: the stored bundle is not used, nor its seq.
    const newRoot = signerFor('next root');
    const next = await IdbTrustStore.open(db, newRoot.publicKey, tweetnaclEd25519);
    expect(next.current()).toBeNull();
    expect(next.loadProblem).toMatch(/wrong_root/);
    const fresh = await sealEnvelope(trustDocument(world.keys, { seq: 1 }), newRoot);
    expect((await next.offer(fresh, 200)).kind).toBe('stored');
    expect(next.current()?.bundle.seq).toBe(1);
  });

  it('refuses a stored record whose envelope was altered in IndexedDB', async () => {
    const store = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    await store.offer(await bundleAt(3), 100);
    const record = (await db.trust.get('current'))!;
    await db.trust.put({ ...record, envelope: { ...record.envelope, payload: (await bundleAt(50)).payload } });
    const reopened = await IdbTrustStore.open(db, world.keys.root.publicKey, tweetnaclEd25519);
    expect(reopened.current()).toBeNull();
    expect(reopened.loadProblem).toMatch(/bad_signature/);
  });
});
