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

/**
 * Per member, what leaving would forfeit as of `at` (the bond index's financial bond and the
 * switching costs): `customer_id, balance` (points), `points_value_minor` (balance × cost per point),
 * `level_position` (1-based among the program's levels by rank; 0 without a level), `level_count`,
 * `level_name`, `level_benefits`, `pending_vouchers` and `vouchers_value_minor` (issued, not consumed, not expired).
 */
export const loyaltyBondFacts = (workspaceId: string, at: Date): SQL =>
  sql`select a.customer_id, greatest(a.balance, 0)::bigint balance,
        round(greatest(a.balance, 0) * coalesce(p.cost_per_point_minor, 0))::bigint points_value_minor,
        (select count(*) from loyalty_levels l2 where l2.workspace_id = a.workspace_id and l2.rank <= lv.rank)::int level_position,
        (select count(*) from loyalty_levels l3 where l3.workspace_id = a.workspace_id)::int level_count,
        lv.name level_name, lv.benefits level_benefits,
        coalesce(v.n, 0)::int pending_vouchers, coalesce(v.value_minor, 0)::bigint vouchers_value_minor
      from loyalty_accounts a
      left join loyalty_programs p on p.workspace_id = a.workspace_id
      left join loyalty_levels lv on lv.workspace_id = a.workspace_id and lv.id = a.level_id
      left join (select r.customer_id, count(*) n, sum(coalesce(w.value_minor, 0)) value_minor
                 from loyalty_redemptions r join loyalty_rewards w on w.workspace_id = r.workspace_id and w.id = r.reward_id
                 where r.workspace_id = ${workspaceId} and r.status = 'issued' and r.expires_at > ${at}
                 group by r.customer_id) v on v.customer_id = a.customer_id
      where a.workspace_id = ${workspaceId}`;

/** A member's points balance as a scalar SQL expression over the caller's customer id; null for a non-member. */
export const pointsOf = (workspaceId: string, customerId: SQL): SQL =>
  sql`(select a.balance from loyalty_accounts a where a.workspace_id = ${workspaceId} and a.customer_id = ${customerId})`;
