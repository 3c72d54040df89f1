// Declared cross-domain sources of the value engine (churn features, non-contractual risk).
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/**
 * The latest scores per customer: `customer_id, tier, rfm_segment, r_score, f_score, m_score,
 * p_alive, clv_minor` (RFM scores and P(alive) null when the customer could not be scored).
 */
export const customerScoreFacts = (workspaceId: string): SQL =>
  sql`select customer_id, tier, rfm_segment, r_score, f_score, m_score, p_alive, clv_minor
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
