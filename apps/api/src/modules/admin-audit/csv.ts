/**
 * CSV text per RFC 4180 (no CSV library in the repository; this is the whole of what the audit export needs): fields
 * holding a comma, a double quote, CR or LF are quoted, with inner quotes doubled; rows end in CRLF. A text cell that
 * a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR; OWASP "CSV injection") is
 * prefixed with `'`, so opening an export never executes what an attacker typed into a user agent or a name.
 */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) return '';
  else if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = value.toString();
  else text = JSON.stringify(value) ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row (CRLF-terminated) of the given cells. */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
