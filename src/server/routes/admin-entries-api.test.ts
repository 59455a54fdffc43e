import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminEntry, EntriesPage, Stats } from '../../core/admin-protocol.ts';
import type { EntryUpload } from '../../core/index.ts';
import { entriesCsv } from '../entries/entry-query.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';

const cluster = usePostgres();
const MIN = 60_000;
const HOUR = 60 * MIN;
// A day in the past that no other test writes to, so every count here is exact.
const BASE = Date.UTC(2025, 2, 1, 0, 0);
const CID_X = 'AAECAwQFBgcICQoLDA0ODw';
const CID_Y = 'EBESExQVFhcYGRobHB0eHw';

type Seed = Partial<EntryUpload> & { at: number; gate: 'A' | 'B' };
// Scans at gates A and B: [minutes after BASE, reason, decision, extras].
const SEEDS: Seed[] = [
  { gate: 'A', at: 10 * MIN, reason: 'ok', decision: 'admit', cid: CID_Y },
  { gate: 'A', at: 20 * MIN, reason: 'status_red', decision: 'refuse', cid: CID_X },
  {
    gate: 'A',
    at: 70 * MIN,
    reason: 'status_yellow',
    decision: 'refer',
    cid: CID_Y,
    override: { decision: 'admit', reason: 'supervisor', at: BASE + 75 * MIN },
  },
  {
    gate: 'B',
    at: 80 * MIN,
    reason: 'bad_signature',
    decision: 'refuse',
    cid: CID_X,
    checkpoint: '=HYPERLINK("http://evil")',
    override: { decision: 'admit', reason: 'known, "staff"', at: BASE + 81 * MIN },
  },
  { gate: 'B', at: 130 * MIN, reason: 'ok', decision: 'admit', cid: CID_X },
  { gate: 'A', at: 130 * MIN, reason: 'expired', decision: 'refuse', cid: CID_Y },
  { gate: 'B', at: 190 * MIN, reason: 'not_a_health_code', decision: 'refuse', cid: undefined, kid: undefined },
  { gate: 'A', at: 25 * HOUR, reason: 'ok', decision: 'admit', cid: CID_Y, direction: 'out' },
];

describe.each(DB_KINDS)('admin entries, CSV and statistics (%s)', (kind) => {
  // Sessions outlive the day the silent-device test moves the clock by.
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { sessionTtlMs: 7 * 24 * HOUR } });
  const gates: Record<'A' | 'B', { checkpointId: string; deviceId: string; credential: string }> = {} as never;
  const ids: string[] = [];

  beforeAll(async () => {
    gates.A = await h().enroll('东门 East gate');
    gates.B = await h().enroll('West gate');
    for (const gate of ['A', 'B'] as const) {
      const entries = SEEDS.filter((s) => s.gate === gate).map(({ gate: _gate, at, ...rest }) => {
        const entry: EntryUpload = {
          id: randomUUID(),
          time: BASE + at,
          checkpoint: gate === 'A' ? '东门' : 'West',
          direction: 'in',
          reason: 'ok',
          decision: 'admit',
          kid: 'AAECAwQFBgc',
          ...rest,
        };
        ids[SEEDS.findIndex((s) => s.at === at && s.gate === gate)] = entry.id;
        return entry;
      });
      const response = await h().app.inject({
        method: 'POST',
        url: '/api/entries',
        headers: { authorization: `Bearer ${gates[gate].credential}` },
        payload: { entries },
      });
      expect(response.statusCode).toBe(200);
    }
  });

  const inRange = `from=${BASE}&to=${BASE + 2 * 24 * HOUR}`;
  const list = async (query: string) => {
    const response = await h().admin('GET', `/api/admin/entries?${inRange}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as EntriesPage;
  };
  const seedsOf = (page: EntriesPage) => page.entries.map((e) => ids.indexOf(e.id));

  it('lists entries newest first with the checkpoint, device and override, never a name', async () => {
    const page = await list('');
    expect(page.total).toBe(8);
    expect(page.next).toBeNull();
    expect(seedsOf(page)[0]).toBe(7);
    expect(page.entries.map((e) => e.time)).toEqual([...page.entries.map((e) => e.time)].sort((a, b) => b - a));
    const overridden = page.entries.find((e) => e.id === ids[3])!;
    expect(overridden).toEqual<AdminEntry>({
      id: ids[3]!,
      time: BASE + 80 * MIN,
      receivedMs: h().clock.now,
      checkpointId: gates.B.checkpointId,
      checkpointName: 'West gate',
      checkpointLabel: '=HYPERLINK("http://evil")',
      deviceId: gates.B.deviceId,
      deviceName: 'phone 1',
      direction: 'in',
      reason: 'bad_signature',
      decision: 'refuse',
      cid: 'AAECAwQFBgcICQoLDA0ODw',
      kid: 'AAECAwQFBgc',
      override: { decision: 'admit', reason: 'known, "staff"', at: BASE + 81 * MIN },
      clockNote: null,
    });
    expect(JSON.stringify(page)).not.toMatch(/"name"|holder|hint/);
  });

  it('narrows by checkpoint, decision, reason, override, time range and cid', async () => {
    const sorted = async (query: string) => seedsOf(await list(query)).sort((a, b) => a - b);
    expect(await sorted(`checkpoint=${gates.B.checkpointId}`)).toEqual([3, 4, 6]);
    expect(await sorted(`checkpoint=${gates.A.checkpointId.toUpperCase()}&decision=refuse`)).toEqual([1, 5]);
    expect(await sorted('reason=ok')).toEqual([0, 4, 7]);
    expect(await sorted('overridden=true')).toEqual([2, 3]);
    expect(await sorted('overridden=false&decision=refuse')).toEqual([1, 5, 6]);
    expect(await sorted(`cid=${CID_X}`)).toEqual([1, 3, 4]);
    const window = await h().admin('GET', `/api/admin/entries?from=${BASE + 70 * MIN}&to=${BASE + 130 * MIN}`);
    expect(seedsOf(window.json()).sort()).toEqual([2, 3]);
    expect((await list(`cid=${CID_X}&decision=refer`)).total).toBe(0);
  });

  it('pages through every match exactly once, ties in time included', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: EntriesPage = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(8);
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...seedsOf(page));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it.each([
    ['an unknown parameter', 'name=x'],
    ['a bad decision', 'decision=maybe'],
    ['a bad reason', 'reason=fine'],
    ['a bad overridden', 'overridden=yes'],
    ['a checkpoint that is no UUID', 'checkpoint=gate'],
    ['a short cid', 'cid=AAAA'],
    ['a range backwards', `from=${BASE + 1}&to=${BASE}`],
    ['a time that is no number', 'from=yesterday'],
    ['a zero limit', 'limit=0'],
    ['a limit over the maximum', 'limit=501'],
    ['a forged cursor', "cursor=1.'; DROP TABLE entries; --"],
    ['a parameter given twice', 'decision=admit&decision=refuse'],
  ])('refuses %s with 400', async (_label, query) => {
    const response = await h().admin('GET', `/api/admin/entries?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.length).toBeGreaterThan(5);
    expect((await h().admin('GET', `/api/admin/entries.csv?${query}`)).statusCode).toBe(400);
  });

  it('keeps entries, the export and statistics behind sign-in', async () => {
    for (const url of ['/api/admin/entries', '/api/admin/entries.csv', '/api/admin/stats']) {
      expect((await h().app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('exports the filtered entries as CSV a spreadsheet opens safely', async () => {
    const response = await h().admin('GET', `/api/admin/entries.csv?${inRange}&overridden=true`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="gatecheck-entries-\d{8}-\d{4}\.csv"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.startsWith('\uFEFFid,time,checkpoint_id,checkpoint_name,')).toBe(true);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const b = lines.find((l) => l.startsWith(ids[3]!))!;
    expect(b).toContain(`,${new Date(BASE + 80 * MIN).toISOString()},${gates.B.checkpointId},West gate,"'=HYPERLINK(""http://evil"")",`);
    expect(b).toContain(`,admit,"known, ""staff""",,${new Date(BASE + 81 * MIN).toISOString()},${CID_X},`);
    const a = lines.find((l) => l.startsWith(ids[2]!))!;
    expect(a).toContain(',东门 East gate,东门,');
  });

  it('streams a large export in pages without losing or repeating a row', async () => {
    let csv = '';
    for await (const chunk of entriesCsv(h().ctx.db, { from: BASE, to: BASE + 2 * 24 * HOUR }, 3)) csv += chunk;
    const rows = csv
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((l) => l.slice(0, 36));
    expect(rows.sort()).toEqual([...ids].sort());
  });

  it('counts scans per hour, per checkpoint and per result by the decision that stands, with overridden scans', async () => {
    const response = await h().admin('GET', `/api/admin/stats?from=${BASE}&to=${BASE + 24 * HOUR}`);
    expect(response.statusCode, response.body).toBe(200);
    const stats = response.json() as Stats;
    expect(stats.bucketMs).toBe(HOUR);
    expect(stats.series).toHaveLength(24);
    expect(stats.series[0]!.start).toBe(BASE);
    expect(stats.series.slice(0, 4).map((b) => [b.scans, b.refused, b.overridden])).toEqual([
      [2, 1, 0],
      [2, 0, 2],
      [2, 1, 0],
      [1, 1, 0],
    ]);
    expect(stats.series.slice(4).every((b) => b.scans === 0)).toBe(true);
    expect(stats.totals).toEqual({
      scans: 7,
      admitted: 4,
      refused: 3,
      referred: 0,
      overridden: 2,
      overriddenToAdmit: 2,
      overriddenToRefuse: 0,
    });
    expect(stats.byCheckpoint).toEqual([
      { checkpointId: gates.A.checkpointId, name: '东门 East gate', scans: 4, admitted: 2, refused: 2, referred: 0, overridden: 1 },
      { checkpointId: gates.B.checkpointId, name: 'West gate', scans: 3, admitted: 2, refused: 1, referred: 0, overridden: 1 },
    ]);
    expect(stats.byResult[0]).toEqual({ decision: 'admit', reason: 'ok', scans: 2 });
    expect(stats.byResult).toHaveLength(6);
    expect(stats.byResult.reduce((n, r) => n + r.scans, 0)).toBe(7);
  });

  it("counts per day over long ranges, from the administrator's midnight", async () => {
    // UTC+8: local midnight is 16:00 UTC the day before.
    const response = await h().admin('GET', `/api/admin/stats?from=${BASE}&to=${BASE + 8 * 24 * HOUR}&tz=480`);
    const stats = response.json() as Stats;
    expect(stats.bucketMs).toBe(24 * HOUR);
    expect(stats.series[0]!.start).toBe(BASE - 8 * HOUR);
    expect(stats.series.slice(0, 3).map((b) => b.scans)).toEqual([7, 1, 0]);
    expect(stats.series).toHaveLength(9);
    for (const query of ['tz=900', 'tz=8h', 'from=1&to=99999999999', 'from=5', 'span=1']) {
      expect((await h().admin('GET', `/api/admin/stats?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('lists unrevoked devices that have not uploaded for a day, or never', async () => {
    const quiet = await h().enroll('Back door');
    const silentIds = async () => ((await h().admin('GET', '/api/admin/stats')).json() as Stats).silentDevices.map((d) => d.id);
    const now = await h().admin('GET', '/api/admin/stats');
    const stats = now.json() as Stats;
    expect(stats.to).toBe(h().clock.now);
    expect(stats.from).toBe(h().clock.now - 24 * HOUR);
    expect(stats.silentDevices).toEqual([
      {
        id: quiet.deviceId,
        checkpointId: quiet.checkpointId,
        checkpointName: 'Back door',
        name: 'phone 1',
        createdMs: h().clock.now,
        revokedMs: null,
        lastSeenMs: null,
      },
    ]);

    h().clock.advance(24 * HOUR + 1);
    expect((await silentIds()).sort()).toEqual([quiet.deviceId, gates.A.deviceId, gates.B.deviceId].sort());
    await h().admin('POST', `/api/admin/devices/${quiet.deviceId}/revoke`);
    const upload = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${gates.A.credential}` },
      payload: { entries: [] },
    });
    expect(upload.statusCode).toBe(200);
    expect(await silentIds()).toEqual([gates.B.deviceId]);
  });
});
