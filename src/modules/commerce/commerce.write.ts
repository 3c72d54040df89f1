// Owns the bulk write path of imports and demo data.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { computeLines } from './commerce.lines.ts';
import { insertLines, insertTransactions, transactionsByExternalIds } from './commerce.repository.ts';

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
