// The complaints domain's declared cross-domain sources: the cost to serve and the recent
// complaints that scoring reads (workflows/score-customers.ts), and whether a workspace has any
// complaint (the demo loader).
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db } from '../../db/client.ts';
import { complaints } from './complaints.schema.ts';

/**
 * The cost of complaints (handling and approved compensations) as one row per cost item, `(customer_id, n, handling, compensation, cost_minor, at)`,
 * for set-based queries (the value engine aggregates it over its windows in SQL).
 */
export const complaintCostItems = (workspaceId: string): SQL =>
  sql`select customer_id, 1 n, handling_cost_minor handling, 0::bigint compensation, handling_cost_minor cost_minor, registered_at at from complaints
      where workspace_id = ${workspaceId}
      union all
      select customer_id, 0, 0, cost_minor, cost_minor, decided_at from complaint_compensations
      where workspace_id = ${workspaceId} and status in ('approved', 'posted') and decided_at is not null`;

export async function hasComplaints(db: Db, workspaceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(eq(complaints.workspaceId, workspaceId))
    .limit(1);
  return rows.length > 0;
}

/** Customers with a complaint registered or changed, or a compensation decided, after `since` (an incremental scoring run rescores them). */
export const complaintActivity = (workspaceId: string, since: Date): SQL =>
  sql`select customer_id from complaints where workspace_id = ${workspaceId} and (registered_at > ${since} or updated_at > ${since})
      union select customer_id from complaint_compensations where workspace_id = ${workspaceId} and decided_at > ${since}`;
