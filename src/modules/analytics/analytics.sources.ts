// The analytics domain's declared cross-domain sources: what other domains and workflows read of
// the value engine's tables (customer_scores), and the shape of the sources it reads from others
// (cost to serve, recent activity), which workflows/score-customers.ts hands it; the scores the
// churn features and the lapse marking read.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { workspacesWithLiveCustomers } from '../customers/index.ts';

/**
 * The latest scores per customer: `customer_id, tier, rfm_segment, r_score, f_score, m_score,
 * p_alive, clv_minor, recency_days` (RFM scores and P(alive) null when the customer could not be
 * scored; recency_days is the days from the last purchase to the run, null without a purchase).
 */
export const customerScoreFacts = (workspaceId: string): SQL =>
  sql`select customer_id, tier, rfm_segment, r_score, f_score, m_score, p_alive, clv_minor, recency_days
      from customer_scores where workspace_id = ${workspaceId}`;

/** P(alive) of the workspace's scored customers, by customer id after `after`, at most `limit` (keyset). */
export async function pAliveScores(
  db: Db,
  workspaceId: string,
  page: { after?: string; limit: number },
): Promise<{ customerId: string; pAlive: number }[]> {
  const after = page.after ? sql`and customer_id > ${page.after}::uuid` : sql``;
  const rows = await queryRows<{ customer_id: string; p_alive: number }>(
    db,
    sql`select customer_id, p_alive from customer_scores
        where workspace_id = ${workspaceId} and p_alive is not null ${after}
        order by customer_id limit ${page.limit}`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, pAlive: Number(r.p_alive) }));
}

/** A cost-to-serve source: SQL giving one row per cost item `(customer_id, cost_minor, at)`. */
export type CostSource = { key: 'interaction' | 'complaint' | 'reward'; items: (workspaceId: string) => SQL };

/** Workspaces with at least one live customer (the daily run's work list): the customers domain's source. */
export const workspacesWithCustomers = (db: Db): Promise<string[]> => workspacesWithLiveCustomers(db);

/** Current tiers of some customers (the loyalty and complaints lookups). */
export async function tiersOfCustomers(
  db: Db,
  workspaceId: string,
  customerIds: string[],
): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await queryRows<{ c: string; t: string }>(
    db,
    sql`select customer_id c, tier t from customer_scores where workspace_id = ${workspaceId} and customer_id = any(${`{${customerIds.join(',')}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.c, r.t]));
}

/**
 * An activity source: SQL giving the ids (`customer_id`) of the workspace's customers with a fact
 * recorded or changed after `since`. An incremental run rescores them.
 */
export type ActivitySource = (workspaceId: string, since: Date) => SQL;

/** What a scoring run reads from other domains, handed in by workflows/score-customers.ts. */
export type ScoringSources = { costs: CostSource[]; activity: ActivitySource[] };

/** The stored tier of each scored customer, `(customer_id, tier)`: the cohort roll-up's tier split reads it. */
export const customerTiers = (workspaceId: string): SQL =>
  sql`select customer_id, tier from customer_scores where workspace_id = ${workspaceId}`;

/**
 * A condition on a customer id (an SQL expression of the caller's query): the customer's stored
 * score is in the tier and/or RFM segment given. For the customer list's filters.
 */
export function scoreMatches(workspaceId: string, customerId: SQL, f: { tier?: string; rfmSegment?: string }): SQL {
  const conditions = [
    sql`s.workspace_id = ${workspaceId}`,
    sql`s.customer_id = ${customerId}`,
    ...(f.tier === undefined ? [] : [sql`s.tier = ${f.tier}`]),
    ...(f.rfmSegment === undefined ? [] : [sql`s.rfm_segment = ${f.rfmSegment}`]),
  ];
  return sql`exists (select 1 from customer_scores s where ${sql.join(conditions, sql` and `)})`;
}

/**
 * One column of a customer's stored score as a scalar SQL expression over the caller's customer id
 * (null when the customer has not been scored): the customer list's tier, predicted CLV and P(alive).
 */
export function scoreColumn(workspaceId: string, customerId: SQL, column: 'tier' | 'clv_minor' | 'p_alive'): SQL {
  return sql`(select s.${sql.raw(column)} from customer_scores s where s.workspace_id = ${workspaceId} and s.customer_id = ${customerId})`;
}
