// Owns returning a purchase through the API.
import { AppError, type FieldError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { futurePurchaseMessage, latestPurchaseAt } from '../../lib/dates.ts';
import { quantityToThousandths, thousandthsToQuantity } from '../../lib/money.ts';
import { type TransactionDto, toTransactionDto } from './commerce.dto.ts';
import { computeLines, type Ctx } from './commerce.lines.ts';
import {
  findTransaction,
  insertLines,
  insertTransactions,
  type LineRow,
  linesOf,
  lockTransaction,
  returnedThousandths,
  type TransactionRow,
  transactionsByExternalIds,
} from './commerce.repository.ts';

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
