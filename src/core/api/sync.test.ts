import { describe, expect, it } from 'vitest';
import { Check } from 'typebox/schema';
import { isUuid } from '../sync-protocol.ts';
import { routeUrl } from './api-client.ts';
import {
  describeEntryProblems,
  EntriesRequest,
  EntryUpload,
  entryTimeProblems,
  EPOCH_MS,
  MAX_CLOCK_AHEAD_MS,
  MAX_ENTRIES_PER_BATCH,
} from './sync.ts';

const NOW = Date.UTC(2026, 10, 26, 12);
const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f',
  time: NOW - 1000,
  checkpoint: 'North gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: 'AAECAwQFBgcICQoLDA0ODw',
  kid: 'AAECAwQFBgc',
  ...over,
});
// The checker the device uses (src/platform/sync/entry-check.ts); the server's Ajv runs the same schema.
const valid = (value: unknown) => Check(EntryUpload, value);

describe('EntryUpload schema', () => {
  it('accepts a full entry, an upper-case id, an empty label, CJK and emoji', () => {
    expect(valid(entry())).toBe(true);
    expect(valid(entry({ id: '0B9F4C8E-2F3A-4C55-9D1E-7A6B5C4D3E2F' }))).toBe(true);
    expect(valid(entry({ checkpoint: '', cid: undefined, kid: undefined }))).toBe(true);
    expect(
      valid(entry({ checkpoint: '东门 🚪', override: { decision: 'admit', reason: '主管 ✅', at: NOW }, clockNote: '慢 3 分钟' })),
    ).toBe(true);
  });

  it.each([
    ['a missing id', { id: undefined }],
    ['a non-uuid id', { id: 'entry-1' }],
    ['a string time', { time: '1764190000' }],
    ['a fractional time', { time: NOW + 0.5 }],
    ['a time before 2020', { time: EPOCH_MS - 1 }],
    ['a time of 2^53-1', { time: Number.MAX_SAFE_INTEGER }],
    ['a bad direction', { direction: 'sideways' }],
    ['an unknown reason', { reason: 'fine' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['a short cid', { cid: 'AAEC' }],
    ['a numeric kid', { kid: 5 }],
    ['null for an optional field', { kid: null }],
    ['a name', { name: '张三' }],
    ['a NUL in the label', { checkpoint: 'a\u0000b' }],
    ['a C1 control in the label', { checkpoint: 'a\u0085b' }],
    ['a lone high surrogate', { clockNote: 'a\ud800' }],
    ['a lone low surrogate', { clockNote: '\udc00b' }],
    ['an override to refer', { override: { decision: 'refer', reason: 'x', at: NOW } }],
    ['an override without reason', { override: { decision: 'admit', at: NOW } }],
    ['an override at 5', { override: { decision: 'admit', reason: 'x', at: 5 } }],
    ['an override with extra fields', { override: { decision: 'admit', reason: 'x', at: NOW, by: 'Wang' } }],
    ['a long checkpoint label', { checkpoint: 'x'.repeat(201) }],
    ['an empty clock note', { clockNote: '' }],
  ])('refuses %s', (_label, over) => {
    expect(valid(entry(over))).toBe(false);
  });

  it('bounds a batch', () => {
    expect(Check(EntriesRequest, { entries: [entry(), entry()] })).toBe(true);
    expect(Check(EntriesRequest, { entries: Array.from({ length: MAX_ENTRIES_PER_BATCH + 1 }, () => entry()) })).toBe(false);
    expect(Check(EntriesRequest, { entries: [], device: 'x' })).toBe(false);
    expect(Check(EntriesRequest, [])).toBe(false);
  });
});

describe('the clock rule', () => {
  it('refuses a time or override more than a day after now, naming them', () => {
    expect(entryTimeProblems({ time: NOW + MAX_CLOCK_AHEAD_MS }, NOW)).toEqual([]);
    expect(entryTimeProblems({ time: NOW + MAX_CLOCK_AHEAD_MS + 1, override: { at: NOW + 3 * MAX_CLOCK_AHEAD_MS } }, NOW, 4)).toEqual([
      { index: 4, field: 'time', problem: 'invalid' },
      { index: 4, field: 'override.at', problem: 'invalid' },
    ]);
    expect(describeEntryProblems([{ index: 4, field: 'override.at', problem: 'invalid' }])).toBe('entry 4: override.at is invalid');
    expect(describeEntryProblems([{ index: -1, field: 'entries', problem: 'wrong_type' }])).toBe('entries is wrong type');
  });
});

describe('protocol helpers', () => {
  it('spells UUIDs and paths as the server serves them', () => {
    expect(isUuid('0b9f4c8e-2f3a-4c55-9d1e-7a6b5c4d3e2f')).toBe(true);
    expect(isUuid('0b9f4c8e2f3a4c559d1e7a6b5c4d3e2f')).toBe(false);
    expect(routeUrl('GET /api/status/snapshot/:to/:part', { to: '12', part: '3' })).toBe('/api/status/snapshot/12/3');
    expect(routeUrl('GET /api/status/deltas', {}, { from: '7' })).toBe('/api/status/deltas?from=7');
  });
});
