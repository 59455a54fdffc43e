// HolderService over the real people store (IndexedDB from fake-indexeddb) and the real API
// client; only the network (fetch) is scripted, so a test can hold an answer back.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../core/api/holder.ts';
import { signerFromSeed } from '../../core/crypto/tweetnacl-ed25519.ts';
import { holderApi } from '../api/client.ts';
import { HolderDb, type PersonRecord } from '../storage/db.ts';
import { peopleStore } from '../storage/people.ts';
import { HolderService } from './holder-service.ts';

const NOW = Date.UTC(2026, 11, 1, 9);
const APPLICATION = '0f8fad5b-d9cb-469f-a165-70867728950e';

function person(id: string): PersonRecord {
  const view: ApplicationView = { id: APPLICATION, state: 'pending', submittedAt: NOW - 60_000, updatedAt: NOW - 60_000 };
  return {
    id,
    relation: 'self',
    name: '王小明',
    applicationId: APPLICATION,
    credential: 'c'.repeat(43),
    view,
    createdAt: NOW,
    checkedAt: NOW,
  };
}

/** A network whose answers wait until the test releases them. */
function heldNetwork() {
  const waiting: (() => void)[] = [];
  let requested: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => {
    requested = resolve;
  });
  const fetch = (_url: string) =>
    new Promise<Response>((resolve) => {
      const view: ApplicationView = { id: APPLICATION, state: 'approved', submittedAt: NOW - 60_000, updatedAt: NOW };
      waiting.push(() => resolve(new Response(JSON.stringify(view), { status: 200 })));
      requested();
    });
  return {
    fetch,
    firstRequest,
    release: () => {
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

async function open(name: string, net: ReturnType<typeof heldNetwork>) {
  const store = peopleStore(new HolderDb(name));
  await store.put(person('p1'));
  const service = await HolderService.open({
    api: holderApi('http://holder.test', net.fetch),
    store,
    key: { kind: 'seed', signer: signerFromSeed(new Uint8Array(32).fill(7)) },
    now: () => NOW,
    newId: () => 'p2',
    isOnline: () => true,
    isVisible: () => true,
  });
  return { store, service };
}

describe('HolderService', () => {
  it('keeps a person removed while their application was being refreshed removed', async () => {
    const net = heldNetwork();
    const { store, service } = await open('holder-race', net);
    const refreshing = service.refresh('p1');
    await net.firstRequest;
    await service.remove('p1');
    net.release();
    await refreshing;
    expect(await store.all()).toEqual([]);
    expect(service.getState().people).toEqual([]);
    // The next start reads the database afresh: still gone.
    expect(await peopleStore(new HolderDb('holder-race')).all()).toEqual([]);
  });

  it('stores what the server says of a person still on the device', async () => {
    const net = heldNetwork();
    const { store, service } = await open('holder-refresh', net);
    const refreshing = service.refresh('p1');
    await net.firstRequest;
    net.release();
    await refreshing;
    expect((await store.all()).map((p) => p.view.state)).toEqual(['approved']);
    expect(service.getState().people.map((p) => p.view.state)).toEqual(['approved']);
  });
});
