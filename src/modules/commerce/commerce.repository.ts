// The only file of the commerce domain with SQL: products, transactions and their lines,
// always scoped by workspace.
import { and, asc, desc, eq, gt, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { anyOf, insertUnnest, insertUnnestCount } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { products, transactionLines, transactions } from './commerce.schema.ts';

export type ProductRow = typeof products.$inferSelect;
export type TransactionRow = typeof transactions.$inferSelect;
export type LineRow = typeof transactionLines.$inferSelect;

export async function insertProduct(db: Db, row: typeof products.$inferInsert): Promise<ProductRow | undefined> {
  const [created] = await db.insert(products).values(row).onConflictDoNothing().returning();
  return created;
}

export async function upsertProductsBySku(db: Db, rows: (typeof products.$inferInsert)[]): Promise<ProductRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(products)
    .values(rows)
    .onConflictDoUpdate({
      target: [products.workspaceId, products.sku],
      set: {
        name: sql`excluded.name`,
        category: sql`excluded.category`,
        listPriceMinor: sql`excluded.list_price_minor`,
        unitCostMinor: sql`excluded.unit_cost_minor`,
        active: sql`excluded.active`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
}

export async function findProduct(db: Db, workspaceId: string, id: string): Promise<ProductRow | undefined> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)));
  return row;
}

export async function updateProductRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof products.$inferInsert>,
): Promise<ProductRow | undefined> {
  const [row] = await db
    .update(products)
    .set(patch)
    .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)))
    .returning();
  return row;
}

export async function listProductRows(
  db: Db,
  workspaceId: string,
  f: { category?: string; active?: boolean; q?: string },
  limit: number,
  afterSku?: string,
): Promise<ProductRow[]> {
  return db
    .select()
    .from(products)
    .where(
      and(
        eq(products.workspaceId, workspaceId),
        f.category ? eq(products.category, f.category) : undefined,
        f.active === undefined ? undefined : eq(products.active, f.active),
        f.q
          ? sql`(public.f_unaccent(lower(${products.name})) like public.f_unaccent(${`${f.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`}) or ${products.sku} like ${`${f.q.replace(/[\\%_]/g, '\\$&')}%`})`
          : undefined,
        afterSku ? gt(products.sku, afterSku) : undefined,
      ),
    )
    .orderBy(asc(products.sku))
    .limit(limit);
}

export async function productsByIdsOrSkus(
  db: Db,
  workspaceId: string,
  ids: string[],
  skus: string[],
): Promise<ProductRow[]> {
  if (ids.length === 0 && skus.length === 0) return [];
  return db
    .select()
    .from(products)
    .where(
      and(
        eq(products.workspaceId, workspaceId),
        or(ids.length ? inArray(products.id, ids) : undefined, skus.length ? anyOf(products.sku, skus) : undefined),
      ),
    );
}

export async function transactionsByExternalIds(
  db: Db,
  workspaceId: string,
  externalIds: string[],
): Promise<TransactionRow[]> {
  if (externalIds.length === 0) return [];
  return db
    .select()
    .from(transactions)
    .where(and(eq(transactions.workspaceId, workspaceId), anyOf(transactions.externalId, externalIds)));
}

/**
 * Rows per insert statement, bounding a statement's text for large callers (the demo loader). More
 * than an import's batch: 5,000 rows plus the rest of the order that crosses its end, which at
 * 5,000 went as a second statement of a few lines, with its own planning and trigger call.
 */
const rowsPerStatement = 10_000;

/**
 * Inserts transactions (each with its new id), skipping those whose external id exists; returns the
 * ids inserted. The statement answers only its count: when every row was written (the usual case)
 * those are all the ids, otherwise the rows' ids found in the table (new, so only this statement
 * wrote them). RETURNING made the server send, and Node parse, a row per transaction written.
 */
export async function insertTransactions(
  db: Db,
  rows: (typeof transactions.$inferInsert & { id: string })[],
): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  const onConflict = sql`on conflict (workspace_id, external_id) where external_id is not null do nothing`;
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const chunk = rows.slice(i, i + rowsPerStatement);
    if ((await insertUnnestCount(db, transactions, chunk, { onConflict })) === chunk.length)
      for (const { id } of chunk) out.push({ id });
    else {
      const workspaces = [...new Set(chunk.map((r) => r.workspaceId))];
      const ids = chunk.map((r) => r.id);
      out.push(
        ...(await db
          .select({ id: transactions.id })
          .from(transactions)
          .where(and(anyOf(transactions.workspaceId, workspaces), anyOf(transactions.id, ids)))),
      );
    }
  }
  return out;
}

export async function insertLines(db: Db, rows: (typeof transactionLines.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement)
    await insertUnnest(db, transactionLines, rows.slice(i, i + rowsPerStatement));
}

export async function findTransaction(db: Db, workspaceId: string, id: string): Promise<TransactionRow | undefined> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.workspaceId, workspaceId), eq(transactions.id, id)));
  return row;
}

export async function linesOf(db: Db, workspaceId: string, transactionIds: string[]): Promise<LineRow[]> {
  if (transactionIds.length === 0) return [];
  return db
    .select()
    .from(transactionLines)
    .where(and(eq(transactionLines.workspaceId, workspaceId), inArray(transactionLines.transactionId, transactionIds)))
    .orderBy(asc(transactionLines.transactionId), asc(transactionLines.lineNo));
}

/** Quantity (thousandths) already returned, per purchase and per line of it. */
export async function returnedThousandths(
  db: Db,
  workspaceId: string,
  originalIds: string[],
): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>(originalIds.map((id) => [id, new Map()]));
  if (originalIds.length === 0) return out;
  const rows = await queryRows<{ original_id: string; line_no: number; returned: string }>(
    db,
    sql`select t.original_transaction_id as original_id, l.original_line_no as line_no,
          sum(l.quantity * 1000)::bigint::text as returned
        from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        where t.workspace_id = ${workspaceId} and t.kind = 'return' and l.original_line_no is not null
          and t.original_transaction_id in (${sql.join(
            originalIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        group by t.original_transaction_id, l.original_line_no`,
  );
  for (const r of rows) out.get(r.original_id)?.set(Number(r.line_no), Number(r.returned));
  return out;
}

/** Locks purchases against concurrent returns (in id order, so two lockers never deadlock). */
export async function lockTransactions(db: Db, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`select 1 from transactions where workspace_id = ${workspaceId} and id in (${sql.join(
      [...ids].sort().map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) order by id for update`,
  );
}

export async function listTransactionRows(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; kind?: 'purchase' | 'return'; from?: Date; to?: Date },
  limit: number,
  before?: { occurredAt: Date; id: string },
): Promise<TransactionRow[]> {
  const keyset: SQL | undefined = before
    ? or(
        lt(transactions.occurredAt, before.occurredAt),
        and(eq(transactions.occurredAt, before.occurredAt), lt(transactions.id, before.id)),
      )
    : undefined;
  return db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.workspaceId, workspaceId),
        f.customerId ? eq(transactions.customerId, f.customerId) : undefined,
        f.kind ? eq(transactions.kind, f.kind) : undefined,
        f.from ? sql`${transactions.occurredAt} >= ${f.from}` : undefined,
        f.to ? sql`${transactions.occurredAt} < ${f.to}` : undefined,
        keyset,
      ),
    )
    .orderBy(desc(transactions.occurredAt), desc(transactions.id))
    .limit(limit);
}

export type PurchaseEventRow = {
  id: string;
  kind: string;
  occurred_at: Date | string;
  total_minor: string;
  currency: string;
  item_count: number;
  external_id: string | null;
};

export function transactionEventsSql(q: {
  workspaceId: string;
  customerId: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}): SQL {
  const before = q.before
    ? sql`and (occurred_at, 'transaction-' || id::text) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`select 'transaction-' || id::text as id, kind, occurred_at, total_minor::text, currency, item_count, external_id
        from transactions where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} ${before}
        order by occurred_at desc, id desc limit ${q.limit}`;
}

/** For export: transactions in id order, a batch at a time. */
export async function transactionsAfter(
  db: Db,
  workspaceId: string,
  afterId: string | undefined,
  limit: number,
): Promise<TransactionRow[]> {
  return db
    .select()
    .from(transactions)
    .where(and(eq(transactions.workspaceId, workspaceId), afterId ? gt(transactions.id, afterId) : undefined))
    .orderBy(asc(transactions.id))
    .limit(limit);
}

export async function customerExternalIds(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; external_id: string | null }>(
    db,
    sql`select id, external_id from customers where workspace_id = ${workspaceId} and id = any(array[${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )}]::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.external_id]));
}

/** Net revenue (purchases less returns) of one customer over [from, to), in minor units. */
export async function customerNetRevenueMinor(
  db: Db,
  workspaceId: string,
  customerId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await queryRows<{ total: string | null }>(
    db,
    sql`select sum(total_minor)::bigint total from transactions
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and occurred_at >= ${from} and occurred_at < ${to}`,
  );
  return Number(row?.total ?? 0);
}

export type TransactionSummaryRow = {
  currency: string;
  purchases: number;
  returns: number;
  gross_revenue_minor: string;
  returned_minor: string;
  gross_margin_minor: string;
  first_purchase_at: Date | string | null;
  last_purchase_at: Date | string | null;
};

/** One customer's purchases and returns totalled per currency (answered from the customer index). */
export async function summarizeTransactionRows(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<TransactionSummaryRow[]> {
  return queryRows<TransactionSummaryRow>(
    db,
    sql`select currency,
          (count(*) filter (where kind = 'purchase'))::int as purchases,
          (count(*) filter (where kind = 'return'))::int as returns,
          coalesce(sum(total_minor) filter (where kind = 'purchase'), 0)::text as gross_revenue_minor,
          coalesce(-sum(total_minor) filter (where kind = 'return'), 0)::text as returned_minor,
          coalesce(sum(gross_margin_minor), 0)::text as gross_margin_minor,
          min(occurred_at) filter (where kind = 'purchase') as first_purchase_at,
          max(occurred_at) filter (where kind = 'purchase') as last_purchase_at
        from transactions
        where workspace_id = ${workspaceId} and customer_id = ${customerId}
        group by currency
        order by count(*) desc, currency`,
  );
}

export type EarningFactRow = {
  id: string;
  customerId: string;
  kind: 'purchase' | 'return';
  originalTransactionId: string | null;
  occurredAt: Date;
  channel: string | null;
  lines: { lineNo: number; sku: string | null; category: string | null; totalMinor: number }[];
};

/**
 * For the loyalty earning workflow: up to `limit` transactions with ids in [fromId, toId], in id
 * order, with their lines and product categories.
 */
export async function earningFacts(
  db: Db,
  workspaceId: string,
  range: { fromId: string; toId: string },
  limit: number,
): Promise<EarningFactRow[]> {
  const rows = await queryRows<{
    id: string;
    customer_id: string;
    kind: 'purchase' | 'return';
    original_transaction_id: string | null;
    occurred_at: Date | string;
    channel: string | null;
    line_no: number | null;
    sku: string | null;
    category: string | null;
    total_minor: string | null;
  }>(
    db,
    sql`select t.id, t.customer_id, t.kind, t.original_transaction_id, t.occurred_at, t.channel, l.line_no, l.sku, p.category, l.total_minor::text as total_minor
        from transactions t
        left join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
        left join products p on p.workspace_id = l.workspace_id and p.id = l.product_id
        where t.workspace_id = ${workspaceId}
          and t.id in (select id from transactions where workspace_id = ${workspaceId} and id between ${range.fromId} and ${range.toId} order by id limit ${limit})
        order by t.id, l.line_no`,
  );
  const byId = new Map<string, EarningFactRow>();
  for (const r of rows) {
    let fact = byId.get(r.id);
    if (!fact) {
      fact = {
        id: r.id,
        customerId: r.customer_id,
        kind: r.kind,
        originalTransactionId: r.original_transaction_id,
        occurredAt: new Date(r.occurred_at),
        channel: r.channel,
        lines: [],
      };
      byId.set(r.id, fact);
    }
    if (r.line_no !== null)
      fact.lines.push({
        lineNo: Number(r.line_no),
        sku: r.sku,
        category: r.category,
        totalMinor: Number(r.total_minor),
      });
  }
  return [...byId.values()];
}
