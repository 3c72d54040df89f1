// The interactions domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { interactionEventsSql, type InteractionEventRow } from './interactions.repository.ts';

export const interactionTimelineSource: TimelineSource = {
  rows: interactionEventsSql,
  event: (r: InteractionEventRow) => ({
    id: r.id,
    type: 'interaction',
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: `${r.channel} · ${r.type}`,
    data: {
      channel: r.channel,
      direction: r.direction,
      type: r.type,
      durationSeconds: r.duration_seconds,
      costMinor: Number(r.cost_minor),
      summary: r.summary,
    },
  }),
};
