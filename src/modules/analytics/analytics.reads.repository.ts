// The analytics domain's reads of stored scores: one customer's, the pyramid, the RFM grid, tier changes.
// Every query is scoped by workspace.
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { liveCustomers } from '../customers/index.ts';
import { customerScores, customerTierChanges, scoringRuns } from './analytics.schema.ts';
import { type ScoreRow } from './analytics.repository.ts';

/** A customer's scores with their run's instant, model version and window, and their tier's start and reason (its latest change). */
export type ScoreView = ScoreRow & {
  computedAt: Date;
  modelVersion: string | null;
  windowMonths: number;
  tierSince: Date;
  tierReason: string;
};

export async function findScore(db: Db, workspaceId: string, customerId: string): Promise<ScoreView | undefined> {
  const [row] = await db
    .select({
      score: customerScores,
      computedAt: scoringRuns.asOf,
      modelVersion: scoringRuns.modelVersion,
      windowMonths: scoringRuns.windowMonths,
    })
    .from(customerScores)
    .innerJoin(
      scoringRuns,
      and(eq(scoringRuns.workspaceId, customerScores.workspaceId), eq(scoringRuns.id, customerScores.runId)),
    )
    .where(and(eq(customerScores.workspaceId, workspaceId), eq(customerScores.customerId, customerId)));
  if (!row) return undefined;
  const [change] = await listTierChanges(db, workspaceId, customerId, 1);
  return {
    ...row.score,
    computedAt: row.computedAt as Date,
    modelVersion: row.modelVersion,
    windowMonths: row.windowMonths as number,
    tierSince: change?.changedAt ?? (row.computedAt as Date),
    tierReason: change?.reason ?? '',
  };
}

export type PyramidRow = { tier: string; customers: number; revenue: number; profit: number };

export async function pyramidRows(db: Db, workspaceId: string): Promise<{ tiers: PyramidRow[]; unscored: number }> {
  const tiers = await queryRows<{ tier: string; customers: number; revenue: string; profit: string }>(
    db,
    sql`select tier, count(*)::int customers, sum(revenue_minor)::text revenue, sum(net_profit_minor)::text profit from customer_scores where workspace_id = ${workspaceId} group by tier`,
  );
  const [u] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from (${liveCustomers(workspaceId)}) c
        where not exists (select 1 from customer_scores s where s.workspace_id = ${workspaceId} and s.customer_id = c.id)`,
  );
  return {
    tiers: tiers.map((t) => ({
      tier: t.tier,
      customers: t.customers,
      revenue: Number(t.revenue),
      profit: Number(t.profit),
    })),
    unscored: u.n,
  };
}

export async function rfmRows(db: Db, workspaceId: string) {
  const cells = await queryRows<{ r: number; f: number; customers: number; monetary: string }>(
    db,
    sql`select r_score r, f_score f, count(*)::int customers, round(avg(monetary_minor))::text monetary from customer_scores
        where workspace_id = ${workspaceId} and r_score is not null group by r_score, f_score`,
  );
  const segments = await queryRows<{ segment: string; customers: number; revenue: string }>(
    db,
    sql`select rfm_segment segment, count(*)::int customers, sum(revenue_minor)::text revenue from customer_scores
        where workspace_id = ${workspaceId} and rfm_segment is not null group by rfm_segment`,
  );
  return {
    cells: cells.map((c) => ({ r: c.r, f: c.f, customers: c.customers, monetary: Number(c.monetary) })),
    segments: segments.map((s) => ({ segment: s.segment, customers: s.customers, revenue: Number(s.revenue) })),
  };
}

export async function listTierChanges(db: Db, workspaceId: string, customerId: string, limit: number) {
  return db
    .select()
    .from(customerTierChanges)
    .where(and(eq(customerTierChanges.workspaceId, workspaceId), eq(customerTierChanges.customerId, customerId)))
    .orderBy(desc(customerTierChanges.changedAt), desc(customerTierChanges.id))
    .limit(limit);
}
