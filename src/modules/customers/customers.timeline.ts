// The customers domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { customerEventRows } from './customers.timeline.repository.ts';

export const customerTimelineSource: TimelineSource = async (db, query) =>
  (await customerEventRows(db, query)).map((r) => ({
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.title,
    data: r.data,
  }));
