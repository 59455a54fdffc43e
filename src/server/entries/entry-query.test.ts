/**
 * Regressions of issue 8 in the console's entry reads: a malformed cursor was a 500 (it
 * reached SQL's uuid cast), and a stored time beyond what a Date holds cut the CSV export
 * after its header (RangeError: Invalid time value).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';
import { insertEntries } from './entry-store.ts';

const cluster = usePostgres();

describe.each(DB_KINDS)('entry list and CSV export on odd input and odd rows (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);

  it.each([
    [`1.${'a'.repeat(36)}`],
    [`1.${'-'.repeat(36)}`],
    [`1.${'g'.repeat(8)}-0000-4000-8000-000000000000`],
    ['99999999999999999.0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f'],
    ['9999999999999999.0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f'],
    ['.0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f'],
  ])('refuses the cursor %s with 400', async (cursor) => {
    const response = await h().admin('GET', `/api/admin/entries?cursor=${encodeURIComponent(cursor)}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/cursor/);
  });

  it('exports, lists and pages past rows whose times no Date can hold', async () => {
    const { deviceId, checkpointId } = await h().enroll();
    // Stored through the entry store, as an older server (no time range) accepted them.
    const odd = [9007199254740991, 8.64e15 + 1, 0].map((time) => ({
      id: randomUUID(),
      time,
      checkpoint: 'Odd gate',
      direction: 'in' as const,
      reason: 'ok' as const,
      decision: 'admit' as const,
      override: { decision: 'refuse' as const, reason: 'late', at: 9007199254740990 },
    }));
    await insertEntries(h().ctx.db, { deviceId, checkpointId }, odd, h().clock.now);

    const csv = await h().admin('GET', '/api/admin/entries.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines.length).toBe(1 + odd.length);
    expect(csv.body).toContain('9007199254740991');
    expect(csv.body).toContain('1970-01-01T00:00:00.000Z');
    for (const e of odd) expect(csv.body).toContain(e.id);

    const first = await h().admin('GET', '/api/admin/entries?limit=1');
    expect(first.statusCode).toBe(200);
    expect(first.json().entries[0].time).toBe(9007199254740991);
    const next = await h().admin('GET', `/api/admin/entries?limit=1&cursor=${encodeURIComponent(first.json().next)}`);
    expect(next.statusCode).toBe(200);
    expect(next.json().entries[0].time).toBe(8.64e15 + 1);
  });
});
