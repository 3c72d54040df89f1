// Commerce's reads for product affinity (declared in commerce.sources.ts): every purchase line's
// product as (order, customer, product) in customer and time order — baskets and portfolios are
// built from it — or the same a page of customers at a time with each transaction's lines folded
// into one row (forEachPurchaseBatch: the affinity run's read, bounded in memory); the products with
// their margin, what one customer holds (returns subtracted), and the buyers of a bundle.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type PurchasedProductRow = { transaction_id: string; customer_id: string; product_id: string };

/** One row per product of each purchase (a product on several lines once), by customer, time and order. */
export async function purchasedProducts(db: Db, workspaceId: string): Promise<PurchasedProductRow[]> {
  return queryRows<PurchasedProductRow>(
    db,
    sql`select t.id as transaction_id, t.customer_id, l.product_id
        from transactions t
        join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        where t.workspace_id = ${workspaceId} and t.kind = 'purchase' and l.product_id is not null
        group by t.customer_id, t.occurred_at, t.id, l.product_id
        order by t.customer_id, t.occurred_at, t.id, l.product_id`,
  );
}

export type ProductFactRow = {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  active: boolean;
  margin_minor: number;
  list_price_minor: number;
  currency: string;
};

/** Every product with its unit margin (list price − unit cost, minor units), in id order (purchasePage's indexes). */
export async function productFacts(db: Db, workspaceId: string): Promise<ProductFactRow[]> {
  const rows = await queryRows<ProductFactRow & { margin_minor: string | number; list_price_minor: string | number }>(
    db,
    sql`select id, sku, name, category, active, (list_price_minor - unit_cost_minor) as margin_minor, list_price_minor, currency
        from products where workspace_id = ${workspaceId} order by id`,
  );
  return rows.map((r) => ({
    ...r,
    margin_minor: Number(r.margin_minor),
    list_price_minor: Number(r.list_price_minor),
  }));
}

/** The products a customer holds: bought and not all returned. */
export async function productsHeld(db: Db, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = await queryRows<{ product_id: string }>(
    db,
    sql`select l.product_id
        from transactions t
        join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        where t.workspace_id = ${workspaceId} and t.customer_id = ${customerId} and l.product_id is not null
        group by l.product_id
        having sum(case when t.kind = 'return' then -l.quantity else l.quantity end) > 0`,
  );
  return rows.map((r) => r.product_id);
}

/**
 * One transaction of a page: its customer, kind and lines as `index:quantity:total_minor` joined
 * by commas, where index is the product's position in productFacts (id order). Lines without a
 * product are left out.
 */
export type PurchasePageRow = { customer_id: string; kind: 'purchase' | 'return'; lines: string };

/**
 * Every transaction of the workspace with a product line, in customer, time and id order, handed
 * to `onBatch` `size` rows at a time: one query read through a server-side cursor in one
 * transaction (one snapshot), so the server sorts once and memory here holds one batch. Planned
 * for the whole result (cursor_tuple_fraction 1), not for the first rows.
 */
export async function forEachPurchaseBatch(
  db: Db,
  workspaceId: string,
  size: number,
  onBatch: (rows: PurchasePageRow[]) => void,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local cursor_tuple_fraction = 1`);
    // One sort, of the lines with their text already made, in customer, time, transaction and line
    // order; the aggregate then reads each transaction's lines in that order (PostgreSQL's
    // aggregates take a sorted subquery's rows in order) instead of sorting every group again, as
    // `string_agg(… order by line_no)` does: two million small sorts at 1M customers.
    await tx.execute(
      sql`declare affinity_purchases no scroll cursor for
          with p as (select id, (row_number() over (order by id))::int - 1 as ix from products where workspace_id = ${workspaceId})
          select s.customer_id, s.kind, string_agg(s.line, ',') as lines
          from (
            select t.customer_id, t.occurred_at, t.id, t.kind,
              p.ix::text || ':' || l.quantity::text || ':' || l.total_minor::text as line
            from transactions t
            join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
            join p on p.id = l.product_id
            where t.workspace_id = ${workspaceId}
            order by t.customer_id, t.occurred_at, t.id, t.kind, l.line_no
          ) s
          group by s.customer_id, s.occurred_at, s.id, s.kind
          order by s.customer_id, s.occurred_at, s.id`,
    );
    for (;;) {
      const rows = await queryRows<PurchasePageRow>(
        tx,
        sql.raw(`fetch forward ${Math.floor(size)} from affinity_purchases`),
      );
      if (rows.length > 0) onBatch(rows);
      if (rows.length < size) break;
    }
  });
}

/**
 * Customers split into the buyers of a bundle (every one of `productIds` in one purchase) and the
 * others with a purchase: `buyer, customers, margin_minor` (gross margin net of returns, summed).
 */
export const bundleBuyerFacts = (workspaceId: string, productIds: string[]): SQL =>
  sql`with bought as (
        select t.customer_id
        from transactions t
        join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        where t.workspace_id = ${workspaceId} and t.kind = 'purchase'
          and l.product_id = any(${`{${productIds.join(',')}}`}::uuid[])
        group by t.customer_id, t.id
        having count(distinct l.product_id) = ${productIds.length}
      ), margins as (
        select customer_id, sum(gross_margin_minor) margin from transactions where workspace_id = ${workspaceId} group by customer_id
      )
      select (m.customer_id in (select customer_id from bought)) as buyer, count(*)::int customers,
        coalesce(sum(m.margin), 0)::bigint margin_minor
      from margins m group by 1`;
