/**
 * The peer relay (`gatecheck serve --peer`), on PGlite and PostgreSQL: region a relays region
 * b's status chain, pulled through b's real routes (Fastify inject). Conditional requests,
 * backoff, one pull in flight, refused envelopes, the byte-for-byte copy a's scanners get, and
 * two relays on one database (two servers of one region) that never double-pull.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64uEncode, backoffDelay, sealEnvelope } from '../../core/index.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import { StartupError } from '../open-server.ts';
import { DB_KINDS, usePostgres } from '../test-support/harness.ts';
import { closeRegion, fetchThrough, openRegion, REGION_ADMIN_PASSWORD, type Region } from '../test-support/regions.ts';
import { publishedBundle } from '../trust/trust-store.ts';
import { PeerRelay, type PeerRelayOptions } from './peer-relay.ts';

const cluster = usePostgres();
const INTERVAL = 60_000;
const OPTIONS: PeerRelayOptions = { intervalMs: INTERVAL, requestTimeoutMs: 10_000, leaseMs: 60_000 };
const cid = () => b64uEncode(randomBytes(16));

describe.each(DB_KINDS)('peer relay on %s', (kind) => {
  let a: Region;
  let b: Region;
  /** What region a's relay asked of b: path and status, in order. */
  const seen: { path: string; status: number; ifNoneMatch: string | null }[] = [];
  let peerDown = false;
  let gate: Promise<void> | null = null;
  let tamper: ((path: string, body: string) => string) | null = null;

  const throughB = () => {
    const inner = fetchThrough(b.server.app);
    return (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      if (gate) await gate;
      if (peerDown) throw new TypeError('fetch failed: connect ECONNREFUSED');
      const response = await inner(input, init);
      const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
      seen.push({ path: url.pathname + url.search, status: response.status, ifNoneMatch });
      if (!tamper || response.status !== 200) return response;
      return new Response(tamper(url.pathname, await response.text()), { status: 200, headers: response.headers });
    }) as typeof globalThis.fetch;
  };
  const relay = (owner?: PeerRelay) =>
    owner ??
    new PeerRelay(
      {
        db: a.server.context.db,
        chains: a.server.context.peers,
        bundle: () => publishedBundle(a.server.context.db),
        ed25519: a.server.context.ed25519,
        fetch: throughB(),
        requestTimeoutMs: OPTIONS.requestTimeoutMs,
        now: () => a.clock.now,
        random: () => 0.5,
        log: () => {},
      },
      [{ authority: 'b', url: 'http://b.example' }],
      OPTIONS,
    );
  let main: PeerRelay;
  const getA = (url: string) => a.server.app.inject({ method: 'GET', url });
  const getB = (url: string) => b.server.app.inject({ method: 'GET', url });
  const row = async () => (await a.server.context.peers.row('b'))!;

  beforeAll(async () => {
    b = await openRegion('b', [], 'pglite', null);
    a = await openRegion('a', [{ authority: 'b', keys: b.keys }], kind, cluster);
    await b.server.context.status.publish([{ cid: cid(), status: 'red' }]);
    main = relay();
    await a.server.context.peers.register(main.peers);
  }, 60_000);
  afterAll(async () => {
    await closeRegion(a);
    await closeRegion(b);
  });

  it("first pull: b's snapshot and head relayed byte for byte, served at ?authority=b", async () => {
    expect((await getA('/api/status/head?authority=b')).statusCode).toBe(404);
    expect(await main.pullNow('b')).toBe('stored');
    const headB = (await getB('/api/status/head')).json() as { seq: number; snapshot: { to: number; parts: number } };
    const headA = (await getA('/api/status/head?authority=b')).json() as typeof headB;
    expect(headA.seq).toBe(headB.seq);
    expect(headA.snapshot).toEqual(headB.snapshot);
    const part = `/api/status/snapshot/${headA.snapshot.to}/1`;
    expect((await getA(`${part}?authority=b`)).body).toBe((await getB(part)).body);
    // The home chain is still the default, and ?authority=a names it too.
    expect((await getA('/api/status/head')).json()).toEqual((await getA('/api/status/head?authority=a')).json());
    expect((await getA('/api/status/head?authority=zz')).statusCode).toBe(404);
    const state = await row();
    expect(state).toMatchObject({ seq: headB.seq, peer_seq: headB.seq, failures: 0, last_error: null, last_ok_ms: a.clock.now });
    expect(state.next_pull_ms).toBe(a.clock.now + INTERVAL);
  });

  it('is not due again before the interval: no request at all', async () => {
    const before = seen.length;
    expect(await main.pullNow('b')).toBe('not_due');
    expect(seen.length).toBe(before);
  });

  it('a conditional head: b answers 304 while nothing changed', async () => {
    a.clock.now += INTERVAL;
    const before = seen.length;
    expect(await main.pullNow('b')).toBe('not_modified');
    expect(seen.slice(before)).toEqual([{ path: '/api/status/head', status: 304, ifNoneMatch: expect.stringMatching(/^"h/) }]);
  });

  it("b's revocation: its delta relayed as b signed it", async () => {
    const before = (await row()).seq!;
    await b.server.context.status.publish([{ cid: cid(), status: 'revoked' }]);
    a.clock.now += INTERVAL;
    expect(await main.pullNow('b')).toBe('stored');
    expect((await row()).seq).toBe(before + 1);
    const path = `/api/status/deltas?from=${before}`;
    expect((await getA(`${path}&authority=b`)).body).toBe((await getB(path)).body);
    const [stored] = await a.server.context.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM peer_status_deltas WHERE authority = 'b'",
    );
    expect(stored!.n).toBe(1);
  });

  it('one pull in flight: a second attempt meanwhile sends nothing', async () => {
    await b.server.context.status.publish([{ cid: cid(), status: 'yellow' }]);
    a.clock.now += INTERVAL;
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = main.pullNow('b');
    const second = main.pullNow('b');
    const before = seen.length;
    open();
    gate = null;
    expect(await first).toBe('stored');
    expect(await second).toBe('busy');
    expect(seen.slice(before).filter((s) => s.path === '/api/status/head')).toHaveLength(1);
  });

  it('refuses a delta signed by another authority, and keeps nothing of that reply', async () => {
    const before = (await row()).seq!;
    await b.server.context.status.publish([{ cid: cid(), status: 'red' }]);
    a.clock.now += INTERVAL;
    // a's own status key signs a delta that claims to be b's (gc1.md §6: refused whole).
    const forged = await sealEnvelope(
      { type: 'gc1-status', authority: 'b', from: before, to: before + 1, issuedAt: Math.floor(a.clock.now / 1000), entries: [] },
      nodeSigner(a.keys.status.seed!),
    );
    tamper = (path, body) => (path === '/api/status/deltas' ? JSON.stringify({ envelopes: [forged] }) : body);
    expect(await main.pullNow('b')).toBe('failed');
    tamper = null;
    const state = await row();
    expect(state.seq).toBe(before);
    expect(state.last_error).toMatch(/refused \(wrong_authority\)/);
    expect(state.failures).toBe(1);
  });

  it('backs off exponentially with jitter while b is down, and a keeps serving its own chain', async () => {
    // The failure above set the next pull at the first backoff step.
    const cap = Math.max(INTERVAL, Math.min(5 * 60_000, 5 * INTERVAL));
    const step = (n: number) => backoffDelay(n, { random: () => 0.5, baseMs: 2_000, capMs: cap });
    let state = await row();
    expect(state.next_pull_ms).toBe(state.last_attempt_ms! + step(0));
    const lastOk = state.last_ok_ms;
    peerDown = true;
    for (let n = 1; n <= 3; n++) {
      expect(await main.pullNow('b')).toBe('not_due');
      a.clock.now = state.next_pull_ms;
      expect(await main.pullNow('b')).toBe('failed');
      state = await row();
      expect(state.failures).toBe(n + 1);
      expect(state.next_pull_ms - a.clock.now).toBe(step(n));
      expect(state.last_error).toMatch(/ECONNREFUSED/);
    }
    expect(state.last_ok_ms).toBe(lastOk);
    expect((await getA('/api/status/head')).statusCode).toBe(200);
    expect((await getA('/api/status/head?authority=b')).statusCode).toBe(200);
    peerDown = false;
    a.clock.now = state.next_pull_ms;
    expect(await main.pullNow('b')).toBe('stored');
    state = await row();
    expect(state).toMatchObject({ failures: 0, last_error: null, seq: state.peer_seq });
  });

  it('two relays on one database (two servers of the region): one pulls, the other neither pulls nor stores', async () => {
    await b.server.context.status.publish([{ cid: cid(), status: 'green' }]);
    a.clock.now += INTERVAL;
    const other = relay();
    const before = seen.length;
    const outcomes = await Promise.all([main.pullNow('b'), other.pullNow('b')]);
    // The other finds the lease held ('busy'), or, when the first finished before it asked,
    // the next pull not due yet: either way it neither pulls nor stores.
    expect(outcomes.filter((outcome) => outcome === 'stored')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'stored')).toEqual([expect.stringMatching(/^(busy|not_due)$/)]);
    expect(await other.pullNow('b')).toBe('not_due');
    expect(seen.slice(before).filter((s) => s.path === '/api/status/head')).toHaveLength(1);
    const copies = await a.server.context.db.query<{ from_seq: number; n: number }>(
      "SELECT from_seq, count(*)::int AS n FROM peer_status_deltas WHERE authority = 'b' GROUP BY from_seq HAVING count(*) > 1",
    );
    expect(copies).toEqual([]);
  });

  it('the console and /metrics show the peer', async () => {
    const peers = async () => {
      const login = await a.server.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: REGION_ADMIN_PASSWORD } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      return (await a.server.app.inject({ method: 'GET', url: '/api/admin/peers', headers: { cookie } })).json();
    };
    const view = await peers();
    expect(view.authorities.map((x: { authority: string; home: boolean }) => [x.authority, x.home])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(view.authorities[1].keys[0].fingerprint).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(view.peers).toEqual([expect.objectContaining({ authority: 'b', lag: 0, stale: false, dataAgeSeconds: 0 })]);
    a.clock.now += (view.staleAfterSeconds + 1) * 1000;
    const later = await peers();
    expect(later.peers[0].stale).toBe(true);
    const metrics = await a.server.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.body).toMatch(/gatecheck_peer_status_lag\{authority="b"\} 0/);
    expect(metrics.body).toMatch(/gatecheck_peer_last_pull_timestamp_seconds\{authority="b"\} [1-9]/);
  });
});

describe('--peer must name a recognised authority', () => {
  it('refuses to start with a peer the bundle does not recognise', async () => {
    const open = openRegion('a', [], 'pglite', null, { peers: [{ authority: 'b', url: 'http://127.0.0.1:9' }] });
    await expect(open).rejects.toThrow(StartupError);
    await expect(open).rejects.toThrow(/--peer b: the served trust bundle does not recognise authority b/);
  });
});
