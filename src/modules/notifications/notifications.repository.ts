// The only file of the notifications domain with SQL. Reads are scoped by workspace; the
// sending queue is claimed across workspaces by the sender job.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { claimDue } from '../../db/lease.ts';
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

/** What an attempt changes on its message: `recipient`, `providerMessageId` and `sentAt` only when sent. */
export type NotificationOutcome = {
  claimed: Pick<NotificationRow, 'workspaceId' | 'id' | 'attempts'>;
  status: Exclude<NotificationStatus, 'sending'>;
  error: string | null;
  nextAttemptAt: Date;
  updatedAt: Date;
  sent?: { recipient: string; providerMessageId: string | null; at: Date };
};

const textArray = (values: (string | number | Date | null | undefined)[]) =>
  sql`${sql.param(values.map((v) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v))))}::text[]`;

/**
 * Records the outcomes of many claimed messages in one statement, each only if its claim is still
 * this worker's (status and attempt); returns the ids recorded (a missing id was reclaimed).
 */
export async function settleNotifications(db: Db, outcomes: NotificationOutcome[]): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const col = <T>(f: (o: NotificationOutcome) => T) => outcomes.map(f);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update notifications o set
          status = v.status, error = v.error,
          next_attempt_at = v.next_attempt_at::timestamptz, updated_at = v.updated_at::timestamptz,
          recipient = case when v.sent then v.recipient else o.recipient end,
          provider_message_id = case when v.sent then v.provider_message_id else o.provider_message_id end,
          sent_at = case when v.sent then v.sent_at::timestamptz else o.sent_at end
        from (select u.*, u.status = 'sent' sent from unnest(
          ${textArray(col((o) => o.claimed.workspaceId))}, ${textArray(col((o) => o.claimed.id))},
          ${textArray(col((o) => o.claimed.attempts))}, ${textArray(col((o) => o.status))},
          ${textArray(col((o) => o.error))}, ${textArray(col((o) => o.nextAttemptAt))},
          ${textArray(col((o) => o.updatedAt))}, ${textArray(col((o) => o.sent?.recipient))},
          ${textArray(col((o) => o.sent?.providerMessageId))}, ${textArray(col((o) => o.sent?.at))}
        ) u(workspace_id, id, attempts, status, error, next_attempt_at, updated_at, recipient, provider_message_id, sent_at)) v
        where o.workspace_id = v.workspace_id::uuid and o.id = v.id::uuid
          and o.status = 'sending' and o.attempts = v.attempts::int
        returning o.id::text id`,
  );
  return new Set(rows.map((r) => r.id));
}

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
