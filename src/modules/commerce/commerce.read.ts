// Owns reading transactions: one with its lines, a newest-first page, a customer's totals.
import { isoOrNull } from '../../lib/dates.ts';
import { notFound } from '../../errors.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { type TransactionSummaryDto, type TransactionDto, toTransactionDto } from './commerce.dto.ts';
import type { Ctx } from './commerce.lines.ts';
import { findTransaction, linesOf, listTransactionRows, summarizeTransactionRows } from './commerce.repository.ts';

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
      firstPurchaseAt: isoOrNull(r.first_purchase_at),
      lastPurchaseAt: isoOrNull(r.last_purchase_at),
    })),
  };
}
