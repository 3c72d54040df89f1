// The contracts domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { contractEventRows } from './contracts.repository.ts';

export const contractTimelineSource: TimelineSource = async (db, query) =>
  (await contractEventRows(db, query)).map((r) => ({
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.plan,
    data: { monthlyValueMinor: Number(r.monthly_value_minor), reason: r.reason },
  }));
