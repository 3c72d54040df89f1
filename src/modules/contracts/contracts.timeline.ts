// The contracts domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { contractEventsSql, type ContractEventRow } from './contracts.repository.ts';

export const contractTimelineSource: TimelineSource = {
  rows: contractEventsSql,
  event: (r: ContractEventRow) => ({
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.plan,
    data: { monthlyValueMinor: Number(r.monthly_value_minor), reason: r.reason },
  }),
};
