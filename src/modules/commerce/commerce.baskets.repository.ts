// Commerce's reads for product affinity (declared in commerce.sources.ts): every purchase line's
// product as (order, customer, product) in customer and time order — baskets and portfolios are
// built from it — the products with their margin, and what one customer has bought. Returns are
// left out: a returned product still says what was chosen together.
import { sql } from 'drizzle-orm';
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
  currency: string;
};

/** Every product with its unit margin (list price − unit cost, minor units). */
export async function productFacts(db: Db, workspaceId: string): Promise<ProductFactRow[]> {
  const rows = await queryRows<ProductFactRow & { margin_minor: string | number }>(
    db,
    sql`select id, sku, name, category, active, (list_price_minor - unit_cost_minor) as margin_minor, currency
        from products where workspace_id = ${workspaceId}`,
  );
  return rows.map((r) => ({ ...r, margin_minor: Number(r.margin_minor) }));
}

/** The products a customer has bought (not counting returns). */
export async function productsHeld(db: Db, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = await queryRows<{ product_id: string }>(
    db,
    sql`select distinct l.product_id
        from transactions t
        join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        where t.workspace_id = ${workspaceId} and t.customer_id = ${customerId} and t.kind = 'purchase'
          and l.product_id is not null`,
  );
  return rows.map((r) => r.product_id);
}
