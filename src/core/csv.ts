/** RFC 4180 CSV lines that are safe to open in a spreadsheet (entry exports in the console and the scanner). */

/**
 * Quotes one cell. Free text that a spreadsheet would run as a formula (=, +, -, @, tab or CR
 * at the start) gets a leading apostrophe, as OWASP advises against CSV injection.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One CSV line with its CRLF ending. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
