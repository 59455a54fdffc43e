/**
 * Issue 15's target: a peer's status change visible on a home scanner ≤ 2 pull intervals after
 * the peer published it. Two regions in this process on real HTTP (127.0.0.1): b publishes a
 * revocation at a random moment; a's server relays b (`--peer b=…`, interval I) and a scanner of
 * a (the real sync engine, fake-indexeddb) pulls every I too. The figure is the time from b's
 * publish to the revocation being in the scanner's chain of b, in ms and in intervals.
 * `PEER_RELAY_INTERVAL_MS` (default 2000) and `PEER_RELAY_TRIALS` (default 8) change the run.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { b64uEncode, chainFor } from '../../src/core/index.ts';
import { createDataService } from '../../src/platform/data-service.ts';
import { GatecheckDb } from '../../src/platform/storage/db.ts';
import { closeRegion, openRegion } from '../../src/server/test-support/regions.ts';
import type { BenchRow } from './row.ts';

const GROUP = 'peer relay: a peer status change to a home scanner';
const INTERVAL = Number(process.env.PEER_RELAY_INTERVAL_MS ?? 2000);
const TRIALS = Number(process.env.PEER_RELAY_TRIALS ?? 8);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function bench(): Promise<BenchRow[]> {
  const b = await openRegion('b', [], 'pglite', null, { now: Date.now, memoryDb: true });
  await b.server.app.listen({ host: '127.0.0.1', port: 0 });
  const bUrl = `http://127.0.0.1:${(b.server.app.server.address() as { port: number }).port}`;
  const a = await openRegion('a', [{ authority: 'b', keys: b.keys }], 'pglite', null, {
    now: Date.now,
    memoryDb: true,
    peers: [{ authority: 'b', url: bUrl }],
    peerRelay: { intervalMs: INTERVAL },
  });
  await a.server.app.listen({ host: '127.0.0.1', port: 0 });
  const aUrl = `http://127.0.0.1:${(a.server.app.server.address() as { port: number }).port}`;
  const db = new GatecheckDb(`peer-relay-bench-${Date.now()}`);
  const scanner = await createDataService({ db, origin: aUrl, pullEveryMs: INTERVAL });
  const latencies: number[] = [];
  try {
    await scanner.whenReady(30_000);
    for (let trial = 0; trial < TRIALS; trial++) {
      // A random phase against both timers.
      await sleep(Math.random() * INTERVAL);
      const cid = b64uEncode(randomBytes(16));
      const published = performance.now();
      await b.server.context.status.publish([{ cid, status: 'revoked' }]);
      for (;;) {
        const chain = chainFor(scanner.verifierContext().status, 'b', 'a');
        if (chain && (await chain.lookup(cid))?.status === 'revoked') break;
        if (performance.now() - published > 20 * INTERVAL) throw new Error(`trial ${trial}: not visible after 20 intervals`);
        await sleep(10);
      }
      latencies.push(performance.now() - published);
    }
  } finally {
    scanner.close();
    await db.delete();
    await closeRegion(a);
    await closeRegion(b);
  }
  latencies.sort((x, y) => x - y);
  const max = latencies[latencies.length - 1]!;
  const median = latencies[Math.floor(latencies.length / 2)]!;
  const note = `relay and scanner pull every ${INTERVAL} ms; ${TRIALS} trials at random phase; target ≤ 2 intervals`;
  return [
    { group: GROUP, name: 'publish → scanner, median', value: Math.round(median), unit: 'ms', note },
    { group: GROUP, name: 'publish → scanner, worst', value: Math.round(max), unit: 'ms', note },
    { group: GROUP, name: 'worst in pull intervals', value: Number((max / INTERVAL).toFixed(2)), unit: 'intervals', note },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await bench()) console.log(`${row.name}: ${row.value} ${row.unit}`);
  process.exit(0);
}
