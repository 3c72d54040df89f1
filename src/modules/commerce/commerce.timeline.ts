// The commerce domain's contribution to the customer timeline: purchases and returns.
import type { TimelineSource } from '../timeline/index.ts';
import { transactionEventsSql, type PurchaseEventRow } from './commerce.repository.ts';

export const transactionTimelineSource: TimelineSource = {
  rows: transactionEventsSql,
  event: (r: PurchaseEventRow) => ({
    id: r.id,
    type: r.kind === 'return' ? 'transaction.returned' : 'transaction.purchased',
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.external_id ?? r.id.slice('transaction-'.length, 'transaction-'.length + 8),
    data: {
      totalMinor: Number(r.total_minor),
      currency: r.currency,
      itemCount: r.item_count,
      transactionId: r.id.slice('transaction-'.length),
    },
  }),
};
