// Import adapters for products (upserted on SKU) and transactions (one row per line; rows
// with the same external_id that follow each other are one transaction; immutable, so a
// re-import skips transactions already recorded). Transactions meet the API's rules
// (commerce.rules.ts, through writeTransactions): a row that breaks one is rejected with the
// API's message under the matching column, and the import goes on with the rest.
import { problem } from '../../lib/problems.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { quantityToThousandths } from '../../lib/money.ts';
import { findCustomerIdsByExternalIds } from '../customers/index.ts';
import {
  bool,
  decimal,
  type ImportAdapter,
  type ImportRowError,
  instant,
  integer,
  oneOf,
  RowErrors,
  text,
} from '../imports/index.ts';
import { productsByIdsOrSkus, upsertProductsBySku } from './commerce.repository.ts';
import { type TransactionWrite, writeTransactions } from './commerce.write.ts';

type ProductRow = {
  sku: string;
  name: string;
  category: string | null;
  listPriceMinor: number;
  unitCostMinor: number;
  active: boolean;
};

const keyColumn = (column: string) => (record: Record<string, unknown>) => {
  const v = record[column];
  return v === undefined || v === null ? undefined : String(v).trim() || undefined;
};

export const productsImportAdapter: ImportAdapter<ProductRow> = {
  entity: 'products',
  tables: { products: ['workspace_id', 'sku'] },
  requiredColumns: ['sku', 'name', 'list_price_minor'],
  knownColumns: ['sku', 'name', 'category', 'list_price_minor', 'unit_cost_minor', 'active'],
  keyOf: keyColumn('sku'),
  groupConsecutive: false,
  // A batch writes only the products of its own SKUs, which no other batch has.
  concurrent: () => true,
  parse: ([cells]) => {
    const e = new RowErrors();
    const row = {
      sku: text(cells, 'sku', e, { required: true, max: 100 }) as string,
      name: text(cells, 'name', e, { required: true, max: 200 }) as string,
      category: text(cells, 'category', e, { max: 100 }) ?? null,
      listPriceMinor: integer(cells, 'list_price_minor', e, { required: true, min: 0 }) as number,
      unitCostMinor: integer(cells, 'unit_cost_minor', e, { min: 0 }) ?? 0,
      active: bool(cells, 'active', e) ?? true,
    };
    return e.ok ? { ok: true, row } : { ok: false, errors: e.list };
  },
  commit: async (db: Db, options, rows) => {
    await upsertProductsBySku(
      db,
      rows.map(({ row }) => ({
        ...row,
        workspaceId: options.workspaceId,
        id: newId(),
        currency: options.currency,
        createdAt: options.now,
        updatedAt: options.now,
      })),
    );
    return new Map();
  },
};

type TxRow = {
  externalId: string;
  customerExternalId: string;
  occurredAt: Date;
  channel: string | null;
  location: string | null;
  currency: string | null;
  originalExternalId: string | null;
  /**
   * Already in the shape the bulk write takes (commerce.write.ts), and completed in place by
   * `commit` (the product, and its price and cost where the row gives none): a copy of every line
   * between the two was garbage that outlived a young-generation collection or two.
   */
  lines: (Omit<TransactionWrite['lines'][number], 'price' | 'cost'> & {
    price: number | undefined;
    cost: number | undefined;
  })[];
};

const kinds = ['purchase', 'return'] as const;
/**
 * The cell readers' options, made once: as literals in `parse` they were several objects made for
 * every line an import reads (with the kinds' array, about a third of what parsing a line allocated).
 */
const cellRules = {
  key: { required: true, max: 200 },
  required: { required: true },
  channel: { max: 60 },
  location: { max: 120 },
  currency: { max: 3 },
  reference: { max: 200 },
  sku: { max: 100 },
  amount: { min: 0 },
  lineNo: { min: 1 },
} as const;

export const transactionsImportAdapter: ImportAdapter<TxRow> = {
  entity: 'transactions',
  tables: { transactions: ['workspace_id', 'external_id'], transaction_lines: ['workspace_id', 'transaction_id'] },
  requiredColumns: ['external_id', 'customer_external_id', 'occurred_at', 'quantity'],
  knownColumns: [
    'external_id',
    'customer_external_id',
    'occurred_at',
    'channel',
    'location',
    'currency',
    'kind',
    'original_external_id',
    'original_line_no',
    'sku',
    'quantity',
    'unit_price_minor',
    'unit_cost_minor',
    'discount_minor',
  ],
  keyOf: keyColumn('external_id'),
  groupConsecutive: true,
  // Purchases only read customers and products (imported before) and write their own rows; a
  // return reads and locks its purchase, which the previous batch may still be writing.
  concurrent: (rows) => rows.every((r) => r.row.originalExternalId === null),
  parse: (records) => {
    const e = new RowErrors();
    const head = records[0];
    const kind = oneOf(head, 'kind', e, kinds, 'purchase');
    const row: TxRow = {
      externalId: text(head, 'external_id', e, cellRules.key) as string,
      customerExternalId: text(head, 'customer_external_id', e, cellRules.key) as string,
      occurredAt: instant(head, 'occurred_at', e, cellRules.required) as Date,
      channel: text(head, 'channel', e, cellRules.channel) ?? null,
      location: text(head, 'location', e, cellRules.location) ?? null,
      currency: text(head, 'currency', e, cellRules.currency) ?? null,
      originalExternalId: text(head, 'original_external_id', e, cellRules.reference) ?? null,
      lines: [],
    };
    for (const cells of records) {
      const sku = text(cells, 'sku', e, cellRules.sku) ?? null;
      const price = integer(cells, 'unit_price_minor', e, cellRules.amount);
      if (!sku && price === undefined) e.add('unit_price_minor', 'required_without_sku');
      const originalLineNo = integer(cells, 'original_line_no', e, cellRules.lineNo);
      const quantity = decimal(cells, 'quantity', e, cellRules.required);
      row.lines.push({
        productId: null,
        sku,
        // A bad quantity is a row error: the row is never written.
        qty: quantity === undefined ? 0 : quantityToThousandths(quantity),
        price,
        cost: integer(cells, 'unit_cost_minor', e, cellRules.amount),
        discount: integer(cells, 'discount_minor', e, cellRules.amount) ?? 0,
        originalLineNo,
      });
    }
    if (kind === 'return' && !row.originalExternalId) e.add('original_external_id', 'required_for_return');
    if (records.length > 500) e.add('external_id', 'too_many_lines');
    return e.ok ? { ok: true, row } : { ok: false, errors: e.list };
  },
  commit: async (db: Db, options, rows) => {
    const errors = new Map<number, ImportRowError[]>();
    // Loops into sets, not flatMap: that made an array per line, and this runs for every line.
    const customerIds = new Set<string>();
    const skus = new Set<string>();
    for (const { row } of rows) {
      customerIds.add(row.customerExternalId);
      for (const l of row.lines) if (l.sku) skus.add(l.sku);
    }
    const [customers, products] = await Promise.all([
      findCustomerIdsByExternalIds(db, options.workspaceId, [...customerIds]),
      productsByIdsOrSkus(db, options.workspaceId, [], [...skus]),
    ]);
    const bySku = new Map(products.map((p) => [p.sku, p]));
    const writes: TransactionWrite[] = [];
    const rowOf = new Map<string, number>();
    for (const { rowNumber, row } of rows) {
      const customerId = customers.get(row.customerExternalId);
      const problems: ImportRowError[] = [];
      if (!customerId)
        problems.push({ column: 'customer_external_id', ...problem('no_customer', { value: row.customerExternalId }) });
      for (const l of row.lines) {
        const product = l.sku ? bySku.get(l.sku) : undefined;
        if (l.sku && !product) problems.push({ column: 'sku', ...problem('no_product', { value: l.sku }) });
        l.productId = product?.id ?? null;
        l.price ??= product?.listPriceMinor ?? 0;
        l.cost ??= product?.unitCostMinor ?? 0;
      }
      if (problems.length) {
        errors.set(rowNumber, problems);
        continue;
      }
      rowOf.set(row.externalId, rowNumber);
      writes.push({
        externalId: row.externalId,
        customerId: customerId as string,
        occurredAt: row.occurredAt,
        channel: row.channel,
        location: row.location,
        currency: row.currency,
        returnOfExternalId: row.originalExternalId ?? undefined,
        // Every line's price and cost were filled just above.
        lines: row.lines as TransactionWrite['lines'],
      });
    }
    const result = await writeTransactions(db, options, writes);
    for (const [ext, problems] of result.rejected)
      errors.set(
        rowOf.get(ext) as number,
        problems.map(({ path, code, ...p }) => ({ column: columnOf(path), code: code ?? 'invalid', ...p })),
      );
    return errors;
  },
};

/** The import column of a rule's path: `lines.2.unitPriceMinor` → `unit_price_minor`, `lines.0.lineNo` → `original_line_no`. */
export const columnOf = (path: string): string =>
  path
    .replace(/^lines\.\d+\.lineNo$/, 'original_line_no')
    .replace(/^lines\.\d+\./, '')
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
