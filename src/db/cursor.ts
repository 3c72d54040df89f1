// Owns reading a large query's rows a batch at a time through a server-side cursor, so that a
// caller turns each batch into columns while the server makes the next, and no row outlives its
// batch (at a million rows, holding every row object until the end of the read cost more in
// garbage collection than turning them into columns did).
import { sql, type SQL } from 'drizzle-orm';
import { type Db, queryRows } from './client.ts';

/**
 * Declares cursor `name` for `query` in `tx` (which must be a transaction; plan it for the whole
 * result with `cursor_tuple_fraction = 1`, or PostgreSQL plans for the first tenth) and hands its
 * rows to `onBatch` `size` at a time, in order; the next batch is asked for before `onBatch` runs.
 */
export async function forEachBatch<T>(
  tx: Db,
  name: string,
  query: SQL,
  size: number,
  onBatch: (rows: T[]) => void,
): Promise<void> {
  const cursor = sql.identifier(name);
  await tx.execute(sql`declare ${cursor} no scroll cursor for ${query}`);
  const fetch = () => {
    const rows = queryRows<T>(tx, sql`fetch forward ${sql.raw(String(Math.floor(size)))} from ${cursor}`);
    rows.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    return rows;
  };
  let next = fetch();
  for (;;) {
    const rows = await next;
    const more = rows.length === size;
    if (more) next = fetch();
    if (rows.length > 0) onBatch(rows);
    if (!more) break;
  }
  await tx.execute(sql`close ${cursor}`);
}
