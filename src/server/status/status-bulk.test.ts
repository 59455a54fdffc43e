/**
 * Bulk status changes on PGlite and PostgreSQL: a 10,000-code preview (found, unknown,
 * unchanged, scanners reached) within 2 s, published as one signed delta in the account's
 * name with its audit row, undone by another delta (codes that had no status get an entry
 * that has already lapsed, so their printed colour stands), and never undone twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64uEncode, MemoryStatusList, openStatusList, tweetnaclEd25519, entryApplies } from '../../core/index.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';

const cluster = usePostgres();
const cids = (n: number) => Array.from({ length: n }, () => b64uEncode(randomBytes(16)));

describe.each(DB_KINDS)('bulk status changes (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);

  it('previews 10,000 codes within 2 s, publishes them as one delta, and undoes it as another', async () => {
    const { credential } = await h().enroll('Bulk gate');
    const changesAtStart = await h().count('status_changes');
    const seen = cids(3);
    // Three codes the server knows: two scanned, one with a published status already.
    const now = h().clock.now;
    const entry = (cid: string) => ({
      id: randomUUID(),
      time: now - 1000,
      checkpoint: 'Bulk gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid,
    });
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/entries',
          headers: { authorization: `Bearer ${credential}` },
          payload: { entries: [entry(seen[0]!), entry(seen[1]!)] },
        })
      ).statusCode,
    ).toBe(200);
    const first = await h().admin('POST', '/api/admin/status', { changes: [{ cid: seen[2]!, status: 'yellow' }] });
    expect(first.json()).toMatchObject({ changed: 1, unchanged: 0 });

    const fresh = cids(9_997);
    const changes = [
      ...fresh.map((cid) => ({ cid, status: 'red' })),
      { cid: seen[0]!, status: 'red' },
      { cid: seen[1]!, status: 'red' },
      { cid: seen[2]!, status: 'yellow' },
    ];
    const preview = await h().admin('POST', '/api/admin/status/preview', { changes });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 10_000, found: 2, unknown: 9_997, unchanged: 1, scanners: 1 });
    expect(preview.json().sample).toHaveLength(20);
    const headBefore = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json().seq;
    expect(await h().count('status_changes')).toBe(changesAtStart + 1); // the preview wrote nothing

    const published = await h().admin('POST', '/api/admin/status', { changes });
    expect(published.json()).toMatchObject({ changed: 9_999, unchanged: 1, from: headBefore, to: headBefore + 9_999 });
    const batchId = published.json().batchId as string;
    const [audit] = await h().ctx.db.query<{
      account_name: string;
      action: string;
      details: { count: number; byStatus: Record<string, number> };
    }>("SELECT account_name, action, details FROM audit_log WHERE action = 'status.publish' ORDER BY id DESC LIMIT 1");
    expect(audit).toMatchObject({ account_name: 'admin', details: { count: 9_999, byStatus: { red: 9_999 } } });

    // A scanner following the chain from before sees one delta of 9,999 codes.
    const list = new MemoryStatusList();
    const bundle = await h().trustBundle();
    const deltas = (await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${headBefore}` })).json().envelopes as unknown[];
    expect(deltas).toHaveLength(1);
    list.seq = headBefore;
    for (const envelope of deltas) {
      const opened = await openStatusList(envelope, bundle, tweetnaclEd25519);
      if (!opened.ok) throw new Error(opened.detail);
      list.apply(opened.document);
    }
    expect(list.lookup(fresh[0]!)).toEqual({ status: 'red' });

    // Undo: the one with an earlier status gets it back; the rest get an entry that has lapsed.
    h().clock.advance(5000);
    const undo = await h().admin('POST', `/api/admin/status/batches/${batchId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ changed: 9_999, from: headBefore + 9_999, to: headBefore + 2 * 9_999 });
    const undoDeltas = (await h().app.inject({ method: 'GET', url: `/api/status/deltas?from=${headBefore + 9_999}` })).json()
      .envelopes as unknown[];
    const opened = await openStatusList(undoDeltas[0], bundle, tweetnaclEd25519);
    if (!opened.ok) throw new Error(opened.detail);
    list.apply(opened.document);
    const nowSeconds = Math.floor(h().clock.now / 1000);
    expect(entryApplies(list.lookup(fresh[0]!)!, nowSeconds)).toBe(false);
    expect(await h().ctx.status.statusOf(seen[0]!)).toMatchObject({ status: 'red' });
    expect((await h().admin('POST', `/api/admin/status/batches/${batchId}/undo`)).statusCode).toBe(409);
    const batches = (await h().admin('GET', '/api/admin/status/batches')).json().batches as {
      id: string;
      undoOf: string | null;
      undoneBy: string | null;
      accountName: string;
    }[];
    expect(batches[0]).toMatchObject({ undoOf: batchId, accountName: 'admin' });
    expect(batches.find((b) => b.id === batchId)?.undoneBy).toBe(batches[0]!.id);
    expect((await h().admin('POST', '/api/admin/status/batches/00000000-0000-4000-8000-000000000000/undo')).statusCode).toBe(404);
  });

  it('publishes nothing when every code already has the asked status, and refuses bad lists whole', async () => {
    const [cid] = cids(1);
    await h().admin('POST', '/api/admin/status', { changes: [{ cid, status: 'red', until: 4_000_000_000 }] });
    const head = await h().count('status_changes');
    const again = await h().admin('POST', '/api/admin/status', { changes: [{ cid, status: 'red', until: 4_000_000_000 }] });
    expect(again.json()).toMatchObject({ batchId: null, changed: 0, unchanged: 1 });
    expect(await h().count('status_changes')).toBe(head);
    for (const body of [
      { changes: [] },
      { changes: [{ cid, status: 'purple' }] },
      { changes: [{ cid: 'short', status: 'red' }] },
      { changes: [{ cid, status: 'red', until: -1 }] },
      { changes: [{ cid, status: 'red', extra: 1 }] },
    ]) {
      expect((await h().admin('POST', '/api/admin/status', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await h().count('status_changes')).toBe(head);
  });
});
