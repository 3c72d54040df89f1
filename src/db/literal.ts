// SQL literals for the few scripts sent by the simple query protocol — several statements in one
// round trip, each with its own snapshot, which the extended protocol (one statement, with
// parameters) cannot do. Values are quoted by node-postgres's own escaping (which also copes with
// backslashes) and cast to the column's type; anything else is refused rather than guessed.
import pg from 'pg';

export type LiteralType = 'text' | 'uuid' | 'bigint' | 'integer' | 'timestamptz' | 'jsonb';

/** `value` if it can be a `type` (null for null and undefined); anything else is refused. */
export function checkedLiteral(value: unknown, type: LiteralType): unknown {
  if (value === null || value === undefined) return null;
  if ((type === 'bigint' || type === 'integer') && (typeof value !== 'number' || !Number.isSafeInteger(value)))
    throw new TypeError(`not an integer: ${value}`);
  if (type === 'timestamptz' && (!(value instanceof Date) || Number.isNaN(value.getTime())))
    throw new TypeError('not a time');
  if ((type === 'text' || type === 'uuid') && typeof value !== 'string')
    throw new TypeError(`not text: ${typeof value}`);
  return value;
}

export function sqlLiteral(value: unknown, type: LiteralType): string {
  const v = checkedLiteral(value, type);
  if (v === null) return `null::${type}`;
  if (type === 'bigint' || type === 'integer') return `${v}::${type}`;
  if (type === 'timestamptz') return `${pg.escapeLiteral((v as Date).toISOString())}::timestamptz`;
  if (type === 'jsonb') return `${pg.escapeLiteral(JSON.stringify(v))}::jsonb`;
  return `${pg.escapeLiteral(v as string)}::${type}`;
}
