/**
 * The scanner's sync of recognised peers' chains as its server relays them (issue 15): region
 * a's server relays region b's chain (`serve --peer b=…`; pulled here through b's real routes),
 * and a scanner of region a keeps b's chain next to its own, by the same pull as the home
 * chain, in b's own chain only. Real servers on 127.0.0.1, IndexedDB from fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { b64uEncode, chainFor } from '../../core/index.ts';
import { PeerRelay } from '../../server/peers/peer-relay.ts';
import { closeRegion, fetchThrough, openRegion, type Region } from '../../server/test-support/regions.ts';
import { publishedBundle } from '../../server/trust/trust-store.ts';
import { createDataService, type DataService } from '../data-service.ts';
import { GatecheckDb } from '../storage/db.ts';

let a: Region;
let b: Region;
let c: Region;
let relay: PeerRelay;
let base = '';
let db: GatecheckDb;
let service: DataService | null = null;
const cid = () => b64uEncode(randomBytes(16));

beforeAll(async () => {
  b = await openRegion('b', [], 'pglite', null);
  // c is recognised by a too, but a relays nothing of it: the scanner keeps no chain for c.
  c = await openRegion('c', [], 'pglite', null);
  a = await openRegion(
    'a',
    [
      { authority: 'b', keys: b.keys },
      { authority: 'c', keys: c.keys },
    ],
    'pglite',
    null,
  );
  relay = new PeerRelay(
    {
      db: a.server.context.db,
      chains: a.server.context.peers,
      bundle: () => publishedBundle(a.server.context.db),
      ed25519: a.server.context.ed25519,
      fetch: fetchThrough(b.server.app),
      requestTimeoutMs: 10_000,
      now: () => a.clock.now,
      random: () => 0.5,
      log: () => {},
    },
    [{ authority: 'b', url: 'http://b.example' }],
    { intervalMs: 60_000, requestTimeoutMs: 10_000, leaseMs: 60_000 },
  );
  await a.server.context.peers.register(relay.peers);
  await a.server.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(a.server.app.server.address() as { port: number }).port}`;
  db = new GatecheckDb('peer-sync-test');
}, 60_000);
afterEach(() => {
  service?.close();
  service = null;
});
afterAll(async () => {
  await db?.delete();
  await closeRegion(a);
  await closeRegion(b);
  await closeRegion(c);
});

describe("a scanner syncs the peers' chains its server relays", () => {
  it("keeps b's revocation in b's chain, the home chain apart, and no chain for an unrelayed peer", async () => {
    const revoked = cid();
    const homeRed = cid();
    await b.server.context.status.publish([{ cid: revoked, status: 'revoked' }]);
    await a.server.context.status.publish([{ cid: homeRed, status: 'red' }]);
    expect(await relay.pullNow('b')).toBe('stored');

    service = await createDataService({ db, origin: base, autoSync: false });
    await service.refresh();
    const status = service.verifierContext().status;
    const peer = chainFor(status, 'b', 'a')!;
    const home = chainFor(status, 'a', 'a')!;
    expect(await peer.lookup(revoked)).toEqual({ status: 'revoked' });
    expect(await home.lookup(revoked)).toBeUndefined();
    expect(await home.lookup(homeRed)).toEqual({ status: 'red' });
    expect(await peer.lookup(homeRed)).toBeUndefined();
    expect(chainFor(status, 'c', 'a')).toBeNull();
    expect(service.state().syncProblem).toBeNull();

    // b's next change arrives by delta through the relay at the next pulls.
    const yellow = cid();
    await b.server.context.status.publish([{ cid: yellow, status: 'yellow' }]);
    a.clock.now += 60_000;
    expect(await relay.pullNow('b')).toBe('stored');
    await service.refresh();
    expect(await chainFor(service.verifierContext().status, 'b', 'a')!.lookup(yellow)).toEqual({ status: 'yellow' });
  });

  it("dates a relayed chain by the relay's last successful pull of the peer, not by the scanner's own pull", async () => {
    // The relay last reached b an hour ago and has not since (b unreachable): the scanner pulls
    // from its relay now, yet must not show b's list as checked now.
    const lastOk = Date.now() - 3_600_000;
    await a.server.context.db.query('UPDATE peer_relay SET last_ok_ms = $1 WHERE authority = $2', [lastOk, 'b']);
    const fresh = new GatecheckDb('peer-sync-test-age');
    try {
      service = await createDataService({ db: fresh, origin: base, autoSync: false });
      await service.refresh();
      const status = service.verifierContext().status;
      expect(chainFor(status, 'b', 'a')!.checkedAt).toBe(Math.floor(lastOk / 1000));
      // The home chain is current when its own server serves it.
      expect(chainFor(status, 'a', 'a')!.checkedAt).toBeGreaterThan(Math.floor(lastOk / 1000) + 3000);
    } finally {
      service?.close();
      service = null;
      await fresh.delete();
    }
  });
});
