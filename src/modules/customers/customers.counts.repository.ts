// SQL of the live active-customer count (customer_active_counts, customers.schema.ts): the sum of the
// workspace's change log that migration 0041's triggers on `customers` append, folded into one row
// once it grows, so the count is a read of a few rows instead of a scan of every customer.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/** Past this many log rows a read folds the workspace's rows into one. */
const FOLD_OVER = 64;

/** Live customers with status active, from the change log. */
export async function activeCustomerCount(db: Db, workspaceId: string): Promise<number> {
  const [r] = await queryRows<{ n: string | number | null; rows: number }>(
    db,
    sql`select sum(delta) n, count(*)::int "rows" from customer_active_counts where workspace_id = ${workspaceId}`,
  );
  if (r.rows > FOLD_OVER) await foldActiveCounts(db, workspaceId);
  return Number(r.n ?? 0);
}

/**
 * Replaces the workspace's log rows with their sum, in one statement: it deletes only the rows it
 * sees, so a change committed meanwhile stays in the log, and a fold running at the same time
 * sums only the rows it deleted itself.
 */
export const foldActiveCounts = (db: Db, workspaceId: string) =>
  db.execute(
    sql`with d as (delete from customer_active_counts where workspace_id = ${workspaceId} returning delta)
        insert into customer_active_counts (workspace_id, delta)
        select ${workspaceId}::uuid, sum(delta) from d having count(*) > 0`,
  );
