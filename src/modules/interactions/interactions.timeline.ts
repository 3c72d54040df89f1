// The interactions domain's contribution to the customer timeline.
import type { TimelineSource } from '../timeline/index.ts';
import { interactionEventRows } from './interactions.repository.ts';

export const interactionTimelineSource: TimelineSource = async (db, query) =>
  (await interactionEventRows(db, query)).map((r) => ({
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
  }));
