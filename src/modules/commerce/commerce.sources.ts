// The commerce domain's declared cross-domain sources: what workflows read of transactions and
// products without touching the tables — the earning facts loyalty earns from (one transaction
// type, declared once), a customer's net revenue (complaint compensation), and the demo loader's
// bulk product writer, and the purchases a transactional survey follows.
import { type SQL, sql } from 'drizzle-orm';
export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';

/** Purchases made in `(from, to]`, `(customer_id, subject_id, at)`: the moments a transactional survey follows. */
export const purchaseMoments = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, id subject_id, occurred_at at from transactions
      where workspace_id = ${workspaceId} and kind = 'purchase' and occurred_at > ${from} and occurred_at <= ${to}`;
