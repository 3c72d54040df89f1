// Declared cross-domain sources of the customers domain.
import { type SQL, sql } from 'drizzle-orm';

/** Every live customer (not deleted, not merged away) with its name and account manager: `id, name, account_manager_id`. */
export const liveCustomers = (workspaceId: string): SQL =>
  sql`select id, name, account_manager_id from customers
      where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`;
