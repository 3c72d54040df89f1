// Owns the bulk write path of imports and demo data: the same rules as the API
// (commerce.rules.ts), checked a batch at a time, with multi-row inserts.
import type { Db } from '../../db/client.ts';
import type { FieldError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { computeLines } from './commerce.lines.ts';
import {
  insertLines,
  insertTransactions,
  linesOf,
  lockTransactions,
  returnedThousandths,
  type TransactionRow,
  transactionsByExternalIds,
} from './commerce.repository.ts';
import {
  type BoughtLine,
  checkOriginal,
  checkReturnLines,
  checkTransaction,
  leftToReturn,
  matchBoughtLine,
} from './commerce.rules.ts';

export type TransactionWrite = {
  externalId: string;
  customerId: string;
  occurredAt: Date;
  channel: string | null;
  location: string | null;
  /** When the source names one: it must be the workspace's. */
  currency?: string | null;
  /** A return names the purchase it returns; its lines are given as positive quantities. */
  returnOfExternalId?: string;
  /**
   * Named as the rules and the line arithmetic read them (commerce.rules.ts, commerce.lines.ts),
   * which take these objects as they are: a copy of each line for each was garbage on every line
   * an import writes.
   */
  lines: {
    productId: string | null;
    sku: string | null;
    /** Quantity in thousandths. */
    qty: number;
    /** Unit price, unit cost and the line's discount, in minor units. */
    price: number;
    cost: number;
    discount: number;
    /** On a return: the purchase line it returns; when absent, the first line of the same product with enough left. */
    originalLineNo?: number;
  }[];
};

type Options = { workspaceId: string; currency: string; now: Date };

/**
 * The bulk path for imports and demo data: already-resolved rows, inserted with multi-row
 * statements, idempotent on the external id (a second write of the same id is skipped).
 * Purchases go first so returns in the same batch find their originals; returns are checked in
 * order, each against what the purchase's earlier returns (recorded or in this batch) left.
 * Items that break a rule are not written and come back in `rejected`, by external id, with
 * the API's paths and messages.
 */
export async function writeTransactions(
  db: Db,
  options: Options,
  items: TransactionWrite[],
): Promise<{ inserted: number; rejected: Map<string, FieldError[]> }> {
  const rejected = new Map<string, FieldError[]>();
  const valid = items.filter((item) => {
    const errors = checkTransaction(item, options);
    if (errors.length) rejected.set(item.externalId, errors);
    return errors.length === 0;
  });
  const purchases = valid.filter((i) => !i.returnOfExternalId).map((i) => build(options, i, null));
  const inserted = await insertAll(db, purchases);
  const returns = valid.filter((i) => i.returnOfExternalId);
  if (returns.length === 0) return { inserted, rejected };

  const [originals, recorded] = await Promise.all([
    transactionsByExternalIds(
      db,
      options.workspaceId,
      returns.map((r) => r.returnOfExternalId as string),
    ),
    transactionsByExternalIds(
      db,
      options.workspaceId,
      returns.map((r) => r.externalId),
    ),
  ]);
  const originalByExt = new Map(originals.map((t) => [t.externalId as string, t]));
  // Recorded before (a re-import): skipped like a purchase seen before, not checked again.
  const seen = new Set(recorded.map((t) => t.externalId));
  const purchaseIds = [...new Set(originals.filter((t) => t.kind === 'purchase').map((t) => t.id))];
  await lockTransactions(db, options.workspaceId, purchaseIds);
  const [boughtLines, returned] = await Promise.all([
    linesOf(db, options.workspaceId, purchaseIds),
    returnedThousandths(db, options.workspaceId, purchaseIds),
  ]);
  const bought = new Map<string, BoughtLine[]>(purchaseIds.map((id) => [id, []]));
  for (const l of boughtLines) bought.get(l.transactionId)?.push(l);
  const left = new Map(
    purchaseIds.map((id) => [id, leftToReturn(bought.get(id) ?? [], returned.get(id) ?? new Map())]),
  );

  const built = returns.flatMap((item) => {
    if (seen.has(item.externalId)) return [];
    const original = originalByExt.get(item.returnOfExternalId as string);
    const problems = checkOriginal(original, item.customerId);
    if (problems.length || !original) {
      rejected.set(item.externalId, problems);
      return [];
    }
    const errors = returnedLines(item, bought.get(original.id) ?? [], left.get(original.id) as Map<number, number>);
    if (errors.length) {
      rejected.set(item.externalId, errors);
      return [];
    }
    return [build(options, item, original)];
  });
  return { inserted: inserted + (await insertAll(db, built)), rejected };
}

/** Names the purchase line of each line of a return (in place) and checks it against what is left. */
function returnedLines(item: TransactionWrite, bought: BoughtLine[], left: Map<number, number>): FieldError[] {
  const wanted = item.lines.map((l) => ({
    lineNo: l.originalLineNo ?? matchBoughtLine(bought, left, l) ?? 0,
    qty: l.qty,
  }));
  const { errors } = checkReturnLines(bought, left, wanted);
  if (errors.length === 0) item.lines.forEach((l, i) => (l.originalLineNo = wanted[i].lineNo));
  return errors;
}

function build(options: Options, item: TransactionWrite, original: TransactionRow | null) {
  const id = newId();
  const sign = original ? -1 : 1;
  // Only a return's lines name a purchase line: one a source gave a purchase is dropped.
  const lines =
    original || item.lines.every((l) => l.originalLineNo === undefined)
      ? item.lines
      : item.lines.map((l) => ({ ...l, originalLineNo: undefined }));
  const computed = computeLines(id, options.workspaceId, lines, sign);
  const row = {
    workspaceId: options.workspaceId,
    id,
    customerId: item.customerId,
    externalId: item.externalId,
    kind: original ? ('return' as const) : ('purchase' as const),
    originalTransactionId: original?.id ?? null,
    occurredAt: item.occurredAt,
    channel: item.channel,
    location: item.location,
    currency: options.currency,
    totalMinor: computed.total,
    discountMinor: computed.discount,
    costMinor: computed.cost,
    grossMarginMinor: computed.total - computed.cost,
    itemCount: sign * computed.items,
    createdAt: options.now,
  };
  return { row, lines: computed.rows };
}

/** Inserts transactions and the lines of those inserted (an external id recorded before is skipped). */
async function insertAll(db: Db, built: ReturnType<typeof build>[]): Promise<number> {
  const inserted = await insertTransactions(
    db,
    built.map((b) => b.row),
  );
  const kept = new Set(inserted.map((r) => r.id));
  // A loop, not flatMap (V8's is slow, and this runs over every line an import writes).
  const lines: (typeof built)[number]['lines'] = [];
  for (const b of built) if (kept.has(b.row.id)) for (const l of b.lines) lines.push(l);
  await insertLines(db, lines);
  return inserted.length;
}
