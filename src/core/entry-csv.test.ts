// The one entry CSV read back as a spreadsheet would: every value as written (key ids that
// start with '-' included), formulas defused, the decision that stands in its own column.
import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';
import { ENTRY_CSV_COLUMNS, ENTRY_CSV_HEADER, entryCsvLine, type EntryCsvRow } from './entry-csv.ts';

/** RFC 4180 records (quoted cells with "" for a quote, CRLF between records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let cell = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return records;
}

const row: EntryCsvRow = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  time: Date.UTC(2026, 11, 1, 9, 30),
  checkpointId: 'a1b2c3d4-0000-4000-8000-000000000001',
  checkpointName: '东门',
  checkpointLabel: '东门 "East", gate',
  deviceId: null,
  deviceName: null,
  direction: 'in',
  reason: 'status_red',
  decision: 'refuse',
  override: { decision: 'admit', reason: '=HYPERLINK("http://evil")', note: '@SUM(A1) 家属来接', at: Date.UTC(2026, 11, 1, 9, 31) },
  cid: '-L8j0aZ_x-9QkRmn2bE4sw',
  kid: '-Abc_123-xy',
  clockNote: 'line one\nline two',
  received: null,
};

describe('entry CSV', () => {
  it('reads back column by column, key ids unchanged, formulas defused', () => {
    const [header, values] = parseCsv(ENTRY_CSV_HEADER.slice(1) + entryCsvLine(row));
    expect(header).toEqual([...ENTRY_CSV_COLUMNS]);
    const cell = Object.fromEntries(header!.map((name, i) => [name, values![i]]));
    expect(cell).toEqual({
      id: row.id,
      time: '2026-12-01T09:30:00.000Z',
      checkpoint_id: row.checkpointId,
      checkpoint_name: '东门',
      checkpoint_label: '东门 "East", gate',
      device_id: '',
      device_name: '',
      direction: 'in',
      reason: 'status_red',
      decision: 'refuse',
      effective_decision: 'admit',
      override_decision: 'admit',
      override_reason: `'=HYPERLINK("http://evil")`,
      override_note: `'@SUM(A1) 家属来接`,
      override_at: '2026-12-01T09:31:00.000Z',
      cid: '-L8j0aZ_x-9QkRmn2bE4sw',
      kid: '-Abc_123-xy',
      clock_note: 'line one\nline two',
      received: '',
    });
  });

  it('guards only what a spreadsheet would run', () => {
    expect(csvCell('-L8j0aZ_x-9Q')).toBe('-L8j0aZ_x-9Q');
    expect(csvCell('-2')).toBe('-2');
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('+cmd|calc')).toBe(`"'+cmd|calc"`);
    expect(csvCell('-HYPERLINK("x")')).toBe(`"'-HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
  });
});
