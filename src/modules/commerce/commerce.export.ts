// Owns the CSV export of a workspace's transactions.
import type { Db } from '../../db/client.ts';
import { csvLine } from '../../lib/csv.ts';
import { customerExternalIds, transactionsAfter } from './commerce.repository.ts';

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
