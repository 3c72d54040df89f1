// Owns fast multi-row inserts: one statement per batch with ONE parameter per column (a text
// array of that column's values, unnested in order and cast to the column's type), so
// statement size and parse cost do not grow with the number of rows — on PostgreSQL and PGlite
// alike. Text arrays, not JSON: the server unnests them without parsing, aggregating or
// sorting anything. The array literal is written here, one string per column: the drivers'
// own conversion of a JS array runs two regular-expression replaces on every element, which
// was ~6 % of `tenure import`'s CPU; most values (numbers, ids, times) need no escaping.
import { getTableColumns, getTableName, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Db, execCount, queryRows } from './client.ts';

const escapeElement = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const special = /["\\]/;
const element = (s: string) => (special.test(s) ? escapeElement(s) : `"${s}"`);
const pgTextArray = (items: unknown[]) => `{${items.map((s) => element(String(s))).join(',')}}`;
// What array_in reads back unchanged without quotes: no quote, backslash, brace, comma or blank,
// not empty, and not the word NULL. Most values (numbers, ids, times) are, and go as they are.
const bare = /^[^\s"\\{},]+$/;
const unquoted = (s: string) => bare.test(s) && !(s.length === 4 && s.toLowerCase() === 'null');

/**
 * A text[] literal of a column's values (SQL NULL for null), as one string, for short lists
 * (concatenated: joining measured slower there; a batch's columns are joined, see columnLiteral).
 */
function arrayLiteral(values: (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    out += v === null ? 'NULL' : unquoted(v) ? v : element(v);
  }
  return `${out}}`;
}

/**
 * `{a,b,c}` from an array's elements (changed in place), as one flat string: the braces go onto the
 * end elements before the join, since around it they made a rope of the whole literal that the
 * driver copied flat again.
 */
function braced(parts: (string | number)[]): string {
  if (parts.length === 0) return '{}';
  parts[0] = `{${parts[0]}`;
  parts[parts.length - 1] = `${parts[parts.length - 1]}}`;
  return parts.join(',');
}

function wireText(value: unknown, sqlType: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (sqlType.endsWith('[]')) return pgTextArray(value as unknown[]);
  if (sqlType === 'jsonb' || sqlType === 'json') return JSON.stringify(value);
  return String(value);
}

/**
 * A NOT NULL column with a default gets it where a row leaves the value out (as Drizzle's own
 * insert does with `default` per row); a column that every row leaves out is not sent at all.
 */
function columnDefault(column: PgColumn): SQL | undefined {
  if (!column.notNull || !column.hasDefault || column.default === undefined) return undefined;
  if (is(column.default, SQL)) return column.default;
  return sql`${wireText(column.default, column.getSQLType())}::${sql.raw(column.getSQLType())}`;
}

/**
 * `column = any(array)` with the values as ONE array parameter, for lookups of a batch's keys
 * (thousands of external ids): drizzle's `inArray` makes a parameter per value, and building and
 * binding 5,000 of them was ~6 % of a customers import's CPU in Node, and more on the server.
 */
export function anyOf(column: PgColumn, values: string[]): SQL {
  return sql`${column} = any(${sql.param(arrayLiteral(values))}::${sql.raw(column.getSQLType())}[])`;
}

export async function insertUnnest<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflict?: SQL; returning?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  return queryRows(db, unnestInsert(table, rows, options));
}

/**
 * The same insert answering only how many rows it wrote: where a caller needs nothing back in
 * the common case, RETURNING would make the server send, and Node parse, a row per row written.
 */
export async function insertUnnestCount<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflict?: SQL } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  return execCount(db, unnestInsert(table, rows, options));
}

/**
 * A column's values as one text[] literal, with whether every row's text is the same, that text,
 * and how many rows leave the value out. The elements are gathered in one array and joined once:
 * concatenating them made two string nodes per cell, and every node alive when a young-generation
 * collection came (a batch's literals take a while to write) was copied and promoted, ~600 bytes a
 * transaction line. Numbers go into the array as they are (the join writes their text) and never
 * need quotes, so only other values are checked; a value that is neither a string nor a number and
 * is the same as the row before's (a batch's shared `now`) is converted once. (Strings are not
 * compared with the row before's: that costs as much as writing them.)
 */
function columnLiteral(rows: Record<string, unknown>[], key: string, type: string) {
  let missing = 0;
  let last: unknown;
  let text: string | number | null = null;
  let piece: string | number = 'NULL';
  let first: string | number | null = null;
  let same = true;
  const parts: (string | number)[] = new Array<string | number>(rows.length);
  const plain = !type.endsWith('[]') && type !== 'jsonb' && type !== 'json';
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][key];
    if (typeof v === 'string') {
      text = v;
      piece = unquoted(v) ? v : element(v);
    } else if (plain && typeof v === 'number') {
      text = v;
      piece = v;
    } else if (i === 0 || v !== last) {
      text = wireText(v, type);
      piece = text === null ? 'NULL' : v instanceof Date || unquoted(text) ? text : element(text);
    }
    last = v;
    if (v === undefined) missing++;
    if (i === 0) first = text;
    else if (same && text !== first) same = false;
    parts[i] = piece;
  }
  return { literal: braced(parts), same, first: typeof first === 'number' ? String(first) : first, missing };
}

/**
 * Whether a uuid column repeats enough to be sent as a dictionary: its distinct values once, and
 * each row's position among them (a transaction's id on each of its lines, the few products of a
 * batch, a customer's id on each of their purchases). Judged on the first rows. A row's 36
 * characters become a few digits: less for Node to write and send, and for the server an integer
 * to read and an element to fetch instead of a uuid to parse (500,000 rows: ~0.5 s against ~1.9 s).
 * Only fixed-width types: the server fetches such an array's element by its offset, a text's by
 * walking the elements before it.
 */
function repeats(rows: Record<string, unknown>[], key: string, type: string): boolean {
  if (type !== 'uuid' || rows.length < 4) return false;
  const sample = Math.min(rows.length, 256);
  const seen = new Set<unknown>();
  for (let i = 0; i < sample; i++) seen.add(rows[i][key]);
  return seen.size * 2 <= sample;
}

/** A repeating column as its distinct values (`dictionary`) and each row's 1-based position among them (`literal`; NULL for none). */
function dictionaryLiteral(rows: Record<string, unknown>[], key: string, type: string) {
  const at = new Map<string, number>();
  const values: string[] = [];
  const parts = new Array<string | number>(rows.length);
  let missing = 0;
  let nulls = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][key];
    if (v === undefined) missing++;
    const text = wireText(v, type);
    if (text === null) {
      nulls++;
      parts[i] = 'NULL';
      continue;
    }
    let position = at.get(text);
    if (position === undefined) {
      position = values.push(text);
      at.set(text, position);
    }
    parts[i] = position;
  }
  const none = values.length === 0;
  const same = none || (values.length === 1 && nulls === 0);
  return {
    literal: braced(parts),
    dictionary: arrayLiteral(values),
    same,
    first: none ? null : values[0],
    missing,
  };
}

/**
 * The type an array parameter is declared as: the column's own for plain scalar types, so the
 * server reads each element straight into it (text[] and then a cast per element went through a
 * text value and its output and input functions: an integer twice as slow); text[] for the rest
 * (array columns, JSON, enums), cast per element as before.
 */
const typedArray =
  /^(uuid|text|boolean|smallint|integer|bigint|date|numeric(\(\d+, ?\d+\))?|timestamp( \(\d\))? with time zone)$/;
const arrayParam = (type: string) => (typedArray.test(type) ? `${type}[]` : 'text[]');

function unnestInsert<T extends PgTable>(
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflict?: SQL; returning?: string[] },
): SQL {
  const names: SQL[] = [];
  const arrays: SQL[] = [];
  const selects: SQL[] = [];
  const aliases: string[] = [];
  const constants: { at: number; text: string | null; type: string }[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    if ('generated' in column && column.generated) continue;
    const type = column.getSQLType();
    const values = rows as Record<string, unknown>[];
    const written: { literal: string; same: boolean; first: string | null; missing: number; dictionary?: string } =
      repeats(values, key, type) ? dictionaryLiteral(values, key, type) : columnLiteral(values, key, type);
    const { missing } = written;
    if (missing === rows.length) continue;
    let { literal, dictionary } = written;
    // A row that leaves out a column with a default function gets a value of its own (rare: most
    // callers set every column), so that literal is written again.
    if (missing && column.defaultFn) {
      dictionary = undefined;
      literal = arrayLiteral(
        values.map((r) => (r[key] === undefined ? wireText(column.defaultFn?.(), type) : wireText(r[key], type))),
      );
    }
    names.push(sql`${sql.identifier(column.name)}`);
    // A value every row shares (the workspace, the batch's time, NULL) is one scalar parameter, not an
    // array of thousands of copies for Node to write and the server to parse and unnest.
    if (rows.length > 1 && !missing && written.same) {
      constants.push({ at: selects.length, text: written.first, type });
      selects.push(sql`${sql.param(written.first)}::${sql.raw(type)}`);
      continue;
    }
    const alias = `c${aliases.length}`;
    aliases.push(alias);
    arrays.push(sql`${sql.param(literal)}::${sql.raw(dictionary ? 'int4[]' : arrayParam(type))}`);
    const cast = dictionary
      ? sql`(${sql.param(dictionary)}::${sql.raw(type)}[])[${sql.raw(alias)}]`
      : sql.raw(`${alias}::${type}`);
    const fallback = missing ? columnDefault(column) : undefined;
    selects.push(fallback ? sql`coalesce(${cast}, ${fallback})` : cast);
  }
  // unnest needs one array to count the rows by: rows that agree on every column keep the first.
  if (arrays.length === 0 && constants.length) {
    const [first] = constants;
    aliases.push('c0');
    arrays.push(sql`${sql.param(arrayLiteral(rows.map(() => first.text)))}::text[]`);
    selects[first.at] = sql.raw(`c0::${first.type}`);
  }
  const returning = options.returning?.length
    ? sql.raw(` returning ${options.returning.map((r) => `"${r}"`).join(', ')}`)
    : sql``;
  return sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) select ${sql.join(selects, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(aliases.join(', '))}) ${options.onConflict ?? sql``}${returning}`;
}
