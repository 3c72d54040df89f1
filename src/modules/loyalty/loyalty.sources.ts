// Declared cross-domain sources of the loyalty domain (churn features).
import { type SQL, sql } from 'drizzle-orm';

/** Per member, as known at `at`: the points balance then and ledger entries in the 90 days before. Columns: `customer_id, balance, activity_90d`. */
export const loyaltyChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id, coalesce(sum(points), 0)::bigint as balance,
        count(*) filter (where occurred_at > ${at}::timestamptz - interval '90 days')::int as activity_90d
      from loyalty_entries where workspace_id = ${workspaceId} and occurred_at <= ${at}
      group by customer_id`;
