// Owns turning columns of text cells (a CSV, or values read from the database) into the numeric
// inputs the churn models take: a row-major design matrix with named features, one-hot
// categoricals with the first level (in code-point order, as R's factor() sorts) as the
// reference, rows with a missing value dropped and counted, and binary outcomes read from
// yes/no, true/false or 1/0. Pure: no I/O; errors are ModelInputError naming the row.
import { ModelInputError } from './rows.ts';

/** Text cells by column name, all columns the same length; `lines[i]` names row i in messages (a file line). */
export type TextTable = { columns: ReadonlyMap<string, readonly string[]>; rows: number; lines?: ArrayLike<number> };

export type Feature =
  | { name: string; column: string; kind: 'numeric' }
  | { name: string; column: string; kind: 'level'; level: string; reference: string };

export type Design = {
  /** Row-major, rows × features.length. */
  X: Float64Array;
  features: Feature[];
  /** For each kept row, its index in the table. */
  kept: Int32Array;
  dropped: number;
  /** Columns that carry no information among the kept rows (one value only). */
  ignored: { column: string; reason: string }[];
};

/** A cell that counts as missing: empty or blank, or R's NA. */
export const isMissing = (cell: string) => {
  const t = cell.trim();
  return t === '' || t === 'NA';
};

const rowName = (table: TextTable, i: number) => (table.lines ? `line ${table.lines[i]}` : `row ${i + 1}`);

function column(table: TextTable, name: string): readonly string[] {
  const cells = table.columns.get(name);
  if (!cells) throw new ModelInputError(`no column "${name}"`);
  return cells;
}

/** A numeric column: every non-missing cell is a finite number. */
export function isNumericColumn(cells: readonly string[]): boolean {
  let seen = false;
  for (const c of cells) {
    if (isMissing(c)) continue;
    const v = Number(c);
    if (!Number.isFinite(v)) return false;
    seen = true;
  }
  return seen;
}

const YES = new Set(['1', 'yes', 'y', 'true', 't']);
const NO = new Set(['0', 'no', 'n', 'false', 'f']);

/** 1, 0, or NaN for a missing cell; anything else throws naming the row. */
export function readBinary(table: TextTable, name: string, what: string): Float64Array {
  const cells = column(table, name);
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    if (isMissing(cells[i])) {
      out[i] = Number.NaN;
      continue;
    }
    const t = cells[i].trim().toLowerCase();
    if (YES.has(t)) out[i] = 1;
    else if (NO.has(t)) out[i] = 0;
    else
      throw new ModelInputError(
        `${rowName(table, i)}: ${what} ${JSON.stringify(cells[i])} is not yes/no, true/false or 1/0`,
      );
  }
  return out;
}

/** Numbers, NaN for a missing cell; anything else (or a value below `min`) throws naming the row. */
export function readNumbers(table: TextTable, name: string, what: string, min = -Infinity): Float64Array {
  const cells = column(table, name);
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    if (isMissing(cells[i])) {
      out[i] = Number.NaN;
      continue;
    }
    const v = Number(cells[i]);
    if (!Number.isFinite(v))
      throw new ModelInputError(`${rowName(table, i)}: ${what} ${JSON.stringify(cells[i])} is not a number`);
    if (v < min) throw new ModelInputError(`${rowName(table, i)}: ${what} ${v} is below ${min}`);
    out[i] = v;
  }
  return out;
}

/** Labels as group numbers 0..k−1 in code-point order of the labels; −1 for a missing cell. */
export function readGroups(table: TextTable, name: string): { group: Int32Array; labels: string[] } {
  const cells = column(table, name);
  const labels = [...new Set(cells.filter((c) => !isMissing(c)).map((c) => c.trim()))].sort(codePointOrder);
  const index = new Map(labels.map((l, k) => [l, k]));
  const group = Int32Array.from(cells, (c) => (isMissing(c) ? -1 : index.get(c.trim())!));
  return { group, labels };
}

const codePointOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type DesignOptions = {
  /** Rows to consider (e.g. those whose outcome is known); default all. */
  rowMask?: ArrayLike<boolean>;
  /** A categorical column with more distinct values than this is refused (an id left in). Default 100. */
  maxLevels?: number;
};

/**
 * The design matrix of `columns`: numeric columns as they are, categorical ones one-hot (one
 * feature per level but the first). A row with a missing cell in any of them is dropped.
 */
export function buildDesign(table: TextTable, columns: readonly string[], options: DesignOptions = {}): Design {
  const maxLevels = options.maxLevels ?? 100;
  const cells = columns.map((c) => column(table, c));
  const numeric = cells.map(isNumericColumn);
  const keep: number[] = [];
  for (let i = 0; i < table.rows; i++) {
    if (options.rowMask && !options.rowMask[i]) continue;
    if (cells.every((col) => !isMissing(col[i]))) keep.push(i);
  }
  const considered = options.rowMask
    ? Array.from({ length: table.rows }, (_, i) => i).filter((i) => options.rowMask![i]).length
    : table.rows;
  const features: Feature[] = [];
  const ignored: Design['ignored'] = [];
  // One writer per used column: it fills that column's features, starting at feature `base`.
  const writers: ((row: number, out: Float64Array, at: number) => void)[] = [];
  columns.forEach((name, c) => {
    const col = cells[c];
    const base = features.length;
    if (numeric[c]) {
      const first = keep.length ? Number(col[keep[0]]) : 0;
      if (keep.every((i) => Number(col[i]) === first))
        return void ignored.push({ column: name, reason: `every row has the value ${first}` });
      features.push({ name, column: name, kind: 'numeric' });
      writers.push((row, out, at) => (out[at + base] = Number(col[row])));
      return;
    }
    const levels = [...new Set(keep.map((i) => col[i].trim()))].sort(codePointOrder);
    if (levels.length > maxLevels) {
      throw new ModelInputError(
        `column "${name}" has ${levels.length} distinct text values (e.g. ${levels
          .slice(0, 3)
          .map((l) => JSON.stringify(l))
          .join(', ')}): an identifier or free text cannot be a feature; leave it out`,
      );
    }
    if (levels.length < 2)
      return void ignored.push({
        column: name,
        reason: levels.length ? `every row has the value ${JSON.stringify(levels[0])}` : 'no values',
      });
    const reference = levels[0];
    const index = new Map(levels.map((l, k) => [l, k - 1]));
    for (const level of levels.slice(1))
      features.push({ name: `${name}=${level}`, column: name, kind: 'level', level, reference });
    writers.push((row, out, at) => {
      const k = index.get(col[row].trim())!;
      if (k >= 0) out[at + base + k] = 1;
    });
  });
  const p = features.length;
  const X = new Float64Array(keep.length * p);
  for (let r = 0; r < keep.length; r++) for (const write of writers) write(keep[r], X, r * p);
  return { X, features, kept: Int32Array.from(keep), dropped: considered - keep.length, ignored };
}
