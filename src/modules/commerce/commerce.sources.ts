// The commerce domain's declared cross-domain sources: what workflows read of transactions and
// products without touching the tables — the earning facts loyalty earns from (one transaction
// type, declared once), a customer's net revenue (complaint compensation), and the demo loader's
// bulk product writer, and the purchase facts of a window (campaign outcomes).
import { type SQL, sql } from 'drizzle-orm';

export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';

/**
 * Per customer, transactions in [from, to): `customer_id, purchases, revenue_minor` — purchases
 * counted, revenue net of returns (returns are negative transactions). For campaign outcomes.
 */
export const purchaseWindowFacts = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, count(*) filter (where kind = 'purchase')::int purchases, sum(total_minor)::bigint revenue_minor
      from transactions where workspace_id = ${workspaceId} and occurred_at >= ${from} and occurred_at < ${to}
      group by customer_id`;
