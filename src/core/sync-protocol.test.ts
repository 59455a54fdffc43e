import { describe, expect, it } from 'vitest';
import { isUuid, MAX_ENTRIES_PER_BATCH, SYNC_PATHS, validateEntriesRequest, validateEntry, type EntryUpload } from './sync-protocol.ts';

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f',
  time: 1764190000123,
  checkpoint: 'North gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: 'AAECAwQFBgcICQoLDA0ODw',
  kid: 'AAECAwQFBgc',
  ...over,
});

describe('validateEntriesRequest', () => {
  it('accepts a valid batch and keeps ids as sent', () => {
    const result = validateEntriesRequest({ entries: [entry({ id: '0B9F4C8E-2F3A-4C55-9D1E-7A6B5C4D3E2F' }), entry({ id: 'b2c3d4e5-0000-4000-8000-000000000000', cid: undefined, kid: null })] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries[0]!.id).toBe('0B9F4C8E-2F3A-4C55-9D1E-7A6B5C4D3E2F');
    expect(result.entries[1]).not.toHaveProperty('cid');
    expect(result.entries[1]).not.toHaveProperty('kid');
  });

  it('keeps a valid override and clock note', () => {
    const result = validateEntry(entry({ decision: 'refuse', reason: 'status_yellow', override: { decision: 'admit', reason: 'supervisor', at: 5 }, clockNote: 'clock 3 min behind' }));
    expect(result).toMatchObject({ override: { decision: 'admit', reason: 'supervisor', at: 5 }, clockNote: 'clock 3 min behind' } satisfies Partial<EntryUpload>);
  });

  it('accepts an empty batch and an empty checkpoint label', () => {
    expect(validateEntriesRequest({ entries: [] })).toEqual({ ok: true, entries: [] });
    expect(validateEntriesRequest({ entries: [entry({ checkpoint: '' })] }).ok).toBe(true);
  });

  it.each([
    ['not an object', [1], '', 'wrong_type'],
    ['a missing body field', {}, 'entries', 'missing'],
    ['entries not an array', { entries: 'x' }, 'entries', 'wrong_type'],
    ['an extra top-level field', { entries: [], device: 'x' }, 'device', 'unknown_field'],
  ])('refuses %s', (_label, body, field, problem) => {
    expect(validateEntriesRequest(body)).toMatchObject({ ok: false, problems: [{ index: -1, field, problem }] });
  });

  it.each([
    ['a missing id', { id: undefined }, 'id', 'missing'],
    ['a non-uuid id', { id: 'entry-1' }, 'id', 'invalid'],
    ['a numeric id', { id: 12 }, 'id', 'wrong_type'],
    ['a string time', { time: '1764190000' }, 'time', 'wrong_type'],
    ['a fractional time', { time: 1.5 }, 'time', 'invalid'],
    ['a negative time', { time: -1 }, 'time', 'invalid'],
    ['a bad direction', { direction: 'sideways' }, 'direction', 'invalid'],
    ['an unknown reason', { reason: 'fine' }, 'reason', 'invalid'],
    ['an unknown decision', { decision: 'maybe' }, 'decision', 'invalid'],
    ['a short cid', { cid: 'AAEC' }, 'cid', 'invalid'],
    ['a numeric kid', { kid: 5 }, 'kid', 'wrong_type'],
    ['a name', { name: '张三' }, 'name', 'unknown_field'],
    ['an override to refer', { override: { decision: 'refer', reason: 'x', at: 1 } }, 'override.decision', 'invalid'],
    ['an override without reason', { override: { decision: 'admit', at: 1 } }, 'override.reason', 'missing'],
    ['an override that is a string', { override: 'admit' }, 'override', 'wrong_type'],
    ['an override with extra fields', { override: { decision: 'admit', reason: 'x', at: 1, by: 'Wang' } }, 'override.by', 'unknown_field'],
    ['a long checkpoint label', { checkpoint: 'x'.repeat(201) }, 'checkpoint', 'invalid'],
    ['an empty clock note', { clockNote: '' }, 'clockNote', 'invalid'],
  ])('refuses the whole batch for %s', (_label, over, field, problem) => {
    const result = validateEntriesRequest({ entries: [entry({ id: 'b2c3d4e5-0000-4000-8000-000000000000' }), entry(over)] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ index: 1, field, problem });
    expect(result.error).toContain('entry 1');
  });

  it('refuses more entries than the batch limit', () => {
    const entries = Array.from({ length: MAX_ENTRIES_PER_BATCH + 1 }, () => entry());
    expect(validateEntriesRequest({ entries })).toMatchObject({ ok: false, problems: [{ field: 'entries', problem: 'invalid' }] });
    expect(validateEntriesRequest({ entries: entries.slice(0, 3) }, 2).ok).toBe(false);
  });

  it('reports at most 20 problems for a batch of garbage', () => {
    const result = validateEntriesRequest({ entries: Array.from({ length: 500 }, () => ({})) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.length).toBeLessThanOrEqual(20);
  });

  it('never throws on random values', () => {
    const values: unknown[] = [null, 0, '', [], {}, { entries: null }, { entries: [null] }, { entries: [[]] }, { entries: [{ override: null }] }, { entries: [{ override: [] }] }];
    for (const v of values) expect(() => validateEntriesRequest(v)).not.toThrow();
  });
});

describe('protocol helpers', () => {
  it('spells UUIDs and paths as the server serves them', () => {
    expect(isUuid('0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f')).toBe(true);
    expect(isUuid('0b9f4c8e2f3a4c559d1e7a6b5c4d3e2f')).toBe(false);
    expect(SYNC_PATHS.snapshotPart(12, 3)).toBe('/api/status/snapshot/12/3');
    expect(SYNC_PATHS.deltas(7)).toBe('/api/status/deltas?from=7');
  });
});
