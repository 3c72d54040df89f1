// Declared cross-domain sources of the complaints domain (churn features).
import { type SQL, sql } from 'drizzle-orm';

/**
 * Per customer, as known at `at`: complaints registered in the year before, those still open
 * (valid or undecided, not yet resolved), SLA breaches in the year, and answers of 1–2 out of 5
 * to the satisfaction question. Columns: `customer_id, complaints, open_complaints, sla_breaches,
 * dissatisfied`.
 */
export const complaintChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id,
        count(*) filter (where registered_at > ${at}::timestamptz - interval '1 year')::int as complaints,
        count(*) filter (where status <> 'invalid' and (resolved_at is null or resolved_at > ${at}) and (closed_at is null or closed_at > ${at}))::int as open_complaints,
        count(*) filter (where breached_at is not null and breached_at <= ${at} and breached_at > ${at}::timestamptz - interval '1 year')::int as sla_breaches,
        count(*) filter (where satisfaction_score <= 2 and satisfaction_at <= ${at})::int as dissatisfied
      from complaints where workspace_id = ${workspaceId} and registered_at <= ${at}
      group by customer_id`;
