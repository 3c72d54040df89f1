// Owns the opaque page cursors of list endpoints: a JSON value, base64url-encoded. A cursor a
// client altered or made up is answered with a 400 naming `query.cursor`, never a 500 or a page
// from the wrong place.
import { AppError } from '../errors.ts';

export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The cursor's value, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export const invalidCursor = () => new AppError('validation_failed', 'The cursor is not valid; start again without it', { fields: [{ path: 'query.cursor', message: 'invalid cursor' }] });

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The keyset cursor of a newest-first list: the last row's time and id. */
export const encodeTimeCursor = (at: Date, id: string): string => encodeCursor([at.toISOString(), id]);

export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const v = decodeCursor(cursor);
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0])) && uuid.test(v[1])) return { at: new Date(v[0]), id: v[1] };
  throw invalidCursor();
}
