// Many numbers of a row as one column: `packed` sends them as a float8[]'s text (`{1,2.5,NULL}`)
// and `unpack` splits each row's text into one Float64Array per field. For reads of hundreds of
// thousands of rows: the driver parses one field per row instead of one per number, and no object
// per row outlives the read. The values come back exactly (PostgreSQL prints a double in its
// shortest form that reads back to the same double).
import { sql, type SQL } from 'drizzle-orm';

/** The values, each cast to float8, as one float8[] text. */
export const packed = (values: SQL[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`(${v})::float8`),
    sql`, `,
  )}]::text`;

/**
 * The first `count` numbers of one packed text into `out`; NULL reads NaN, booleans 1/0. Whole
 * numbers (counts, flags, minor units: most of them) are read digit by digit; anything else (a
 * fraction, an exponent, NULL) through `Number`, which reads PostgreSQL's shortest exact form
 * back to the same double.
 */
export function readPacked(s: string, out: Float64Array, count = out.length): void {
  let start = 1; // past '{'
  for (let k = 0; k < count; k++) {
    let end = start;
    let c = s.charCodeAt(end);
    if (c === 78) {
      // 'NULL' or 'NaN'
      out[k] = NaN;
      while (c !== 44 && c !== 125 && end < s.length) c = s.charCodeAt(++end);
      start = end + 1;
      continue;
    }
    const negative = c === 45; // '-'
    if (negative) c = s.charCodeAt(++end);
    let whole = 0;
    let digitsOnly = true;
    for (; c !== 44 && c !== 125 && end < s.length; c = s.charCodeAt(++end)) {
      if (c >= 48 && c <= 57) whole = whole * 10 + (c - 48);
      else digitsOnly = false;
    }
    // At most 15 digits: exact in a double, as Number would read it.
    out[k] =
      digitsOnly && end - start <= 15 && end > start + (negative ? 1 : 0)
        ? negative
          ? -whole
          : whole
        : Number(s.slice(start, end));
    start = end + 1;
  }
}

/** One zeroed Float64Array of `n` per field. */
export const numberColumns = <K extends string>(fields: readonly K[], n: number) =>
  Object.fromEntries(fields.map((f) => [f, new Float64Array(n)])) as Record<K, Float64Array>;

/** The packed numbers of each row into one typed array per field. */
export function unpack<K extends string>(rows: { v: string }[], fields: readonly K[]): Record<K, Float64Array> {
  const out = numberColumns(fields, rows.length);
  const columns = fields.map((f) => out[f]);
  const row = new Float64Array(fields.length);
  for (let i = 0; i < rows.length; i++) {
    readPacked(rows[i].v, row);
    for (let k = 0; k < row.length; k++) columns[k][i] = row[k];
  }
  return out;
}
