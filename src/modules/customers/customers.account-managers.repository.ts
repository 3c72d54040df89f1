// SQL of changing customers' account manager (the books domain's assignments, through
// customers.account-managers.ts). Scoped by workspace; only live customers.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type ManagerChange = { customerId: string; previous: string | null };

/**
 * Sets the account manager of the live customers among `ids` that do not already have it and
 * returns each changed customer with its previous manager (locked first, so the previous value
 * is the one replaced).
 */
export async function setAccountManagerRows(
  db: Db,
  workspaceId: string,
  ids: string[],
  managerId: string | null,
  now: Date,
): Promise<ManagerChange[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string; previous: string | null }>(
    db,
    sql`with old as (
          select id, account_manager_id from customers
          where workspace_id = ${workspaceId} and id = any(array[${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )}]::uuid[])
            and deleted_at is null and merged_into_id is null
            and account_manager_id is distinct from ${managerId}::uuid
          order by id
          for update
        )
        update customers c set account_manager_id = ${managerId}::uuid, updated_at = ${now}
        from old where c.workspace_id = ${workspaceId} and c.id = old.id
        returning c.id, old.account_manager_id as previous`,
  );
  return rows.map((r) => ({ customerId: r.id, previous: r.previous }));
}

/** The live customers whose account manager is `managerId`, in id order. */
export async function customerIdsOfManager(db: Db, workspaceId: string, managerId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from customers where workspace_id = ${workspaceId} and account_manager_id = ${managerId}
          and deleted_at is null and merged_into_id is null order by id`,
  );
  return rows.map((r) => r.id);
}
