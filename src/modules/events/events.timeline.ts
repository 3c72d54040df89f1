// The events domain's contribution to the customer timeline: every event about a customer
// (tier changes, points, complaints, …) without the timeline knowing those domains.
import type { TimelineSource } from '../timeline/index.ts';
import { eventTimelineSql, type EventTimelineRow } from './events.repository.ts';

export const eventTimelineSource: TimelineSource = {
  rows: eventTimelineSql,
  event: (r: EventTimelineRow) => ({
    id: r.id,
    type: r.type,
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: r.summary,
    data: r.payload,
  }),
};
