// The outbox's contribution to the customer timeline: every message to the customer and what became of it.
import type { TimelineSource } from '../timeline/index.ts';
import { notificationTimelineSql, type NotificationTimelineRow } from './notifications.repository.ts';

export const notificationTimelineSource: TimelineSource = {
  rows: notificationTimelineSql,
  event: (r: NotificationTimelineRow) => ({
    id: r.id,
    type: 'notification',
    occurredAt: new Date(r.occurred_at).toISOString(),
    title: `${r.template_key} (${r.channel ?? 'no channel'}): ${r.status}`,
    data: { templateKey: r.template_key, channel: r.channel, status: r.status, error: r.error },
  }),
};
