/** RFC 4180 CSV lines that are safe to open in a spreadsheet (entry exports in the console and the scanner). */

/**
 * True when a spreadsheet would read the text as a formula (OWASP's CSV injection list): it
 * starts with =, @, tab or CR, or with + or - followed by more than a name or a number. A
 * base64url key id or cid that happens to start with '-' (`-L8j0…`) is just text, and
 * guarding it would change the value.
 */
function readAsFormula(value: string): boolean {
  if (/^[=@\t\r]/.test(value)) return true;
  return /^[+-]/.test(value) && !/^[+-][A-Za-z0-9_.-]*$/.test(value);
}

/** Quotes one cell; text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const guarded = readAsFormula(value) ? `'${value}` : value;
  return /[",\r\n']/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One CSV line with its CRLF ending. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
