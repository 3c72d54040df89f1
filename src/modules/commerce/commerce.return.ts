// Owns returning a purchase through the API.
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { quantityToThousandths } from '../../lib/money.ts';
import { type TransactionDto, toTransactionDto } from './commerce.dto.ts';
import { computeLines, type Ctx } from './commerce.lines.ts';
import {
  findTransaction,
  insertLines,
  insertTransactions,
  type LineRow,
  linesOf,
  lockTransactions,
  returnedThousandths,
  type TransactionRow,
  transactionsByExternalIds,
} from './commerce.repository.ts';
import {
  type BoughtLine,
  boughtThousandths,
  checkOccurredAt,
  checkOriginal,
  checkReturnLines,
  leftToReturn,
} from './commerce.rules.ts';

/**
 * A return: a negative transaction linked to its original, never more than was bought (the
 * rules in commerce.rules.ts, which imports share; the database trigger is the backstop).
 */
export async function createReturn(
  ctx: Ctx,
  workspaceId: string,
  originalId: string,
  input: { externalId?: string; occurredAt?: string; lines?: { lineNo: number; quantity: string | number }[] },
): Promise<{ transaction: TransactionDto; created: boolean }> {
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : ctx.now();
  const dateErrors = checkOccurredAt(occurredAt, ctx.now());
  if (dateErrors.length)
    throw new AppError('validation_failed', 'The return is dated out of range', { fields: dateErrors });
  return ctx.db.transaction(async (tx) => {
    const original = await findTransaction(tx, workspaceId, originalId);
    if (!original) throw notFound('Transaction');
    if (checkOriginal(original).length) throw new AppError('conflict', 'Only a purchase can be returned');
    // Looked for after the lock: the same return sent twice at once finds the first one committed.
    await lockTransactions(tx, workspaceId, [originalId]);
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
      returnedThousandths(tx, workspaceId, [originalId]),
    ]);
    const left = leftToReturn(bought, returned.get(originalId) ?? new Map());
    const wanted = input.lines
      ? input.lines.map((w) => ({ lineNo: w.lineNo, qty: quantityToThousandths(String(w.quantity)) }))
      : bought.map((l) => ({ lineNo: l.lineNo, qty: left.get(l.lineNo) ?? 0 }));
    const { lines, errors } = checkReturnLines(bought, left, wanted);
    if (errors.length)
      throw new AppError('conflict', 'The return asks for more than can be returned', { fields: errors });
    if (lines.length === 0) throw new AppError('conflict', 'Everything in this transaction has already been returned');
    const id = newId();
    const computed = computeLines(id, workspaceId, lines.map(refund), -1);
    const row = {
      workspaceId,
      id,
      customerId: original.customerId,
      externalId: input.externalId ?? null,
      kind: 'return' as const,
      originalTransactionId: originalId,
      occurredAt,
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

/** A returned line refunds what was paid: its price and cost, and the discount in proportion to the quantity. */
const refund = ({ line, qty }: { line: BoughtLine; qty: number }) => ({
  productId: line.productId,
  sku: line.sku,
  qty,
  price: line.unitPriceMinor,
  cost: line.unitCostMinor,
  discount: Math.round((line.discountMinor * qty) / boughtThousandths(line)),
  originalLineNo: line.lineNo,
});
