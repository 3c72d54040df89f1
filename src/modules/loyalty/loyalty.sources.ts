// The loyalty domain's declared cross-domain sources: the cost of rewards and the recent
// redemptions that scoring reads (workflows/score-customers.ts), the workspaces with a program and
// a workspace's program (jobs, CLI, demo loader). The earn queue's surface for the earning
// workflow is loyalty.queue.sources.ts. Also the member facts the churn features read.
import { type SQL, sql, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ProgramRow } from './loyalty.repository.ts';
import { loyaltyPrograms } from './loyalty.schema.ts';

/** Per member, as known at `at`: the points balance then and ledger entries in the 90 days before. Columns: `customer_id, balance, activity_90d`. */
export const loyaltyChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id, coalesce(sum(points), 0)::bigint as balance,
        count(*) filter (where occurred_at > ${at}::timestamptz - interval '90 days')::int as activity_90d
      from loyalty_entries where workspace_id = ${workspaceId} and occurred_at <= ${at}
      group by customer_id`;

/** What redeemed rewards cost the business, one row per redemption `(customer_id, cost_minor, at)`, for set-based queries (the value engine). */
export const rewardCostItems = (workspaceId: string): SQL =>
  sql`select r.customer_id, w.cost_minor, r.issued_at at from loyalty_redemptions r
      join loyalty_rewards w on w.workspace_id = r.workspace_id and w.id = r.reward_id
      where r.workspace_id = ${workspaceId} and w.cost_minor <> 0`;

export async function workspacesWithPrograms(db: Db): Promise<string[]> {
  const rows = await db.select({ id: loyaltyPrograms.workspaceId }).from(loyaltyPrograms);
  return rows.map((r) => r.id);
}

export async function findProgram(db: Db, workspaceId: string): Promise<ProgramRow | undefined> {
  const [row] = await db.select().from(loyaltyPrograms).where(eq(loyaltyPrograms.workspaceId, workspaceId));
  return row;
}

/** Customers who redeemed a reward after `since` (an incremental scoring run rescores them). */
export const redemptionActivity = (workspaceId: string, since: Date): SQL =>
  sql`select customer_id from loyalty_redemptions where workspace_id = ${workspaceId} and issued_at > ${since}`;
