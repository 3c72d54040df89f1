// Owns recording purchases through the API, one or a batch: each item succeeds or fails on its
// own and an external id seen before returns the first transaction.
import { type FieldError } from '../../errors.ts';
import { problem } from '../../lib/problems.ts';
import { newId } from '../../ids.ts';
import { quantityToThousandths } from '../../lib/money.ts';
import { existingCustomerIds, findCustomerIdsByExternalIds } from '../customers/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import {
  CreateTransactionBody,
  type CreateTransactionInput,
  type TransactionDto,
  toTransactionDto,
} from './commerce.dto.ts';
import { computeLines, type Ctx } from './commerce.lines.ts';
import {
  insertLines,
  insertTransactions,
  type LineRow,
  productsByIdsOrSkus,
  type TransactionRow,
  transactionsByExternalIds,
} from './commerce.repository.ts';
import { checkTransaction } from './commerce.rules.ts';

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
  for (const { index, input } of parsed) {
    const errors: FieldError[] = [];
    const customerId = input.customerId
      ? customerIds.has(input.customerId)
        ? input.customerId
        : undefined
      : input.customerExternalId
        ? customerExt.get(input.customerExternalId)
        : undefined;
    if (!input.customerId && !input.customerExternalId)
      errors.push({ path: 'customerId', ...problem('one_of_required', { fields: 'customerId, customerExternalId' }) });
    else if (!customerId)
      errors.push({
        path: input.customerId ? 'customerId' : 'customerExternalId',
        ...problem('no_such_customer'),
      });
    const lines = input.lines.map((l, i) => {
      const product = l.productId ? productById.get(l.productId) : l.sku ? productBySku.get(l.sku) : undefined;
      if ((l.productId || l.sku) && !product)
        errors.push({
          path: `lines.${i}.${l.productId ? 'productId' : 'sku'}`,
          ...problem('no_such_product'),
        });
      if (!l.productId && !l.sku && l.unitPriceMinor === undefined)
        errors.push({ path: `lines.${i}.unitPriceMinor`, ...problem('required_without_product') });
      return {
        productId: product?.id ?? null,
        sku: product?.sku ?? l.sku ?? null,
        qty: quantityToThousandths(l.quantity as string | number),
        price: l.unitPriceMinor ?? product?.listPriceMinor ?? 0,
        cost: l.unitCostMinor ?? product?.unitCostMinor ?? 0,
        discount: l.discountMinor ?? 0,
      };
    });
    errors.push(
      ...checkTransaction(
        { occurredAt: new Date(input.occurredAt), currency: input.currency, lines },
        { now: ctx.now(), currency },
      ),
    );
    if (errors.length) {
      // A rule's code and values go with its sentence, for a client to say it in its reader's language.
      results[index].errors = errors;
      continue;
    }
    const prior = input.externalId ? existingByExt.get(input.externalId) : undefined;
    const id = newId();
    const computed = computeLines(id, workspaceId, lines, 1);
    if (prior) {
      if (prior.customerId !== customerId || prior.totalMinor !== computed.total) {
        results[index].errors = [{ path: 'externalId', ...problem('external_id_used', { value: prior.id }) }];
      } else results[index] = { index, status: 'existing', id: prior.id, transaction: toTransactionDto(prior) };
      continue;
    }
    if (input.externalId && seenExt.has(input.externalId)) {
      results[index].errors = [{ path: 'externalId', ...problem('appears_twice') }];
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
