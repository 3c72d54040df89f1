// The only file of the notifications domain with SQL. Reads are scoped by workspace; the
// sending queue is claimed across workspaces by the sender job.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import { claimDue, settleClaim } from '../../db/lease.ts';
import { type NotificationStatus, notifications } from './notifications.schema.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** Inserts the message unless one with the same dedupe key exists; returns the stored row either way. */
export async function insertNotification(db: Db, row: typeof notifications.$inferInsert): Promise<NotificationRow> {
  const [created] = await db.insert(notifications).values(row).onConflictDoNothing().returning();
  if (created) return created;
  const [existing] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, row.workspaceId), eq(notifications.dedupeKey, row.dedupeKey as string)));
  return existing;
}

/**
 * Inserts many messages in one statement, each unless its dedupe key is already in the outbox;
 * returns the stored row of every dedupe key, new or not.
 */
export async function insertNotifications(
  db: Db,
  workspaceId: string,
  rows: (typeof notifications.$inferInsert & { dedupeKey: string })[],
): Promise<Map<string, NotificationRow>> {
  if (rows.length === 0) return new Map();
  await insertUnnest(db, notifications, rows, { onConflict: sql`on conflict do nothing` });
  const stored = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.workspaceId, workspaceId),
        inArray(
          notifications.dedupeKey,
          rows.map((r) => r.dedupeKey),
        ),
      ),
    );
  return new Map(stored.map((r) => [r.dedupeKey as string, r]));
}

export async function listNotificationRows(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; status?: NotificationStatus; before?: string },
  limit: number,
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.workspaceId, workspaceId),
        f.customerId ? eq(notifications.customerId, f.customerId) : undefined,
        f.status ? eq(notifications.status, f.status) : undefined,
        f.before ? lt(notifications.id, f.before) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(limit);
}

/** Claims due messages for this worker (SKIP LOCKED; expired claims of dead workers included); each claim is one attempt. */
export const claimDueNotifications = (db: Db, now: Date, leaseUntil: Date, limit: number): Promise<NotificationRow[]> =>
  claimDue(db, notifications, 'sending', now, leaseUntil, limit);

/** Records the outcome of this worker's claim, only if the claim is still its own. */
export const settleNotification = (
  db: Db,
  claimed: Pick<NotificationRow, 'workspaceId' | 'id' | 'attempts'>,
  patch: Partial<typeof notifications.$inferInsert>,
): Promise<boolean> => settleClaim(db, notifications, 'sending', claimed, patch);

export type NotificationTimelineRow = {
  id: string;
  occurred_at: Date | string;
  channel: string | null;
  status: string;
  template_key: string;
  error: string | null;
};

export function notificationTimelineSql(q: {
  workspaceId: string;
  customerId: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}): SQL {
  const before = q.before
    ? sql`and (created_at, 'notification-' || id::text) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`select 'notification-' || id::text as id, created_at as occurred_at, channel, status, template_key, error
        from notifications where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} ${before}
        order by created_at desc, id desc limit ${q.limit}`;
}

/** Which of `keys` are already dedupe keys of messages in the workspace's outbox. */
export async function takenDedupeKeys(db: Db, workspaceId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: notifications.dedupeKey })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), inArray(notifications.dedupeKey, keys)));
  return new Set(rows.map((r) => r.key as string));
}
