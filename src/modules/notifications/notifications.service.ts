// Owns reading the outbox.
import type { Db } from '../../db/client.ts';
import { type NotificationDto, toNotificationDto } from './notifications.dto.ts';
import { listNotificationRows } from './notifications.repository.ts';
import type { NotificationStatus } from './notifications.schema.ts';

export async function listNotifications(
  ctx: { db: Db },
  workspaceId: string,
  q: { customerId?: string; status?: NotificationStatus; before?: string; limit: number },
): Promise<{ items: NotificationDto[]; next: string | null }> {
  const rows = await listNotificationRows(ctx.db, workspaceId, q, q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items: items.map(toNotificationDto), next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}
