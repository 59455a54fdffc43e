import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.ts';

describe('csv', () => {
  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvLine(['a', 'b c', 'x,y', 'say "hi"', 'two\nlines', 12, null, undefined, '东门'])).toBe(
      'a,b c,"x,y","say ""hi""","two\nlines",12,,,东门\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1+1')).toBe(`"'+1+1"`);
    expect(csvCell('-2*3')).toBe(`"'-2*3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell(-2)).toBe('-2');
  });
});
