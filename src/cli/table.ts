// Owns the plain-text tables the analyst commands print: columns padded to their widest cell,
// numbers right-aligned, a rule under the header.

export type Column = { header: string; align?: 'left' | 'right' };

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, k) => Math.max(c.header.length, ...rows.map((r) => r[k].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, k) => (columns[k].align === 'right' ? cell.padStart(widths[k]) : cell.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join(
    '\n',
  );
}

/** A number for people: fixed digits, or "—" for NaN/null (a value that does not exist). */
export const num = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

/** A p-value: four decimals, or scientific notation below 0.001. */
export const pValue = (p: number) => (!Number.isFinite(p) ? '—' : p < 0.001 ? p.toExponential(1) : p.toFixed(4));

export const count = (n: number) => n.toLocaleString('en');
