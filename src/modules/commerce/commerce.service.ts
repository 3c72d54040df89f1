// Owns product and transaction use cases: catalogue upkeep, recording orders exactly once
// (one or a batch), derived totals, and returns as negative transactions.
import { AppError, type FieldError, notFound } from '../../errors.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { csvLine } from '../../lib/csv.ts';
import { extend, quantityToThousandths, thousandthsToQuantity } from '../../lib/money.ts';
import { existingCustomerIds, findCustomerIdsByExternalIds } from '../customers/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import {
  CreateTransactionBody,
  type CreateTransactionInput,
  type ProductDto,
  type TransactionDto,
  type TransactionSummaryDto,
} from './commerce.dto.ts';
import {
  summarizeTransactionRows,
  customerExternalIds,
  findProduct,
  findTransaction,
  insertLines,
  insertProduct,
  insertTransactions,
  type LineRow,
  linesOf,
  listProductRows,
  listTransactionRows,
  lockTransaction,
  type ProductRow,
  productsByIdsOrSkus,
  returnedThousandths,
  type TransactionRow,
  transactionsAfter,
  transactionsByExternalIds,
  updateProductRow,
} from './commerce.repository.ts';
import { decodeKeyCursor, decodeTimeCursor, encodeKeyCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { futurePurchaseMessage, latestPurchaseAt } from '../../lib/dates.ts';

type Ctx = { db: Db; now: () => Date };

export const toProductDto = (r: ProductRow): ProductDto => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  category: r.category,
  listPriceMinor: r.listPriceMinor,
  unitCostMinor: r.unitCostMinor,
  currency: r.currency,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function createProduct(
  ctx: Ctx,
  workspaceId: string,
  input: {
    sku: string;
    name: string;
    category?: string;
    listPriceMinor: number;
    unitCostMinor?: number;
    active?: boolean;
  },
): Promise<ProductDto> {
  const { currency } = await getWorkspace(ctx, workspaceId);
  const now = ctx.now();
  const row = await insertProduct(ctx.db, {
    workspaceId,
    id: newId(),
    ...input,
    unitCostMinor: input.unitCostMinor ?? 0,
    currency,
    createdAt: now,
    updatedAt: now,
  });
  if (!row) throw new AppError('conflict', `A product with the SKU "${input.sku}" already exists`);
  return toProductDto(row);
}

export async function getProduct(ctx: Ctx, workspaceId: string, id: string): Promise<ProductDto> {
  const row = await findProduct(ctx.db, workspaceId, id);
  if (!row) throw notFound('Product');
  return toProductDto(row);
}

export async function updateProduct(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: { name?: string; category?: string | null; listPriceMinor?: number; unitCostMinor?: number; active?: boolean },
): Promise<ProductDto> {
  const row = await updateProductRow(ctx.db, workspaceId, id, { ...patch, updatedAt: ctx.now() });
  if (!row) throw notFound('Product');
  return toProductDto(row);
}

export async function listProducts(
  ctx: Ctx,
  workspaceId: string,
  q: { category?: string; active?: 'true' | 'false'; q?: string; limit: number; cursor?: string },
) {
  const rows = await listProductRows(
    ctx.db,
    workspaceId,
    { category: q.category, active: q.active ? q.active === 'true' : undefined, q: q.q },
    q.limit + 1,
    q.cursor ? decodeKeyCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  return {
    items: items.map(toProductDto),
    nextCursor: rows.length > q.limit ? encodeKeyCursor(items.at(-1)?.sku ?? '') : null,
  };
}

// ---- transactions

export function toTransactionDto(r: TransactionRow, lines?: LineRow[]): TransactionDto {
  return {
    id: r.id,
    customerId: r.customerId,
    externalId: r.externalId,
    kind: r.kind,
    originalTransactionId: r.originalTransactionId,
    occurredAt: r.occurredAt.toISOString(),
    channel: r.channel,
    location: r.location,
    currency: r.currency,
    totalMinor: r.totalMinor,
    discountMinor: r.discountMinor,
    costMinor: r.costMinor,
    grossMarginMinor: r.grossMarginMinor,
    itemCount: r.itemCount,
    lines: lines?.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      sku: l.sku,
      quantity: String(Number(l.quantity)),
      unitPriceMinor: l.unitPriceMinor,
      unitCostMinor: l.unitCostMinor,
      discountMinor: l.discountMinor,
      totalMinor: l.totalMinor,
    })),
    createdAt: r.createdAt.toISOString(),
  };
}

type Prepared = {
  row: typeof import('./commerce.schema.ts').transactions.$inferInsert;
  lines: (typeof import('./commerce.schema.ts').transactionLines.$inferInsert)[];
};
export type ItemResult = {
  index: number;
  status: 'created' | 'existing' | 'error';
  id?: string;
  errors?: FieldError[];
  transaction?: TransactionDto;
};

/** Totals from lines: total = Σ(round(qty × price) − discount), cost = Σ round(qty × cost). */
function computeLines(
  transactionId: string,
  workspaceId: string,
  lines: { productId: string | null; sku: string | null; qty: number; price: number; cost: number; discount: number }[],
  sign: 1 | -1,
) {
  let total = 0;
  let cost = 0;
  let discount = 0;
  let items = 0;
  const rows = lines.map((l, i) => {
    const lineTotal = sign * (extend(l.price, l.qty) - l.discount);
    total += lineTotal;
    cost += sign * extend(l.cost, l.qty);
    discount += sign * l.discount;
    items += Math.ceil(l.qty / 1000);
    return {
      workspaceId,
      transactionId,
      lineNo: i + 1,
      productId: l.productId,
      sku: l.sku,
      quantity: thousandthsToQuantity(l.qty),
      unitPriceMinor: l.price,
      unitCostMinor: l.cost,
      discountMinor: l.discount,
      totalMinor: lineTotal,
    };
  });
  return { rows, total, cost, discount, items };
}

/**
 * Records any number of transactions. Each item succeeds or fails on its own; valid items are
 * written together; an external id seen before returns the first transaction.
 */
export async function recordTransactions(ctx: Ctx, workspaceId: string, rawItems: unknown[]): Promise<ItemResult[]> {
  const { currency } = await getWorkspace(ctx, workspaceId);
  const results: ItemResult[] = rawItems.map((_, index) => ({ index, status: 'error' }));
  const parsed: { index: number; input: CreateTransactionInput }[] = [];
  rawItems.forEach((raw, index) => {
    const r = CreateTransactionBody.safeParse(raw);
    if (r.success) parsed.push({ index, input: r.data });
    else
      results[index].errors = r.error.issues.map((i) => ({ path: i.path.join('.') || '(item)', message: i.message }));
  });

  const [customerIds, customerExt, productRows, existing] = await Promise.all([
    existingCustomerIds(
      ctx.db,
      workspaceId,
      parsed.flatMap((p) => (p.input.customerId ? [p.input.customerId] : [])),
    ),
    findCustomerIdsByExternalIds(
      ctx.db,
      workspaceId,
      parsed.flatMap((p) => (p.input.customerExternalId ? [p.input.customerExternalId] : [])),
    ),
    productsByIdsOrSkus(
      ctx.db,
      workspaceId,
      parsed.flatMap((p) => p.input.lines.flatMap((l) => (l.productId ? [l.productId] : []))),
      parsed.flatMap((p) => p.input.lines.flatMap((l) => (l.sku ? [l.sku] : []))),
    ),
    transactionsByExternalIds(
      ctx.db,
      workspaceId,
      parsed.flatMap((p) => (p.input.externalId ? [p.input.externalId] : [])),
    ),
  ]);
  const productById = new Map(productRows.map((p) => [p.id, p]));
  const productBySku = new Map(productRows.map((p) => [p.sku, p]));
  const existingByExt = new Map(existing.map((t) => [t.externalId as string, t]));

  const prepared: { index: number; item: Prepared }[] = [];
  const seenExt = new Set<string>();
  const latest = latestPurchaseAt(ctx.now());
  for (const { index, input } of parsed) {
    const errors: FieldError[] = [];
    if (new Date(input.occurredAt) > latest) errors.push({ path: 'occurredAt', message: futurePurchaseMessage });
    const customerId = input.customerId
      ? customerIds.has(input.customerId)
        ? input.customerId
        : undefined
      : input.customerExternalId
        ? customerExt.get(input.customerExternalId)
        : undefined;
    if (!input.customerId && !input.customerExternalId)
      errors.push({ path: 'customerId', message: 'give customerId or customerExternalId' });
    else if (!customerId)
      errors.push({
        path: input.customerId ? 'customerId' : 'customerExternalId',
        message: 'no such customer in this workspace',
      });
    if (input.currency && input.currency !== currency)
      errors.push({ path: 'currency', message: `must be the workspace currency (${currency})` });
    const lines = input.lines.map((l, i) => {
      const product = l.productId ? productById.get(l.productId) : l.sku ? productBySku.get(l.sku) : undefined;
      if ((l.productId || l.sku) && !product)
        errors.push({
          path: `lines.${i}.${l.productId ? 'productId' : 'sku'}`,
          message: 'no such product in this workspace',
        });
      if (!l.productId && !l.sku && l.unitPriceMinor === undefined)
        errors.push({ path: `lines.${i}.unitPriceMinor`, message: 'required when the line names no product' });
      const qty = quantityToThousandths(l.quantity as string | number);
      const price = l.unitPriceMinor ?? product?.listPriceMinor ?? 0;
      const discount = l.discountMinor ?? 0;
      if (discount > extend(price, qty))
        errors.push({ path: `lines.${i}.discountMinor`, message: 'cannot exceed the line amount' });
      return {
        productId: product?.id ?? null,
        sku: product?.sku ?? l.sku ?? null,
        qty,
        price,
        cost: l.unitCostMinor ?? product?.unitCostMinor ?? 0,
        discount,
      };
    });
    if (errors.length) {
      results[index].errors = errors;
      continue;
    }
    const prior = input.externalId ? existingByExt.get(input.externalId) : undefined;
    const id = newId();
    const computed = computeLines(id, workspaceId, lines, 1);
    if (prior) {
      if (prior.customerId !== customerId || prior.totalMinor !== computed.total) {
        results[index].errors = [
          { path: 'externalId', message: `already used by transaction ${prior.id} with a different customer or total` },
        ];
      } else results[index] = { index, status: 'existing', id: prior.id, transaction: toTransactionDto(prior) };
      continue;
    }
    if (input.externalId && seenExt.has(input.externalId)) {
      results[index].errors = [{ path: 'externalId', message: 'appears twice in this request' }];
      continue;
    }
    if (input.externalId) seenExt.add(input.externalId);
    prepared.push({
      index,
      item: {
        row: {
          workspaceId,
          id,
          customerId: customerId as string,
          externalId: input.externalId ?? null,
          kind: 'purchase',
          originalTransactionId: null,
          occurredAt: new Date(input.occurredAt),
          channel: input.channel ?? null,
          location: input.location ?? null,
          currency,
          totalMinor: computed.total,
          discountMinor: computed.discount,
          costMinor: computed.cost,
          grossMarginMinor: computed.total - computed.cost,
          itemCount: computed.items,
          createdAt: ctx.now(),
        },
        lines: computed.rows,
      },
    });
  }

  if (prepared.length) {
    await ctx.db.transaction(async (tx) => {
      const inserted = new Set(
        (
          await insertTransactions(
            tx,
            prepared.map((p) => p.item.row),
          )
        ).map((r) => r.id),
      );
      await insertLines(
        tx,
        prepared.filter((p) => inserted.has(p.item.row.id as string)).flatMap((p) => p.item.lines),
      );
      // A concurrent request may have taken an external id between our read and our insert.
      const raced = prepared.filter((p) => !inserted.has(p.item.row.id as string));
      const winners = new Map(
        (
          await transactionsByExternalIds(
            tx,
            workspaceId,
            raced.map((p) => p.item.row.externalId as string),
          )
        ).map((t) => [t.externalId, t]),
      );
      for (const p of prepared) {
        const won = inserted.has(p.item.row.id as string);
        const winner = won ? undefined : winners.get(p.item.row.externalId as string);
        results[p.index] = won
          ? {
              index: p.index,
              status: 'created',
              id: p.item.row.id as string,
              transaction: toTransactionDto(p.item.row as TransactionRow, p.item.lines as LineRow[]),
            }
          : {
              index: p.index,
              status: 'existing',
              id: winner?.id,
              transaction: winner ? toTransactionDto(winner) : undefined,
            };
      }
    });
  }
  return results;
}

export async function getTransaction(ctx: Ctx, workspaceId: string, id: string): Promise<TransactionDto> {
  const row = await findTransaction(ctx.db, workspaceId, id);
  if (!row) throw notFound('Transaction');
  return toTransactionDto(row, await linesOf(ctx.db, workspaceId, [id]));
}

export async function listTransactions(
  ctx: Ctx,
  workspaceId: string,
  q: { customerId?: string; kind?: 'purchase' | 'return'; from?: string; to?: string; limit: number; cursor?: string },
) {
  let before: { occurredAt: Date; id: string } | undefined;
  if (q.cursor) {
    const c = decodeTimeCursor(q.cursor);
    before = { occurredAt: c.at, id: c.id };
  }
  const rows = await listTransactionRows(
    ctx.db,
    workspaceId,
    {
      customerId: q.customerId,
      kind: q.kind,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    },
    q.limit + 1,
    before,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => toTransactionDto(r)),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.occurredAt, last.id) : null,
  };
}

/** One customer's lifetime purchases, returns, revenue and margin, per currency. */
export async function summarizeTransactions(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
): Promise<TransactionSummaryDto> {
  if (!(await existingCustomerIds(ctx.db, workspaceId, [customerId])).has(customerId)) throw notFound('Customer');
  const rows = await summarizeTransactionRows(ctx.db, workspaceId, customerId);
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    customerId,
    items: rows.map((r) => ({
      currency: r.currency,
      purchases: r.purchases,
      returns: r.returns,
      grossRevenueMinor: Number(r.gross_revenue_minor),
      returnedMinor: Number(r.returned_minor),
      netRevenueMinor: Number(r.gross_revenue_minor) - Number(r.returned_minor),
      grossMarginMinor: Number(r.gross_margin_minor),
      firstPurchaseAt: iso(r.first_purchase_at),
      lastPurchaseAt: iso(r.last_purchase_at),
    })),
  };
}

/** A return: a negative transaction linked to its original, never more than was bought. */
export async function createReturn(
  ctx: Ctx,
  workspaceId: string,
  originalId: string,
  input: { externalId?: string; occurredAt?: string; lines?: { lineNo: number; quantity: string | number }[] },
): Promise<{ transaction: TransactionDto; created: boolean }> {
  if (input.occurredAt && new Date(input.occurredAt) > latestPurchaseAt(ctx.now())) {
    throw new AppError('validation_failed', 'The return is dated too far ahead', {
      fields: [{ path: 'occurredAt', message: futurePurchaseMessage }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const original = await findTransaction(tx, workspaceId, originalId);
    if (!original) throw notFound('Transaction');
    if (original.kind !== 'purchase') throw new AppError('conflict', 'Only a purchase can be returned');
    // Looked for after the lock: the same return sent twice at once finds the first one committed.
    await lockTransaction(tx, workspaceId, originalId);
    const usedBy = `The external id "${input.externalId}" is used by another transaction`;
    if (input.externalId) {
      const [prior] = await transactionsByExternalIds(tx, workspaceId, [input.externalId]);
      if (prior) {
        if (prior.originalTransactionId !== originalId) throw new AppError('conflict', usedBy);
        return { transaction: toTransactionDto(prior, await linesOf(tx, workspaceId, [prior.id])), created: false };
      }
    }
    const [bought, returned] = await Promise.all([
      linesOf(tx, workspaceId, [originalId]),
      returnedThousandths(tx, workspaceId, originalId),
    ]);
    const wanted =
      input.lines ??
      bought.map((l) => ({
        lineNo: l.lineNo,
        quantity: thousandthsToQuantity(
          quantityToThousandths(String(Number(l.quantity))) - (returned.get(l.lineNo) ?? 0),
        ),
      }));
    const errors: FieldError[] = [];
    const lines = wanted.flatMap((w, i) => {
      const line = bought.find((l) => l.lineNo === w.lineNo);
      if (!line) {
        errors.push({ path: `lines.${i}.lineNo`, message: 'no such line in the original transaction' });
        return [];
      }
      const qty = quantityToThousandths(String(w.quantity));
      const left = quantityToThousandths(String(Number(line.quantity))) - (returned.get(line.lineNo) ?? 0);
      if (qty > left)
        errors.push({ path: `lines.${i}.quantity`, message: `only ${thousandthsToQuantity(left)} left to return` });
      if (qty === 0) return [];
      // The discount comes back in proportion to the quantity returned.
      const boughtQty = quantityToThousandths(String(Number(line.quantity)));
      return [
        {
          productId: line.productId,
          sku: line.sku,
          qty,
          price: line.unitPriceMinor,
          cost: line.unitCostMinor,
          discount: Math.round((line.discountMinor * qty) / boughtQty),
        },
      ];
    });
    if (errors.length)
      throw new AppError('conflict', 'The return asks for more than can be returned', { fields: errors });
    if (lines.length === 0) throw new AppError('conflict', 'Everything in this transaction has already been returned');
    const id = newId();
    const computed = computeLines(id, workspaceId, lines, -1);
    const row = {
      workspaceId,
      id,
      customerId: original.customerId,
      externalId: input.externalId ?? null,
      kind: 'return' as const,
      originalTransactionId: originalId,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : ctx.now(),
      channel: original.channel,
      location: original.location,
      currency: original.currency,
      totalMinor: computed.total,
      discountMinor: computed.discount,
      costMinor: computed.cost,
      grossMarginMinor: computed.total - computed.cost,
      itemCount: -computed.items,
      createdAt: ctx.now(),
    };
    // Not inserted: another transaction took the external id since we looked (no lines without it).
    if ((await insertTransactions(tx, [row])).length === 0) throw new AppError('conflict', usedBy);
    await insertLines(tx, computed.rows);
    return { transaction: toTransactionDto(row as TransactionRow, computed.rows as LineRow[]), created: true };
  });
}

export type TransactionWrite = {
  externalId: string;
  customerId: string;
  occurredAt: Date;
  channel: string | null;
  location: string | null;
  /** A return names the purchase it returns; its lines are given as positive quantities. */
  returnOfExternalId?: string;
  lines: {
    productId: string | null;
    sku: string | null;
    quantityThousandths: number;
    unitPriceMinor: number;
    unitCostMinor: number;
    discountMinor: number;
  }[];
};

/**
 * The bulk path for imports and demo data: already-resolved rows, inserted with multi-row
 * statements, idempotent on the external id (a second write of the same id is skipped).
 * Purchases go first so returns in the same batch find their originals.
 */
export async function writeTransactions(
  db: Db,
  options: { workspaceId: string; currency: string; now: Date },
  items: TransactionWrite[],
): Promise<{ inserted: number; unknownOriginals: string[] }> {
  const { workspaceId } = options;
  const build = (item: TransactionWrite, originalId: string | null) => {
    const id = newId();
    const computed = computeLines(
      id,
      workspaceId,
      item.lines.map((l) => ({
        productId: l.productId,
        sku: l.sku,
        qty: l.quantityThousandths,
        price: l.unitPriceMinor,
        cost: l.unitCostMinor,
        discount: l.discountMinor,
      })),
      originalId ? -1 : 1,
    );
    const row = {
      workspaceId,
      id,
      customerId: item.customerId,
      externalId: item.externalId,
      kind: originalId ? ('return' as const) : ('purchase' as const),
      originalTransactionId: originalId,
      occurredAt: item.occurredAt,
      channel: item.channel,
      location: item.location,
      currency: options.currency,
      totalMinor: computed.total,
      discountMinor: computed.discount,
      costMinor: computed.cost,
      grossMarginMinor: computed.total - computed.cost,
      itemCount: (originalId ? -1 : 1) * computed.items,
      createdAt: options.now,
    };
    return { row, lines: computed.rows };
  };
  const purchases = items.filter((i) => !i.returnOfExternalId).map((i) => build(i, null));
  const insertedPurchases = await insertTransactions(
    db,
    purchases.map((p) => p.row),
  );
  const kept = new Set(insertedPurchases.map((r) => r.id));
  await insertLines(
    db,
    purchases.filter((p) => kept.has(p.row.id)).flatMap((p) => p.lines),
  );

  const returns = items.filter((i) => i.returnOfExternalId);
  if (returns.length === 0) return { inserted: insertedPurchases.length, unknownOriginals: [] };
  const originals = new Map(
    (
      await transactionsByExternalIds(
        db,
        workspaceId,
        returns.map((r) => r.returnOfExternalId as string),
      )
    ).map((t) => [t.externalId, t.id]),
  );
  const unknownOriginals = returns
    .filter((r) => !originals.has(r.returnOfExternalId as string))
    .map((r) => r.externalId);
  const built = returns
    .filter((r) => originals.has(r.returnOfExternalId as string))
    .map((r) => build(r, originals.get(r.returnOfExternalId as string) as string));
  const insertedReturns = await insertTransactions(
    db,
    built.map((b) => b.row),
  );
  const keptReturns = new Set(insertedReturns.map((r) => r.id));
  await insertLines(
    db,
    built.filter((b) => keptReturns.has(b.row.id)).flatMap((b) => b.lines),
  );
  return { inserted: insertedPurchases.length + insertedReturns.length, unknownOriginals };
}

const exportColumns = [
  'id',
  'external_id',
  'customer_id',
  'customer_external_id',
  'kind',
  'original_transaction_id',
  'occurred_at',
  'channel',
  'location',
  'currency',
  'total_minor',
  'discount_minor',
  'cost_minor',
  'gross_margin_minor',
  'item_count',
];

/** Streams every transaction as CSV in id-ordered batches; memory stays flat at any size. */
export async function streamTransactionsCsv(
  db: Db,
  workspaceId: string,
  write: (chunk: string) => Promise<void> | void,
  batchSize = 5_000,
): Promise<number> {
  await write(csvLine(exportColumns));
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const rows = await transactionsAfter(db, workspaceId, after, batchSize);
    if (rows.length === 0) return count;
    const ext = await customerExternalIds(db, workspaceId, [...new Set(rows.map((r) => r.customerId))]);
    await write(
      rows
        .map((r) =>
          csvLine([
            r.id,
            r.externalId,
            r.customerId,
            ext.get(r.customerId),
            r.kind,
            r.originalTransactionId,
            r.occurredAt,
            r.channel,
            r.location,
            r.currency,
            r.totalMinor,
            r.discountMinor,
            r.costMinor,
            r.grossMarginMinor,
            r.itemCount,
          ]),
        )
        .join(''),
    );
    count += rows.length;
    after = rows.at(-1)?.id;
  }
}
