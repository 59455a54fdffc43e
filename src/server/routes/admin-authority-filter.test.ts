/**
 * Entries, their CSV and statistics filtered by the issuing authority of the scanned code (issue
 * 15 item 4, gc1.md §6): an entry's key id is mapped to its authority through the trust bundles
 * the server published, including a key a later bundle no longer lists.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntriesPage, Stats } from '../../core/admin-protocol.ts';
import { b64uEncode, kidOf, sealEnvelope, type EntryUpload, type TrustBundle } from '../../core/index.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';

const cluster = usePostgres();
const HOUR = 3_600_000;
// A day no other test of this file writes to, in the past, so statistics read it from the raw table and the rollups alike.
const BASE = Date.UTC(2025, 3, 1, 0, 0);
const peer = nodeSigner(new Uint8Array(32).fill(41));
const retired = nodeSigner(new Uint8Array(32).fill(42));
const PEER_KID = b64uEncode(kidOf(peer.publicKey));
const RETIRED_KID = b64uEncode(kidOf(retired.publicKey));

describe.each(DB_KINDS)('entries and statistics by issuing authority (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);
  let home: TrustBundle;
  let homeKid: string;

  const publish = async (seq: number, extra: Record<string, unknown>[]) => {
    const keys = home.keys.map((k) => ({ ...k, publicKey: b64uEncode(k.publicKey) }));
    const envelope = await sealEnvelope(
      {
        type: 'gc1-trust',
        seq,
        issuedAt: home.issuedAt + seq,
        expiresAt: home.expiresAt,
        authority: home.authority,
        keys: [...keys, ...extra],
      },
      nodeSigner(h().rootSeed),
    );
    expect((await h().admin('POST', '/api/admin/trust', envelope)).statusCode).toBe(200);
  };
  const peerKey = (signer: ReturnType<typeof nodeSigner>) => ({
    kid: b64uEncode(kidOf(signer.publicKey)),
    publicKey: b64uEncode(signer.publicKey),
    use: 'issuer',
    region: 500000,
    name: { en: 'Chongqing Health Commission' },
    notBefore: 0,
    notAfter: 4_000_000_000,
    authority: 'cq',
  });

  beforeAll(async () => {
    home = await h().trustBundle();
    homeKid = home.keys.find((k) => k.use === 'issuer' && k.authority === home.authority)!.kid;
    // Bundle 1 recognises cq with two issuer keys; bundle 2 retires one of them.
    await publish(home.seq + 1, [peerKey(peer), peerKey(retired)]);
    await publish(home.seq + 2, [peerKey(peer)]);
    const gate = await h().enroll('North gate');
    const entry = (minutes: number, kid: string | undefined, extra: Partial<EntryUpload> = {}): EntryUpload => ({
      id: randomUUID(),
      time: BASE + minutes * 60_000,
      checkpoint: 'North',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      ...(kid ? { kid } : {}),
      ...extra,
    });
    const entries = [
      entry(10, homeKid),
      entry(20, homeKid, { reason: 'status_red', decision: 'refuse' }),
      entry(30, PEER_KID),
      entry(90, RETIRED_KID, { reason: 'status_yellow', decision: 'refer' }),
      entry(100, undefined, { reason: 'not_a_health_code', decision: 'refuse' }),
      entry(110, 'AAECAwQFBgc', { reason: 'unknown_issuer', decision: 'refuse' }),
    ];
    const response = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${gate.credential}` },
      payload: { entries },
    });
    expect(response.statusCode).toBe(200);
  });

  const range = `from=${BASE}&to=${BASE + 24 * HOUR}`;
  const kidsOf = async (query: string) => {
    const response = await h().admin('GET', `/api/admin/entries?${range}&${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json() as EntriesPage).entries.map((e) => e.kid).sort();
  };

  it('lists the entries of one authority, a retired key of it included', async () => {
    expect(await kidsOf('authority=cq')).toEqual([PEER_KID, RETIRED_KID].sort());
    expect(await kidsOf(`authority=${home.authority}`)).toEqual([homeKid, homeKid]);
    expect(await kidsOf(`authority=${home.authority}&decision=refuse`)).toEqual([homeKid]);
    expect(await kidsOf('authority=nowhere')).toEqual([]);
    expect((await kidsOf('')).length).toBe(6);
  });

  it('exports the same entries as CSV', async () => {
    const response = await h().admin('GET', `/api/admin/entries.csv?${range}&authority=cq`);
    expect(response.statusCode).toBe(200);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(PEER_KID) || l.includes(RETIRED_KID))).toBe(true);
  });

  it('counts statistics of one authority only', async () => {
    const stats = async (query: string) => {
      const response = await h().admin('GET', `/api/admin/stats?${range}&${query}`);
      expect(response.statusCode).toBe(200);
      return response.json() as Stats;
    };
    const cq = await stats('authority=cq');
    expect(cq.totals).toMatchObject({ scans: 2, admitted: 1, referred: 1, refused: 0 });
    expect(cq.byResult.map((r) => r.reason).sort()).toEqual(['ok', 'status_yellow']);
    expect(cq.sightings.map((s) => s.yellow)).toEqual([1]);
    expect((await stats(`authority=${home.authority}`)).totals).toMatchObject({ scans: 2, admitted: 1, refused: 1 });
    expect((await stats('')).totals.scans).toBe(6);
  });

  it("names each key's authority in the console's trust view (the filter's choices)", async () => {
    const trust = (await h().admin('GET', '/api/admin/trust')).json() as { authority: string; keys: { kid: string; authority: string }[] };
    expect(trust.authority).toBe(home.authority);
    expect(trust.keys.find((k) => k.kid === PEER_KID)?.authority).toBe('cq');
    expect(trust.keys.find((k) => k.kid === homeKid)?.authority).toBe(home.authority);
  });

  it('refuses a malformed authority with a clear 400', async () => {
    for (const url of [
      '/api/admin/entries?authority=Not%20an%20id',
      '/api/admin/stats?authority=UPPER',
      '/api/admin/entries.csv?authority=-x',
    ]) {
      const response = await h().admin('GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error).toMatch(/authority/);
    }
  });
});
