// Owns products, transactions (orders, returns) and their lines. Totals are stored exactly
// in minor units; returns are negative transactions linked to their original.
// References to customers and between transactions and lines are checked by the services, a
// batch at a time, not by foreign keys: PostgreSQL caches a foreign-key check's plan per
// connection, and a connection that began on empty tables keeps a sequential scan (measured:
// bulk loads fell to ~100 rows/s).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const products = pgTable(
  'products',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    category: text('category'),
    listPriceMinor: money('list_price_minor').notNull(),
    unitCostMinor: money('unit_cost_minor').notNull().default(0),
    currency: text('currency').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('products_sku_key').on(t.workspaceId, t.sku),
  ],
);

export const transactions = pgTable(
  'transactions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    externalId: text('external_id'),
    kind: text('kind').$type<'purchase' | 'return'>().notNull().default('purchase'),
    originalTransactionId: uuid('original_transaction_id'),
    occurredAt: at('occurred_at').notNull(),
    channel: text('channel'),
    location: text('location'),
    currency: text('currency').notNull(),
    /** Revenue after discounts; negative for returns. */
    totalMinor: money('total_minor').notNull(),
    discountMinor: money('discount_minor').notNull().default(0),
    costMinor: money('cost_minor').notNull().default(0),
    grossMarginMinor: money('gross_margin_minor').notNull(),
    itemCount: integer('item_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('transactions_external_id_key')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('transactions_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt),
    index('transactions_occurred_idx').on(t.workspaceId, t.occurredAt),
    // The returns of a purchase, summed before each new return (the service and the trigger).
    index('transactions_original_idx')
      .on(t.workspaceId, t.originalTransactionId)
      .where(sql`${t.originalTransactionId} is not null`),
    check('transactions_kind_known', sql`${t.kind} in ('purchase', 'return')`),
  ],
);

export const transactionLines = pgTable(
  'transaction_lines',
  {
    workspaceId: workspaceId(),
    transactionId: uuid('transaction_id').notNull(),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id'),
    sku: text('sku'),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitPriceMinor: money('unit_price_minor').notNull(),
    unitCostMinor: money('unit_cost_minor').notNull().default(0),
    discountMinor: money('discount_minor').notNull().default(0),
    totalMinor: money('total_minor').notNull(),
    /** On a return's line: the line of the purchase it returns (the purchase is the transaction's original). */
    originalLineNo: integer('original_line_no'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.transactionId, t.lineNo] }),
    index('transaction_lines_product_idx').on(t.workspaceId, t.productId),
  ],
);
