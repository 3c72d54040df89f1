// SQL literals for the few scripts sent by the simple query protocol — several statements in one
// round trip, each with its own snapshot, which the extended protocol (one statement, with
// parameters) cannot do. Values are quoted by node-postgres's own escaping (which also copes with
// backslashes) and cast to the column's type; anything else is refused rather than guessed.
import pg from 'pg';

export type LiteralType = 'text' | 'uuid' | 'bigint' | 'integer' | 'timestamptz' | 'jsonb';

export function sqlLiteral(value: unknown, type: LiteralType): string {
  if (value === null || value === undefined) return `null::${type}`;
  if (type === 'bigint' || type === 'integer') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
    return `${value}::${type}`;
  }
  if (type === 'timestamptz') {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError('not a time');
    return `${pg.escapeLiteral(value.toISOString())}::timestamptz`;
  }
  if (type === 'jsonb') return `${pg.escapeLiteral(JSON.stringify(value))}::jsonb`;
  if (typeof value !== 'string') throw new TypeError(`not text: ${typeof value}`);
  return `${pg.escapeLiteral(value)}::${type}`;
}
