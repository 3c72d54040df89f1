// SQL of campaign execution: members with work left (locked, SKIP LOCKED, so two workers share a
// campaign), their execution rows, the facts eligibility needs (campaign messages in a window, open
// complaints), progress counts, costs per arm, and members in conflicting running campaigns.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { complaintChurnFacts } from '../complaints/index.ts';
import { campaignActionExecutions, campaigns, type CampaignObjective } from './campaigns.schema.ts';

export type ExecutionRow = typeof campaignActionExecutions.$inferSelect;
export type PendingMember = { customerId: string; arm: string; tier: string | null };

const textArray = (values: string[]) => sql`${`{${values.map((v) => JSON.stringify(v)).join(',')}}`}::text[]`;
const uuidArray = (values: string[]) => sql`${`{${values.join(',')}}`}::uuid[]`;

/**
 * Up to `limit` members (by customer id) with an action not yet recorded, or deferred and due;
 * locked for the caller's transaction, skipping members another worker holds.
 */
export async function lockPendingMembers(
  db: Db,
  ws: string,
  campaignId: string,
  actionsPerArm: Map<string, number>,
  now: Date,
  limit: number,
): Promise<PendingMember[]> {
  const arms = [...actionsPerArm.keys()];
  if (arms.length === 0) return [];
  const expected = sql.join(
    arms.map((a) => sql`when ${a} then ${actionsPerArm.get(a)!}::int`),
    sql` `,
  );
  return queryRows<PendingMember>(
    db,
    sql`select m.customer_id "customerId", m.arm, m.tier from campaign_members m
        where m.workspace_id = ${ws} and m.campaign_id = ${campaignId} and m.arm = any(${textArray(arms)})
          and (select count(*) from campaign_action_executions e
               where e.workspace_id = m.workspace_id and e.campaign_id = m.campaign_id and e.customer_id = m.customer_id
                 and (e.status <> 'deferred' or e.not_before > ${now})) < (case m.arm ${expected} end)
        order by m.customer_id limit ${limit}
        for update of m skip locked`,
  );
}

export async function executionsOf(db: Db, ws: string, campaignId: string, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(campaignActionExecutions)
    .where(
      and(
        eq(campaignActionExecutions.workspaceId, ws),
        eq(campaignActionExecutions.campaignId, campaignId),
        inArray(campaignActionExecutions.customerId, customerIds),
      ),
    );
}

/**
 * Records executions (one parameter per column however many rows); a deferred row is replaced,
 * any other kept. Returns how many were written.
 */
export async function recordExecutions(db: Db, rows: (typeof campaignActionExecutions.$inferInsert)[]) {
  if (rows.length === 0) return 0;
  const replaced = ['status', 'reason', 'channel', 'cost_minor', 'not_before', 'executed_at', 'updated_at'];
  const written = await insertUnnest(db, campaignActionExecutions, rows, {
    onConflict: sql`on conflict (workspace_id, campaign_id, customer_id, action_key) do update set ${sql.raw(
      replaced.map((c) => `${c} = excluded.${c}`).join(', '),
    )} where campaign_action_executions.status = 'deferred'`,
    returning: ['action_key'],
  });
  return written.length;
}

/** Campaign messages sent to each customer since `since`, across all campaigns (the frequency cap). */
export async function messagesSince(db: Db, ws: string, customerIds: string[], since: Date) {
  if (customerIds.length === 0) return new Map<string, number>();
  const rows = await queryRows<{ customer_id: string; n: number }>(
    db,
    sql`select customer_id, count(*)::int n from campaign_action_executions
        where workspace_id = ${ws} and customer_id = any(${uuidArray(customerIds)}) and type = 'message' and status = 'done'
          and executed_at >= ${since}
        group by customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]));
}

export async function withOpenComplaints(db: Db, ws: string, customerIds: string[], now: Date) {
  if (customerIds.length === 0) return new Set<string>();
  const rows = await queryRows<{ customer_id: string }>(
    db,
    sql`select k.customer_id from (${complaintChurnFacts(ws, now)}) k
        where k.open_complaints > 0 and k.customer_id = any(${uuidArray(customerIds)})`,
  );
  return new Set(rows.map((r) => r.customer_id));
}

export type ExecutionCounts = {
  arm: string;
  actionKey: string;
  status: string;
  reason: string | null;
  n: number;
  cost: number;
};

export async function executionCounts(db: Db, ws: string, campaignId: string): Promise<ExecutionCounts[]> {
  const rows = await queryRows<ExecutionCounts>(
    db,
    sql`select arm, action_key "actionKey", status, reason, count(*)::int n, coalesce(sum(cost_minor), 0)::bigint cost
        from campaign_action_executions where workspace_id = ${ws} and campaign_id = ${campaignId}
        group by arm, action_key, status, reason`,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n), cost: Number(r.cost) }));
}

export async function failedExecutions(db: Db, ws: string, campaignId: string, limit: number) {
  return db
    .select({
      customerId: campaignActionExecutions.customerId,
      actionKey: campaignActionExecutions.actionKey,
      reason: campaignActionExecutions.reason,
    })
    .from(campaignActionExecutions)
    .where(
      and(
        eq(campaignActionExecutions.workspaceId, ws),
        eq(campaignActionExecutions.campaignId, campaignId),
        eq(campaignActionExecutions.status, 'failed'),
      ),
    )
    .orderBy(campaignActionExecutions.customerId)
    .limit(limit);
}

/** Costs of what was done, per arm and tier (results by tier). */
export async function costsByArmAndTier(db: Db, ws: string, campaignId: string) {
  const rows = await queryRows<{ arm: string; tier: string | null; cost: number }>(
    db,
    sql`select e.arm, m.tier, coalesce(sum(e.cost_minor), 0)::bigint cost
        from campaign_action_executions e
        join campaign_members m on m.workspace_id = e.workspace_id and m.campaign_id = e.campaign_id and m.customer_id = e.customer_id
        where e.workspace_id = ${ws} and e.campaign_id = ${campaignId} and e.status = 'done'
        group by e.arm, m.tier`,
  );
  return rows.map((r) => ({ arm: r.arm, tier: r.tier, cost: Number(r.cost) }));
}

export async function runningCampaigns(db: Db, limit: number) {
  return db
    .select({ workspaceId: campaigns.workspaceId, id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.executionStatus, 'running'))
    .limit(limit);
}

/** Other launched campaigns of the workspace with one of `objectives` (the conflict check's drivers). */
async function conflictingCampaignIds(db: Db, ws: string, campaignId: string, objectives: CampaignObjective[]) {
  if (objectives.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from campaigns where workspace_id = ${ws} and id <> ${campaignId}
          and status = 'launched' and objective = any(${textArray(objectives)})`,
  );
  return rows.map((r) => r.id);
}

/**
 * Members of `campaignId` who are members of another launched campaign with one of `objectives`.
 * Driven from those campaigns' members (each looked up in this campaign by primary key), and
 * nothing at all when there is no such campaign: right after a launch the new member list has no
 * statistics yet, and a plan driven from it can go quadratic at 1M members.
 */
export async function conflictingMemberships(
  db: Db,
  ws: string,
  campaignId: string,
  objectives: CampaignObjective[],
  limit: number,
) {
  const others = await conflictingCampaignIds(db, ws, campaignId, objectives);
  if (others.length === 0) return [];
  return queryRows<{ customerId: string; campaignId: string; campaignName: string; objective: CampaignObjective }>(
    db,
    sql`select m.customer_id "customerId", c.id "campaignId", c.name "campaignName", c.objective
        from campaigns c
        join campaign_members o on o.workspace_id = c.workspace_id and o.campaign_id = c.id
        join campaign_members m on m.workspace_id = o.workspace_id and m.campaign_id = ${campaignId} and m.customer_id = o.customer_id
        where c.workspace_id = ${ws} and c.id = any(${uuidArray(others)})
        order by m.customer_id, c.id limit ${limit}`,
  );
}

export async function countConflicts(db: Db, ws: string, campaignId: string, objectives: CampaignObjective[]) {
  const others = await conflictingCampaignIds(db, ws, campaignId, objectives);
  if (others.length === 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct m.customer_id)::int n
        from campaign_members o
        join campaign_members m on m.workspace_id = o.workspace_id and m.campaign_id = ${campaignId} and m.customer_id = o.customer_id
        where o.workspace_id = ${ws} and o.campaign_id = any(${uuidArray(others)})`,
  );
  return Number(row?.n ?? 0);
}
