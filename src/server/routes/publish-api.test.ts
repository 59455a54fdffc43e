import { describe, expect, it } from 'vitest';
import {
  b64uEncode,
  MemoryStatusList,
  openStatusList,
  sealEnvelope,
  signerFromSeed,
  trustKeyDocument,
  tweetnaclEd25519,
  verify,
  type Envelope,
  type StatusHead,
  type TrustBundle,
} from '../../core/index.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminTrust } from '../../core/admin-protocol.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';

const cluster = usePostgres();
const cid = () => b64uEncode(randomBytes(16));

/** What a scanner does: head, snapshot parts, then deltas; every document verified. */
async function syncLikeAScanner(h: Harness, bundle: TrustBundle, list = new MemoryStatusList()): Promise<MemoryStatusList> {
  if (list.seq === null) {
    const head = (await h.app.inject({ method: 'GET', url: '/api/status/head' })).json() as StatusHead;
    for (let part = 1; part <= head.snapshot.parts; part++) {
      const response = await h.app.inject({ method: 'GET', url: `/api/status/snapshot/${head.snapshot.to}/${part}` });
      expect(response.statusCode).toBe(200);
      const opened = await openStatusList(response.json(), bundle, tweetnaclEd25519);
      if (!opened.ok) throw new Error(opened.detail);
      list.apply(opened.document);
    }
  }
  const deltas = await h.app.inject({ method: 'GET', url: `/api/status/deltas?from=${list.seq}` });
  expect(deltas.statusCode).toBe(200);
  for (const envelope of deltas.json().envelopes as Envelope[]) {
    const opened = await openStatusList(envelope, bundle, tweetnaclEd25519);
    if (!opened.ok) throw new Error(opened.detail);
    expect(list.apply(opened.document).kind).toBe('apply-delta');
  }
  return list;
}

describe.each(DB_KINDS)('publishing trust and status (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, {
    status: { snapshotPartSize: 3, maxDeltaChain: 6, maxChainEntries: 1000 },
  });

  const trustDoc = (seq: number, keys: TrustBundle['keys'] | null = null, h2 = h()) => {
    const bundleKeys = (keys ?? []).map((k) => trustKeyDocument(k));
    const now = Math.floor(h2.clock.now / 1000);
    return { type: 'gc1-trust', seq, issuedAt: now, expiresAt: now + 86_400, keys: bundleKeys };
  };

  it('serves health and the pinned root key in config.json', async () => {
    expect((await h().app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ ok: true, database: kind });
    const config = await h().app.inject({ method: 'GET', url: '/config.json' });
    const root = JSON.parse(readFileSync(join(h().dataDir, 'keys', 'root.json'), 'utf8'));
    expect(config.json()).toEqual({ rootKey: root.publicKey, apiBase: '' });
    expect(config.headers['cache-control']).toBe('no-cache');
  });

  it('publishes the trust bundle with an ETag, answering 304 when unchanged', async () => {
    const first = await h().app.inject({ method: 'GET', url: '/api/trust' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toContain('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"t1-[0-9a-f]{16}"$/);
    const again = await h().app.inject({ method: 'GET', url: '/api/trust', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const bundle = await h().trustBundle();
    expect(bundle.seq).toBe(1);
    expect(bundle.keys.map((k) => k.use).sort()).toEqual(['issuer', 'status']);
  });

  it('imports a newer bundle signed offline by the root, and refuses other roots, rollbacks and bundles without its status key', async () => {
    const held = await h().trustBundle();
    const root = signerFromSeed(h().rootSeed);
    const stranger = signerFromSeed(new Uint8Array(randomBytes(32)));

    const foreign = await h().admin('POST', '/api/admin/trust', await sealEnvelope(trustDoc(5, held.keys), stranger));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ problem: 'wrong_root' });

    const noStatusKey = await h().admin(
      'POST',
      '/api/admin/trust',
      await sealEnvelope(
        trustDoc(
          5,
          held.keys.filter((k) => k.use === 'issuer'),
        ),
        root,
      ),
    );
    expect(noStatusKey.statusCode).toBe(400);
    expect(noStatusKey.json()).toMatchObject({ problem: 'status_key_missing' });

    const tampered = await sealEnvelope(trustDoc(5, held.keys), root);
    const bad = await h().admin('POST', '/api/admin/trust', { ...tampered, sig: b64uEncode(new Uint8Array(64)) });
    expect(bad.statusCode).toBe(400);
    expect(await h().count('trust_bundles')).toBe(1);

    const newer = await h().admin('POST', '/api/admin/trust', await sealEnvelope(trustDoc(2, held.keys), root));
    expect(newer.statusCode).toBe(200);
    expect(newer.json()).toEqual({ seq: 2, unchanged: false });
    expect((await h().trustBundle()).seq).toBe(2);
    const shown = (await h().admin('GET', '/api/admin/trust')).json() as AdminTrust;
    expect(shown).toMatchObject({ seq: 2 });
    expect(shown.keys.map((k) => [k.use, k.kid, k.publicKey])).toEqual(held.keys.map((k) => [k.use, k.kid, b64uEncode(k.publicKey)]));
    expect(shown.keys.some((k) => k.use === 'status' && k.kid === shown.statusKid)).toBe(true);

    const rollback = await h().admin('POST', '/api/admin/trust', await sealEnvelope(trustDoc(1, held.keys), root));
    expect(rollback.statusCode).toBe(409);
    expect(rollback.json()).toMatchObject({ problem: 'rollback' });
    const sameSeqOther = await h().admin('POST', '/api/admin/trust', await sealEnvelope({ ...trustDoc(2, held.keys), expiresAt: 1 }, root));
    expect(sameSeqOther.statusCode).toBe(409);
    expect((await h().trustBundle()).seq).toBe(2);
    expect(await h().count('trust_bundles')).toBe(2);
  });

  it('turns each status change into a signed delta that a scanner verifies and applies', async () => {
    const bundle = await h().trustBundle();
    const list = await syncLikeAScanner(h(), bundle);
    const start = list.seq!;
    const a = cid();
    const b = cid();
    const changed = await h().admin('POST', '/api/admin/status', {
      changes: [
        { cid: a, status: 'yellow' },
        { cid: b, status: 'red', until: 4_000_000_000 },
      ],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ from: start, to: start + 2 });
    await h().admin('POST', '/api/admin/status', { changes: [{ cid: a, status: 'revoked' }] });

    const deltas = await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${start}` });
    const envelopes = deltas.json().envelopes as Envelope[];
    expect(envelopes).toHaveLength(2);
    const docs = await Promise.all(envelopes.map((e) => openStatusList(e, bundle, tweetnaclEd25519)));
    expect(docs.map((d) => d.ok && [d.document.from, d.document.to])).toEqual([
      [start, start + 2],
      [start + 2, start + 3],
    ]);

    await syncLikeAScanner(h(), bundle, list);
    expect(list.seq).toBe(start + 3);
    expect(list.lookup(a)).toEqual({ status: 'revoked' });
    expect(list.lookup(b)).toEqual({ status: 'red', until: 4_000_000_000 });
    expect((await h().admin('GET', `/api/admin/status/${a}`)).json()).toMatchObject({ status: 'revoked', seq: start + 3 });

    const empty = await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${start + 3}` });
    expect(empty.json()).toEqual({ envelopes: [] });
  });

  it('answers 304 for unchanged heads and delta chains', async () => {
    const head = await h().app.inject({ method: 'GET', url: '/api/status/head' });
    const seq = (head.json() as StatusHead).seq;
    expect(
      (await h().app.inject({ method: 'GET', url: '/api/status/head', headers: { 'if-none-match': String(head.headers.etag) } }))
        .statusCode,
    ).toBe(304);
    const chain = await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${seq}` });
    expect(chain.headers.etag).toBe(`"d${seq}-${seq}"`);
    expect(
      (await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${seq}`, headers: { 'if-none-match': `"d${seq}-${seq}"` } }))
        .statusCode,
    ).toBe(304);
    await h().admin('POST', '/api/admin/status', { changes: [{ cid: cid(), status: 'green' }] });
    const moved = await h().app.inject({
      method: 'GET',
      url: `/api/status/deltas?from=${seq}`,
      headers: { 'if-none-match': `"d${seq}-${seq}"` },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().envelopes).toHaveLength(1);
  });

  it('answers 410 with the snapshot for unknown or too old sequences', async () => {
    const { seq } = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json() as StatusHead;
    for (let i = 0; i < 7; i++) await h().admin('POST', '/api/admin/status', { changes: [{ cid: cid(), status: 'yellow' }] });
    const tooOld = await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${seq}` });
    expect(tooOld.statusCode).toBe(410);
    const head = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json() as StatusHead;
    expect(tooOld.json()).toMatchObject({ error: expect.stringContaining('snapshot'), snapshot: head.snapshot });
    for (const from of [0, head.seq + 1, seq + 1 + 0.5]) {
      const response = await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${from}` });
      expect(response.statusCode, `from=${from}`).toBe(Number.isInteger(from) ? 410 : 400);
    }
    expect((await h().app.inject({ method: 'GET', url: '/api/status/deltas' })).statusCode).toBe(400);
    expect((await h().app.inject({ method: 'GET', url: '/api/status/deltas?from=-1' })).statusCode).toBe(400);
  });

  it('serves the snapshot in signed parts that a fresh scanner assembles', async () => {
    const bundle = await h().trustBundle();
    const head = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json() as StatusHead;
    expect(head.snapshot.parts).toBeGreaterThan(2);
    const part = await h().app.inject({ method: 'GET', url: `/api/status/snapshot/${head.snapshot.to}/1` });
    expect(part.headers['cache-control']).toContain('immutable');
    expect(
      (
        await h().app.inject({
          method: 'GET',
          url: `/api/status/snapshot/${head.snapshot.to}/1`,
          headers: { 'if-none-match': String(part.headers.etag) },
        })
      ).statusCode,
    ).toBe(304);
    expect(
      (await h().app.inject({ method: 'GET', url: `/api/status/snapshot/${head.snapshot.to}/${head.snapshot.parts + 1}` })).statusCode,
    ).toBe(404);
    expect((await h().app.inject({ method: 'GET', url: `/api/status/snapshot/abc/1` })).statusCode).toBe(400);

    const fresh = await syncLikeAScanner(h(), bundle);
    const veteran = new MemoryStatusList();
    // Everything ever changed, replayed in order, must equal what the fresh scanner holds.
    const rows = await h().ctx.db.query<{ cid: string; status: 'green' | 'yellow' | 'red' | 'revoked'; until: number | null }>(
      'SELECT cid, status, until FROM status_changes ORDER BY seq',
    );
    veteran.apply({
      authority: 'home',
      from: 0,
      to: fresh.seq!,
      issuedAt: 0,
      part: 1,
      parts: 1,
      entries: rows.map((r) => (r.until === null ? { cid: r.cid, status: r.status } : { cid: r.cid, status: r.status, until: r.until })),
    });
    expect(fresh.size).toBe(veteran.size);
    for (const r of rows) expect(fresh.lookup(r.cid)).toEqual(veteran.lookup(r.cid));
  });

  it('refuses bad status changes and writes nothing', async () => {
    const before = await h().count('status_changes');
    for (const changes of [
      [],
      [{ cid: 'short', status: 'red' }],
      [{ cid: cid(), status: 'purple' }],
      [{ cid: cid(), status: 'red', until: '2030' }],
      [{ cid: cid(), status: 'red', name: 'x' }],
      'red',
    ]) {
      const response = await h().admin('POST', '/api/admin/status', { changes });
      expect(response.statusCode, JSON.stringify(changes)).toBe(400);
    }
    expect(await h().count('status_changes')).toBe(before);
  });

  it('issues demo codes that verify against the published trust data', async () => {
    const bundle = await h().trustBundle();
    const response = await h().admin('POST', '/api/admin/codes', { status: 'green', name: '张*明', hint: '1234', validDays: 1 });
    expect(response.statusCode).toBe(200);
    const code = response.json();
    expect(code.svg).toMatch(/^<svg/);
    const verdict = await verify(code.text, { bundle }, null, Math.floor(h().clock.now / 1000), { ed25519: tweetnaclEd25519 });
    expect(verdict.reason).toBe('ok');
    expect(verdict.cid).toBe(code.cid);
    expect((await h().admin('POST', '/api/admin/codes', { status: 'blue' })).statusCode).toBe(400);
  });

  it('serves demo codes on /demo that give their labelled verdicts', async () => {
    const page = await h().app.inject({ method: 'GET', url: '/demo', headers: { host: 'evil.example' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('DEMO');
    // The app link follows the public-origin rule, never the Host header a client chose.
    expect(page.body).not.toContain('evil.example');
    expect(page.body).toContain('href="http://localhost/"');
    expect(page.body.match(/<svg/g)).toHaveLength(4);
    const bundle = await h().trustBundle();
    const list = await syncLikeAScanner(h(), bundle);
    const codes = JSON.parse(readFileSync(join(h().dataDir, 'demo', 'codes.json'), 'utf8')) as { text: string; expect: string }[];
    const reasons = [];
    for (const c of codes)
      reasons.push((await verify(c.text, { bundle }, list, Math.floor(h().clock.now / 1000), { ed25519: tweetnaclEd25519 })).reason);
    expect(reasons).toEqual(codes.map((c) => c.expect));
    expect(reasons).toEqual(['ok', 'status_yellow', 'status_red', 'revoked']);
  });
});
