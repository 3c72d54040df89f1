// SQL of campaigns' own rows: the workspace settings (global holdout), campaigns and their
// lifecycle moves (conditional on the status read), and the member list frozen at launch.
import { and, desc, eq, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { purchaseWindowFacts } from '../commerce/index.ts';
import { type ArmPlan, armSql, type HashScheme, stratumPointSql, unitHashSql } from './campaigns.assignment.ts';
import { campaignMembers, campaigns, campaignSettings, type CampaignStatus } from './campaigns.schema.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type SettingsRow = typeof campaignSettings.$inferSelect;

export async function findSettings(db: Db, ws: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(campaignSettings).where(eq(campaignSettings.workspaceId, ws));
  return row;
}

export async function upsertSettings(db: Db, row: typeof campaignSettings.$inferInsert): Promise<SettingsRow> {
  const [saved] = await db
    .insert(campaignSettings)
    .values(row)
    .onConflictDoUpdate({
      target: campaignSettings.workspaceId,
      set: {
        holdoutShare: row.holdoutShare,
        holdoutSeed: row.holdoutSeed,
        hashScheme: row.hashScheme,
        updatedAt: row.updatedAt,
      },
    })
    .returning();
  return saved;
}

export async function insertCampaign(db: Db, row: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [created] = await db.insert(campaigns).values(row).returning();
  return created;
}

export async function findCampaign(db: Db, ws: string, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)));
  return row;
}

/** Changes a campaign if it still has the status read (a launch and a finish cannot cross). */
export async function updateCampaignRow(
  db: Db,
  ws: string,
  id: string,
  expected: CampaignStatus,
  patch: Partial<typeof campaigns.$inferInsert>,
): Promise<CampaignRow | undefined> {
  const [row] = await db
    .update(campaigns)
    .set(patch)
    .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id), eq(campaigns.status, expected)))
    .returning();
  return row;
}

export async function listCampaignRows(
  db: Db,
  ws: string,
  f: { status?: CampaignStatus },
  limit: number,
  beforeId?: string,
) {
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, ws),
        f.status ? eq(campaigns.status, f.status) : undefined,
        beforeId ? lt(campaigns.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(campaigns.id))
    .limit(limit);
}

export type FreezePlan = {
  /** `select c.id, s.tier from …`: the segment's members (campaigns.segments.repository.ts). */
  segment: SQL;
  seed: string;
  scheme: HashScheme;
  arms: readonly ArmPlan[];
  stratifyByTier: boolean;
  /** The workspace's global holdout, when it has one. */
  holdout: { seed: string; share: number; scheme: HashScheme } | null;
};

/**
 * The launch's freeze in one statement: the segment's members less the global holdout, each given
 * an arm by the hash of the campaign's seed and its id (or, stratified, by its rank in its tier's
 * hash order), inserted as the member list. Returns the segment's size and the members per arm.
 */
export async function freezeMembers(db: Db, ws: string, campaignId: string, plan: FreezePlan) {
  const held =
    plan.holdout && plan.holdout.share > 0
      ? sql`${unitHashSql(plan.holdout.seed, sql`id`, plan.holdout.scheme)} < ${String(plan.holdout.share)}::float8`
      : sql`false`;
  const point = plan.stratifyByTier ? stratumPointSql(sql`u`, sql`tier`, sql`id`) : sql`u`;
  const rows = await queryRows<{ arm: string | null; n: number }>(
    db,
    sql`with seg as materialized (select id, tier from (${plan.segment}) s0),
        kept as (select id, tier, ${unitHashSql(plan.seed, sql`id`, plan.scheme)} u from seg where not (${held})),
        placed as (select id, tier, ${point} p from kept),
        ins as (
          insert into campaign_members (workspace_id, campaign_id, customer_id, arm, tier)
          select ${ws}, ${campaignId}, id, ${armSql(plan.arms, sql`p`)}, tier from placed order by id
          returning arm)
        select arm, count(*)::int n from ins group by arm
        union all select null, count(*)::int from seg`,
  );
  const counts = new Map(rows.filter((r) => r.arm !== null).map((r) => [r.arm!, Number(r.n)]));
  return { total: Number(rows.find((r) => r.arm === null)?.n ?? 0), counts };
}

export async function memberCounts(db: Db, ws: string, campaignId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ arm: string; n: number }>(
    db,
    sql`select arm, count(*)::int n from campaign_members
        where workspace_id = ${ws} and campaign_id = ${campaignId} group by arm`,
  );
  return new Map(rows.map((r) => [r.arm, Number(r.n)]));
}

export async function listMemberRows(db: Db, ws: string, campaignId: string, limit: number, afterId?: string) {
  return db
    .select({ customerId: campaignMembers.customerId, arm: campaignMembers.arm, tier: campaignMembers.tier })
    .from(campaignMembers)
    .where(
      and(
        eq(campaignMembers.workspaceId, ws),
        eq(campaignMembers.campaignId, campaignId),
        afterId ? sql`${campaignMembers.customerId} > ${afterId}` : undefined,
      ),
    )
    .orderBy(campaignMembers.customerId)
    .limit(limit);
}

export type ArmOutcomeRow = {
  arm: string;
  /** Undefined for the whole arm; the tier (null: no tier) for a per-tier row. */
  tier?: string | null;
  n: number;
  buyers: number;
  revenueMean: number;
  revenueVariance: number;
  marginMean: number;
};

/**
 * Per arm, and per arm and tier, over [from, to): members, members who bought, the mean and
 * variance of net revenue per member, and the mean gross margin per member.
 */
export async function armOutcomes(db: Db, ws: string, campaignId: string, from: Date, to: Date) {
  const rows = await queryRows<{
    arm: string;
    tier: string | null;
    by_tier: number;
    n: number;
    buyers: number;
    mean: string | null;
    variance: string | null;
    margin: string | null;
  }>(
    db,
    sql`select m.arm, m.tier, grouping(m.tier) = 0 by_tier, count(*)::int n, count(*) filter (where p.purchases > 0)::int buyers,
          avg(coalesce(p.revenue_minor, 0))::float8 mean, var_samp(coalesce(p.revenue_minor, 0))::float8 variance,
          avg(coalesce(p.margin_minor, 0))::float8 margin
        from campaign_members m left join (${purchaseWindowFacts(ws, from, to)}) p on p.customer_id = m.customer_id
        where m.workspace_id = ${ws} and m.campaign_id = ${campaignId}
        group by grouping sets ((m.arm), (m.arm, m.tier))`,
  );
  return rows.map((r): ArmOutcomeRow => ({
    arm: r.arm,
    ...(r.by_tier ? { tier: r.tier } : {}),
    n: Number(r.n),
    buyers: Number(r.buyers),
    revenueMean: Number(r.mean ?? 0),
    revenueVariance: r.variance === null ? Number.NaN : Number(r.variance),
    marginMean: Number(r.margin ?? 0),
  }));
}

/** Drafts whose scheduled launch is due, in every workspace, earliest first (the launch job's scan). */
export async function dueScheduledCampaigns(db: Db, now: Date, limit: number) {
  return db
    .select({ workspaceId: campaigns.workspaceId, id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'draft'), lte(campaigns.scheduledAt, now)))
    .orderBy(campaigns.scheduledAt)
    .limit(limit);
}
