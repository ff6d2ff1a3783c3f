/**
 * CSV cells for exports opened in Excel or WPS: RFC 4180 quoting, plus formula neutralising — a text
 * cell that begins with = + - @ a tab or a carriage return would be run as a formula (HYPERLINK,
 * DDE…), so it is prefixed with a single quote and shows as the text it is. Numbers stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = String(v);
  if (typeof v !== 'number' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: unknown[]): string => values.map(csvCell).join(',');
