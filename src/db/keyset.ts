// Keyset pagination, the one way lists page (never OFFSET): the condition that starts a page just
// past the last row of the previous one, for lists ordered by a column and then a unique tie-breaker.
import { and, type AnyColumn, eq, gt, lt, or, type SQL } from 'drizzle-orm';

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
