// Declared cross-domain sources of the value engine (churn features, non-contractual risk).
import { type SQL, sql } from 'drizzle-orm';

/**
 * The latest scores per customer: `customer_id, tier, rfm_segment, r_score, f_score, m_score,
 * p_alive, clv_minor` (RFM scores and P(alive) null when the customer could not be scored).
 */
export const customerScoreFacts = (workspaceId: string): SQL =>
  sql`select customer_id, tier, rfm_segment, r_score, f_score, m_score, p_alive, clv_minor
      from customer_scores where workspace_id = ${workspaceId}`;
