// The only file of the notifications domain with SQL. Reads are scoped by workspace; the
// sending queue is claimed across workspaces by the sender job.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
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

export async function listNotificationRows(db: Db, workspaceId: string, f: { customerId?: string; status?: NotificationStatus; before?: string }, limit: number): Promise<NotificationRow[]> {
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
export async function claimDueNotifications(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<NotificationRow[]> {
  const rows = await queryRows<{ workspace_id: string; id: string }>(
    db,
    sql`update notifications n
        set status = 'sending', attempts = n.attempts + 1, next_attempt_at = ${leaseUntil}, updated_at = ${now}
        from (select workspace_id, id from notifications
              where status in ('pending', 'sending') and next_attempt_at <= ${now}
              order by next_attempt_at
              limit ${limit}
              for update skip locked) due
        where n.workspace_id = due.workspace_id and n.id = due.id
        returning n.workspace_id, n.id`,
  );
  if (rows.length === 0) return [];
  const keys = sql.join(rows.map((r) => sql`(${r.workspace_id}::uuid, ${r.id}::uuid)`), sql`, `);
  return db.select().from(notifications).where(sql`(${notifications.workspaceId}, ${notifications.id}) in (${keys})`);
}

/** Records the outcome of this worker's claim, only if the claim is still its own. */
export async function settleNotification(db: Db, claimed: Pick<NotificationRow, 'workspaceId' | 'id' | 'attempts'>, patch: Partial<typeof notifications.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set(patch)
    .where(
      and(
        eq(notifications.workspaceId, claimed.workspaceId),
        eq(notifications.id, claimed.id),
        eq(notifications.status, 'sending'),
        eq(notifications.attempts, claimed.attempts),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export type NotificationTimelineRow = { id: string; occurred_at: Date | string; channel: string | null; status: string; template_key: string; error: string | null };

export async function notificationTimelineRows(db: Db, q: { workspaceId: string; customerId: string; before?: { occurredAt: string; id: string }; limit: number }): Promise<NotificationTimelineRow[]> {
  const before = q.before ? sql`and (created_at, 'notification-' || id::text) < (${q.before.occurredAt}::timestamptz, ${q.before.id})` : sql``;
  return queryRows<NotificationTimelineRow>(
    db,
    sql`select 'notification-' || id::text as id, created_at as occurred_at, channel, status, template_key, error
        from notifications where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} ${before}
        order by created_at desc, id desc limit ${q.limit}`,
  );
}
