// SQL of the purchase-based KPIs the kpis domain reads (through commerce.sources.ts): the cohort
// matrix (acquisition month × months since), logo retention and the repeat-purchase rate of
// non-contractual customers, and the customers behind those numbers. Months are UTC calendar
// months; a customer's acquisition month is that of their first purchase (returns never acquire).
// `filter`, when given, is a condition on the customer id (analytics' tier match, say). It is handed
// `transactions.customer_id`, qualified: a bare `customer_id` inside the filter's own subquery
// (`exists (select 1 from customer_scores s where s.customer_id = customer_id …)`) names the
// subquery's column, and the filter matched every customer as soon as one was in the tier.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type CustomerFilter = (customerId: SQL) => SQL;

const monthNo = (at: SQL) =>
  sql`(extract(year from ${at} at time zone 'UTC')::int * 12 + extract(month from ${at} at time zone 'UTC')::int - 1)`;
const where = (filter: CustomerFilter | undefined, id: SQL) => (filter ? sql`and ${filter(id)}` : sql``);

export type CohortCellRow = { cohort: number; k: number; customers: number; revenue_minor: number };

/**
 * Customers acquired in [from, to), per acquisition month (`cohort`, a month number: year × 12 +
 * month − 1) and months since (`k`): how many purchased in that month, and the net revenue
 * (purchases less returns) of the cohort in it, up to `to`.
 */
export async function cohortCells(
  db: Db,
  workspaceId: string,
  w: { from: Date; to: Date; filter?: CustomerFilter },
): Promise<CohortCellRow[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    // One pass over the customers' transactions (the (workspace, customer, occurred_at) index gives
    // them in customer order): per customer and month, then each customer's first purchase month
    // by a window over those few rows — no second read of transactions, no count(distinct).
    sql`with per as (
          select customer_id, ${monthNo(sql`occurred_at`)} m, bool_or(kind = 'purchase') bought, sum(total_minor) revenue
          from transactions
          where workspace_id = ${workspaceId} and occurred_at < ${w.to} ${where(w.filter, sql`transactions.customer_id`)}
          group by customer_id, 2
        ), x as (
          select m, bought, revenue, min(m) filter (where bought) over (partition by customer_id) cohort from per
        )
        select cohort, m - cohort k, count(*) filter (where bought) customers, coalesce(sum(revenue), 0) revenue_minor
        from x where cohort >= ${monthNo(sql`${w.from}::timestamptz`)}
        group by cohort, m order by cohort, m`,
  );
  return rows.map((r) => ({
    cohort: Number(r.cohort),
    k: Number(r.k),
    customers: Number(r.customers),
    revenue_minor: Number(r.revenue_minor),
  }));
}

/** The customers of one cohort cell (acquired in [cohortFrom, cohortTo), purchasing in [activeFrom, activeTo)), by id. */
export async function cohortCellCustomers(
  db: Db,
  workspaceId: string,
  q: {
    cohortFrom: Date;
    cohortTo: Date;
    activeFrom: Date;
    activeTo: Date;
    filter?: CustomerFilter;
    afterId?: string;
    limit: number;
  },
): Promise<{ customer_id: string; purchases: number; revenue_minor: number }[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`with f as (
          select customer_id from transactions
          where workspace_id = ${workspaceId} and kind = 'purchase' ${where(q.filter, sql`transactions.customer_id`)}
            ${q.afterId ? sql`and customer_id > ${q.afterId}` : sql``}
          group by customer_id
          having min(occurred_at) >= ${q.cohortFrom} and min(occurred_at) < ${q.cohortTo}
        )
        select t.customer_id::text, count(*) filter (where t.kind = 'purchase') purchases, sum(t.total_minor) revenue_minor
        from f join transactions t on t.workspace_id = ${workspaceId} and t.customer_id = f.customer_id
          and t.occurred_at >= ${q.activeFrom} and t.occurred_at < ${q.activeTo}
        group by t.customer_id having count(*) filter (where t.kind = 'purchase') > 0
        order by t.customer_id limit ${q.limit}`,
  );
  return rows.map((r) => ({
    customer_id: String(r.customer_id),
    purchases: Number(r.purchases),
    revenue_minor: Number(r.revenue_minor),
  }));
}

export type PurchaseActivityRow = {
  /** Customers with a purchase in [before, from). */
  activeBefore: number;
  /** Of those, customers with a purchase in [from, to) too. */
  retained: number;
  /** Customers with a purchase in [from, to). */
  active: number;
  /** Of those, customers with two purchases or more in [from, to). */
  repeaters: number;
};

export async function purchaseActivity(
  db: Db,
  workspaceId: string,
  w: { before: Date; from: Date; to: Date; filter?: CustomerFilter },
): Promise<PurchaseActivityRow> {
  const [r] = await queryRows<Record<string, string | number>>(
    db,
    sql`with p as (
          select customer_id,
                 count(*) filter (where occurred_at >= ${w.from}) cur,
                 count(*) filter (where occurred_at < ${w.from}) prev
          from transactions
          where workspace_id = ${workspaceId} and kind = 'purchase' and occurred_at >= ${w.before} and occurred_at < ${w.to}
            ${where(w.filter, sql`transactions.customer_id`)}
          group by customer_id
        )
        select count(*) filter (where prev > 0) active_before, count(*) filter (where prev > 0 and cur > 0) retained,
               count(*) filter (where cur > 0) active, count(*) filter (where cur >= 2) repeaters
        from p`,
  );
  return {
    activeBefore: Number(r.active_before),
    retained: Number(r.retained),
    active: Number(r.active),
    repeaters: Number(r.repeaters),
  };
}

/** Customers with a purchase in [before, from) and none in [from, to): the lost ones of logo retention, by id. */
export async function lapsedPurchasers(
  db: Db,
  workspaceId: string,
  q: { before: Date; from: Date; to: Date; filter?: CustomerFilter; afterId?: string; limit: number },
): Promise<{ customer_id: string; last_purchase_at: Date }[]> {
  const rows = await queryRows<{ customer_id: string; last_purchase_at: Date | string }>(
    db,
    sql`select customer_id::text, max(occurred_at) last_purchase_at from transactions
        where workspace_id = ${workspaceId} and kind = 'purchase' and occurred_at >= ${q.before} and occurred_at < ${q.to}
          ${where(q.filter, sql`transactions.customer_id`)} ${q.afterId ? sql`and customer_id > ${q.afterId}` : sql``}
        group by customer_id
        having count(*) filter (where occurred_at >= ${q.from}) = 0
        order by customer_id limit ${q.limit}`,
  );
  return rows.map((r) => ({ customer_id: r.customer_id, last_purchase_at: new Date(r.last_purchase_at) }));
}
