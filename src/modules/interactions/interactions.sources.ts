// Declared cross-domain sources of the interactions domain (churn features).
import { type SQL, sql } from 'drizzle-orm';

/** Per customer, as known at `at`: contacts in the 90 days before and their cost to serve in the year before. */
export const interactionChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id,
        count(*) filter (where occurred_at > ${at}::timestamptz - interval '90 days')::int as contacts_90d,
        coalesce(sum(cost_minor), 0)::bigint as contact_cost_minor
      from interactions where workspace_id = ${workspaceId} and occurred_at <= ${at}
        and occurred_at > ${at}::timestamptz - interval '1 year'
      group by customer_id`;
