// The commerce domain's declared cross-domain sources: what workflows read of transactions and
// products without touching the tables — the earning facts loyalty earns from (one transaction
// type, declared once), a customer's net revenue (complaint compensation), and the demo loader's
// bulk product writer, the purchase facts of a window (campaign outcomes), product affinity's
// reads of purchased products, products and holdings, the purchases a transactional survey
// follows; and, as SQL fragments that set-based queries embed, the transactions the value engine
// scores on, the customers with new transactions, and the id range of a workspace's transactions
// (loyalty's backfill).
import { type SQL, sql } from 'drizzle-orm';

export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';
export {
  bundleBuyerFacts,
  type ProductFactRow,
  productFacts,
  productsHeld,
  type PurchasedProductRow,
  purchasedProducts,
  forEachPurchaseBatch,
  type PurchasePageRow,
} from './commerce.baskets.repository.ts';

/**
 * Per customer, transactions in [from, to): `customer_id, purchases, revenue_minor, margin_minor` —
 * purchases counted, revenue and gross margin net of returns (returns are negative transactions).
 * For campaign outcomes.
 */
export const purchaseWindowFacts = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, count(*) filter (where kind = 'purchase')::int purchases, sum(total_minor)::bigint revenue_minor,
        sum(gross_margin_minor)::bigint margin_minor
      from transactions where workspace_id = ${workspaceId} and occurred_at >= ${from} and occurred_at < ${to}
      group by customer_id`;

/**
 * The workspace's transactions as the value engine reads them: `customer_id, kind, occurred_at,
 * currency, total_minor, gross_margin_minor`. A plain filtered select: the planner inlines it, so
 * the embedding query still walks the `(workspace_id, customer_id, occurred_at)` index in order.
 */
export const transactionFacts = (workspaceId: string): SQL =>
  sql`select customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor from transactions where workspace_id = ${workspaceId}`;

/** Ids (`customer_id`) of the customers with a transaction recorded, or dated, after `since`. */
export const transactionActivity = (workspaceId: string, since: Date): SQL =>
  sql`select customer_id from transactions where workspace_id = ${workspaceId} and (created_at > ${since} or occurred_at > ${since})`;

/**
 * One row `(from_id, to_id, n)`: the lowest and highest transaction id of the workspace (as uuid
 * text orders) and how many there are; no row when it has none.
 */
export const transactionIdRange = (workspaceId: string): SQL =>
  sql`select min(id::text)::uuid from_id, max(id::text)::uuid to_id, count(*) n from transactions where workspace_id = ${workspaceId} group by workspace_id`;
export {
  cohortCellCustomers,
  cohortCells,
  type CustomerFilter,
  lapsedPurchasers,
  purchaseActivity,
  type PurchaseActivityRow,
} from './commerce.kpis.repository.ts';

/** Purchases made in `(from, to]`, `(customer_id, subject_id, at)`: the moments a transactional survey follows. */
export const purchaseMoments = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, id subject_id, occurred_at at from transactions
      where workspace_id = ${workspaceId} and kind = 'purchase' and occurred_at > ${from} and occurred_at <= ${to}`;

/**
 * Per customer, the product lines held as of `at`: `customer_id, product_lines`, the distinct
 * product categories bought in the two years before (a product without a category counts as a line
 * of its own). The bond index's structural bond.
 */
export const productLineFacts = (workspaceId: string, at: Date): SQL =>
  sql`select t.customer_id, count(distinct coalesce(p.category, '#' || l.product_id::text))::int product_lines
      from transactions t
      join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
      left join products p on p.workspace_id = l.workspace_id and p.id = l.product_id
      where t.workspace_id = ${workspaceId} and t.kind = 'purchase' and l.product_id is not null
        and t.occurred_at <= ${at} and t.occurred_at > ${at}::timestamptz - interval '2 years'
      group by t.customer_id`;

/** When the customer last purchased, as a scalar SQL expression over the caller's customer id (the customer index answers it); null without a purchase. */
export const lastPurchaseOf = (workspaceId: string, customerId: SQL): SQL =>
  sql`(select max(t.occurred_at) from transactions t where t.workspace_id = ${workspaceId} and t.customer_id = ${customerId} and t.kind = 'purchase')`;
