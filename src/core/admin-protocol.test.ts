import { describe, expect, it } from 'vitest';
import { entryQueryString, parseEntryQuery, parseStatsQuery, statsQueryString, type EntryFilter } from './admin-protocol.ts';

const query = (text: string) => Object.fromEntries(new URLSearchParams(text));

describe('admin protocol query parameters', () => {
  it('parses back exactly the entry filter the console writes', () => {
    const filter: EntryFilter = {
      checkpoint: '0b7e6c1e-5d4f-4a3b-9c2d-1e0f9a8b7c6d',
      decision: 'refuse',
      reason: 'status_red',
      overridden: false,
      from: 1,
      to: 1_800_000_000_000,
      cid: 'AAECAwQFBgcICQoLDA0ODw',
    };
    const text = entryQueryString(filter, { limit: 50, cursor: '1700000000000.0b7e6c1e-5d4f-4a3b-9c2d-1e0f9a8b7c6d' });
    expect(parseEntryQuery(query(text.slice(1)))).toEqual({
      ok: true,
      value: { filter, limit: 50, cursor: '1700000000000.0b7e6c1e-5d4f-4a3b-9c2d-1e0f9a8b7c6d' },
    });
    expect(entryQueryString({})).toBe('');
    expect(parseEntryQuery({})).toEqual({ ok: true, value: { filter: {}, limit: 100, cursor: null } });
  });

  it('refuses what it does not understand, naming it', () => {
    expect(parseEntryQuery({ name: '张三' })).toEqual({ ok: false, error: 'unknown parameter name' });
    expect(parseEntryQuery({ decision: ['admit', 'refuse'] })).toMatchObject({ ok: false, error: expect.stringMatching(/decision/) });
    expect(parseEntryQuery({ from: '1e12' })).toMatchObject({ ok: false, error: expect.stringMatching(/from/) });
    expect(parseEntryQuery({ limit: '10.5' })).toMatchObject({ ok: false, error: expect.stringMatching(/limit/) });
  });

  it('defaults statistics to the 24 hours before now and round-trips a chosen range', () => {
    const now = 1_800_000_000_000;
    expect(parseStatsQuery({}, now)).toEqual({ ok: true, value: { from: now - 86_400_000, to: now, tzOffsetMinutes: 0 } });
    const chosen = { from: 1_700_000_000_000, to: 1_700_100_000_000, tzOffsetMinutes: -300 };
    expect(parseStatsQuery(query(statsQueryString(chosen).slice(1)), now)).toEqual({ ok: true, value: chosen });
    expect(parseStatsQuery({ from: String(now - 401 * 86_400_000) }, now)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/400 days/),
    });
  });
});
