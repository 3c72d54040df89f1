// Keyset pagination, the one way lists page (never OFFSET): the condition that starts a page just
// past the last row of the previous one, for lists ordered by a column and then a unique tie-breaker.
import { and, type AnyColumn, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';

/**
 * Rows strictly past `cursor` in the order `(first, second)`, both descending (`'desc'`, e.g. a
 * newest-first list) or both ascending (`'asc'`): `first ⋛ a or (first = a and second ⋛ b)`.
 * Undefined without a cursor (the first page), so it drops out of an `and(…)`.
 */
export function pastCursor(
  order: 'asc' | 'desc',
  first: AnyColumn,
  second: AnyColumn,
  cursor: readonly [unknown, unknown] | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const past = order === 'desc' ? lt : gt;
  return or(past(first, cursor[0]), and(eq(first, cursor[0]), past(second, cursor[1])));
}

/**
 * The same for an ordering by an expression that may be null, nulls last in both directions
 * (`key ⋛ a nulls last, id ⋛ b`): past a null key only rows with a null key and a later id; past
 * a value, later values, the same value with a later id, and every null. `value` is cast to `cast`.
 */
export function pastNullableCursor(
  order: 'asc' | 'desc',
  key: SQL,
  id: AnyColumn,
  cursor: { value: string | number | null; id: string } | undefined,
  cast: 'numeric' | 'timestamptz' | 'text',
): SQL | undefined {
  if (!cursor) return undefined;
  const past = order === 'desc' ? sql`<` : sql`>`;
  const afterId = sql`${id} ${past} ${cursor.id}`;
  if (cursor.value === null) return sql`(${key} is null and ${afterId})`;
  const value = sql`${cursor.value}::${sql.raw(cast)}`;
  return sql`(${key} ${past} ${value} or (${key} = ${value} and ${afterId}) or ${key} is null)`;
}
