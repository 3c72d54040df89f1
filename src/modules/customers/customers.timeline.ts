// The customers domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { customerEventsSql, type CustomerEventRow } from './customers.timeline.repository.ts';

export const customerTimelineSource: TimelineSource = {
  rows: customerEventsSql,
  event: (r: CustomerEventRow) => ({
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.title,
    data: r.data,
  }),
};
