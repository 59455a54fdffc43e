import { describe, expect, it } from 'vitest';
import { parseStatusCsv } from './status-csv.ts';

const A = 'AAECAwQFBgcICQoLDA0ODw';
const B = 'EBESExQVFhcYGRobHB0eHw';

describe('status change lists (CSV)', () => {
  it('reads cid,status[,until] with a header, blank lines, quotes and both until forms', () => {
    const parsed = parseStatusCsv(`\ufeffcid,status,until\r\n${A},RED,1900000000\n\n"${B}", yellow ,2026-12-31\n`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.changes).toEqual([
      { cid: A, status: 'red', until: 1900000000 },
      { cid: B, status: 'yellow', until: Date.UTC(2026, 11, 31) / 1000 },
    ]);
  });

  it('numbers the lines it cannot read and keeps the last line of a repeated cid', () => {
    const parsed = parseStatusCsv(
      [`${A},green`, 'nonsense,red', `${B},purple`, `${B},red,soon`, `${A},red`, `${B},red,1,extra`].join('\n'),
    );
    expect(parsed.changes).toEqual([{ cid: A, status: 'red' }]);
    expect(parsed.repeated).toBe(1);
    expect(parsed.problems.map((p) => [p.line, p.problem])).toEqual([
      [2, 'bad_cid'],
      [3, 'bad_status'],
      [4, 'bad_until'],
      [6, 'too_many_fields'],
    ]);
  });

  it('survives NUL, lone surrogates and odd Unicode as unreadable lines', () => {
    const parsed = parseStatusCsv(`${A}\u0000,red\n\ud800,red\n${A},red\u202e`);
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems).toHaveLength(3);
  });
});
