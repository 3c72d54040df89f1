// Owns writing CSV: RFC 4180 quoting, and neutralising spreadsheet formula injection
// (a value starting with = + - @ is prefixed with ' so a spreadsheet shows it as text).
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join('|') : String(value);
  // Plain numbers and phone numbers (+55 11 …) are data, not formulas.
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?[\d\s().-]+$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: unknown[]) => `${values.map(csvCell).join(',')}\r\n`;
