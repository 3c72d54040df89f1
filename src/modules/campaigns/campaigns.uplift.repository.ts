// SQL of campaigns' uplift tables: uploaded external results, the campaign's uplift model row and
// its members' scores; and the read the model starts from — each member's arm, whether it bought
// in the outcome window, and the churn model's non-contract features as known at the launch (the
// same declared sources churn reads: interactions, complaints, loyalty, value scores).
import { and, desc, eq, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import type { ChurnFeatureRow } from '../churn/index.ts';
import { purchaseWindowFacts } from '../commerce/index.ts';
import { complaintChurnFacts } from '../complaints/index.ts';
import { interactionChurnFacts } from '../interactions/index.ts';
import { loyaltyChurnFacts } from '../loyalty/index.ts';
import { campaignExternalResults, campaignUpliftModels, campaignUpliftScores } from './campaigns.uplift.schema.ts';

export type ExternalResultRow = typeof campaignExternalResults.$inferSelect;
export type UpliftModelRow = typeof campaignUpliftModels.$inferSelect;

export async function insertExternalResult(db: Db, row: typeof campaignExternalResults.$inferInsert) {
  const [created] = await db.insert(campaignExternalResults).values(row).returning();
  return created;
}

export async function listExternalResults(db: Db, ws: string, campaignId: string, limit: number) {
  return db
    .select()
    .from(campaignExternalResults)
    .where(and(eq(campaignExternalResults.workspaceId, ws), eq(campaignExternalResults.campaignId, campaignId)))
    .orderBy(desc(campaignExternalResults.createdAt), desc(campaignExternalResults.id))
    .limit(limit);
}

/** One member as the uplift model reads it: arm, outcome, and churn's customer-level facts. */
export type MemberFacts = { customer_id: string; arm: string; bought: boolean } & Pick<
  ChurnFeatureRow,
  | 'tier'
  | 'contacts_90d'
  | 'contact_cost_minor'
  | 'complaints'
  | 'open_complaints'
  | 'sla_breaches'
  | 'dissatisfied'
  | 'loyalty_member'
  | 'loyalty_balance'
  | 'loyalty_activity_90d'
  | 'rfm_segment'
  | 'r_score'
  | 'f_score'
  | 'm_score'
>;

export async function memberFacts(
  db: Db,
  ws: string,
  campaignId: string,
  launchedAt: Date,
  window: { from: Date; to: Date },
): Promise<MemberFacts[]> {
  return queryRows<MemberFacts>(
    db,
    sql`select m.customer_id, m.arm, coalesce(p.purchases, 0) > 0 as bought, coalesce(m.tier, s.tier) as tier,
          coalesce(i.contacts_90d, 0)::int as contacts_90d, coalesce(i.contact_cost_minor, 0) as contact_cost_minor,
          coalesce(q.complaints, 0)::int as complaints, coalesce(q.open_complaints, 0)::int as open_complaints,
          coalesce(q.sla_breaches, 0)::int as sla_breaches, coalesce(q.dissatisfied, 0)::int as dissatisfied,
          l.customer_id is not null as loyalty_member, coalesce(l.balance, 0) as loyalty_balance,
          coalesce(l.activity_90d, 0)::int as loyalty_activity_90d,
          s.rfm_segment, s.r_score, s.f_score, s.m_score
        from campaign_members m
        left join (${purchaseWindowFacts(ws, window.from, window.to)}) p on p.customer_id = m.customer_id
        left join (${interactionChurnFacts(ws, launchedAt)}) i on i.customer_id = m.customer_id
        left join (${complaintChurnFacts(ws, launchedAt)}) q on q.customer_id = m.customer_id
        left join (${loyaltyChurnFacts(ws, launchedAt)}) l on l.customer_id = m.customer_id
        left join (${customerScoreFacts(ws)}) s on s.customer_id = m.customer_id
        where m.workspace_id = ${ws} and m.campaign_id = ${campaignId}
        order by m.customer_id`,
  );
}

export async function findUpliftModel(db: Db, ws: string, campaignId: string): Promise<UpliftModelRow | undefined> {
  const [row] = await db
    .select()
    .from(campaignUpliftModels)
    .where(and(eq(campaignUpliftModels.workspaceId, ws), eq(campaignUpliftModels.campaignId, campaignId)));
  return row;
}

export async function saveUpliftModel(db: Db, row: typeof campaignUpliftModels.$inferInsert) {
  const { workspaceId: _w, campaignId: _c, ...rest } = row;
  const [saved] = await db
    .insert(campaignUpliftModels)
    .values(row)
    .onConflictDoUpdate({ target: [campaignUpliftModels.workspaceId, campaignUpliftModels.campaignId], set: rest })
    .returning();
  return saved;
}

const SCORE_BATCH = 10_000;

/** Replaces the campaign's scores (call inside the transaction that saves the model). */
export async function replaceUpliftScores(
  db: Db,
  ws: string,
  campaignId: string,
  scores: { customerId: string; uplift: number; rankPercent: number }[],
) {
  await db
    .delete(campaignUpliftScores)
    .where(and(eq(campaignUpliftScores.workspaceId, ws), eq(campaignUpliftScores.campaignId, campaignId)));
  for (let i = 0; i < scores.length; i += SCORE_BATCH)
    await insertUnnest(
      db,
      campaignUpliftScores,
      scores.slice(i, i + SCORE_BATCH).map((s) => ({ workspaceId: ws, campaignId, ...s })),
    );
}

/** The SQL condition "customer `idExpr` is in the top `topPercent` % of `campaignId`'s uplift scores". */
export const inUpliftTop = (ws: string, campaignId: string, topPercent: number, idExpr: ReturnType<typeof sql>) =>
  sql`exists (select 1 from campaign_uplift_scores u where u.workspace_id = ${ws} and u.campaign_id = ${campaignId}
        and u.customer_id = ${idExpr} and u.rank_percent < ${topPercent})`;

export async function scoreCount(db: Db, ws: string, campaignId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from campaign_uplift_scores where workspace_id = ${ws} and campaign_id = ${campaignId}`,
  );
  return Number(row.n);
}

/** Takes a queued fit; false when another worker already has it. */
export async function claimUpliftModel(db: Db, ws: string, campaignId: string): Promise<boolean> {
  const rows = await db
    .update(campaignUpliftModels)
    .set({ status: 'running' })
    .where(
      and(
        eq(campaignUpliftModels.workspaceId, ws),
        eq(campaignUpliftModels.campaignId, campaignId),
        eq(campaignUpliftModels.status, 'queued'),
      ),
    )
    .returning({ status: campaignUpliftModels.status });
  return rows.length === 1;
}

export async function failUpliftModel(db: Db, ws: string, campaignId: string, error: string) {
  await db
    .update(campaignUpliftModels)
    .set({ status: 'failed', error })
    .where(and(eq(campaignUpliftModels.workspaceId, ws), eq(campaignUpliftModels.campaignId, campaignId)));
}
