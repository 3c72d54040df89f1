// Owns the opaque page cursors of list endpoints: a JSON value, base64url-encoded. A cursor a
// client altered or made up is answered with a 400 naming `query.cursor`, never a 500 or a page
// from the wrong place.
import { AppError } from '../errors.ts';
import { inRange } from './dates.ts';
import { unstorableText } from './text.ts';
import { problem } from './problems.ts';

export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The cursor's value, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export const invalidCursor = () =>
  new AppError('validation_failed', 'The cursor is not valid; start again without it', {
    fields: [{ path: 'query.cursor', ...problem('invalid_cursor') }],
  });

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What a decoded cursor may carry back into a query: values the database can compare.
const isId = (v: unknown): v is string => typeof v === 'string' && uuid.test(v);
const isTime = (v: unknown): v is string =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) && inRange(new Date(v));
const isKey = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000 && unstorableText(v) === undefined;

/** The keyset cursor of a newest-first list: the last row's time and id. */
export const encodeTimeCursor = (at: Date, id: string): string => encodeCursor([at.toISOString(), id]);

export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const v = decodeCursor(cursor);
  if (Array.isArray(v) && v.length === 2 && isTime(v[0]) && isId(v[1])) return { at: new Date(v[0]), id: v[1] };
  throw invalidCursor();
}

/** The keyset cursor of a list ordered by id alone (UUIDv7, so by creation). */
export const encodeIdCursor = (id: string): string => encodeCursor(id);

export function decodeIdCursor(cursor: string): string {
  const v = decodeCursor(cursor);
  if (isId(v)) return v;
  throw invalidCursor();
}

/** The keyset cursor of a list ordered by a unique text key (a product's SKU). */
export const encodeKeyCursor = (key: string): string => encodeCursor(key);

export function decodeKeyCursor(cursor: string): string {
  const v = decodeCursor(cursor);
  if (isKey(v)) return v;
  throw invalidCursor();
}

/** The keyset cursor of a list sorted by a time or a text column, then id. */
export const encodeSortCursor = (value: string, id: string): string => encodeCursor([value, id]);

export function decodeSortCursor(cursor: string, by: 'time' | 'text'): { value: string; id: string } {
  const v = decodeCursor(cursor);
  if (Array.isArray(v) && v.length === 2 && (by === 'time' ? isTime(v[0]) : isKey(v[0])) && isId(v[1]))
    return { value: v[0], id: v[1] };
  throw invalidCursor();
}

/**
 * The keyset cursor of a list sortable by several columns: the sort column (a cursor made under
 * another sort is refused), the last row's value there (null where it has none) and its id.
 */
export const encodeColumnCursor = (column: string, value: string | number | null, id: string): string =>
  encodeCursor([column, value, id]);

export function decodeColumnCursor(
  cursor: string,
  column: string,
  by: 'time' | 'text' | 'number',
  nullable: boolean,
): { value: string | number | null; id: string } {
  const v = decodeCursor(cursor);
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== column || !isId(v[2])) throw invalidCursor();
  const value: unknown = v[1];
  const ok =
    value === null
      ? nullable
      : by === 'time'
        ? isTime(value)
        : by === 'text'
          ? isKey(value)
          : typeof value === 'number' && Number.isFinite(value);
  if (!ok) throw invalidCursor();
  return { value: value as string | number | null, id: v[2] };
}
