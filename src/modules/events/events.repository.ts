// The only file of the events domain with SQL, scoped by workspace.
import { and, asc, eq, gt, like, type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import type { TimelineQuery } from '../timeline/index.ts';
import { domainEvents } from './events.schema.ts';

export type EventRow = typeof domainEvents.$inferSelect;

export async function insertEventRows(db: Db, rows: (typeof domainEvents.$inferInsert)[]): Promise<void> {
  // One parameter per column however many rows (a scoring run may emit thousands of tier changes).
  if (rows.length) await insertUnnest(db, domainEvents, rows);
}

export async function insertEventsFrom(db: Db, workspaceId: string, rows: SQL): Promise<number> {
  return execCount(
    db,
    sql`insert into domain_events (workspace_id, id, type, customer_id, summary, payload, occurred_at) select ${workspaceId}::uuid, e.* from (${rows}) e`,
  );
}

export async function findEventRow(db: Db, workspaceId: string, id: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(domainEvents)
    .where(and(eq(domainEvents.workspaceId, workspaceId), eq(domainEvents.id, id)));
  return row;
}

/** Oldest first after the given id: the order an integration follows the log in. */
export async function listEventRows(
  db: Db,
  workspaceId: string,
  f: { type?: string; customerId?: string; after?: string },
  limit: number,
): Promise<EventRow[]> {
  const typeFilter =
    f.type === undefined
      ? undefined
      : f.type.endsWith('.')
        ? like(domainEvents.type, `${f.type.replace(/[%_\\]/g, '\\$&')}%`)
        : eq(domainEvents.type, f.type);
  return db
    .select()
    .from(domainEvents)
    .where(
      and(
        eq(domainEvents.workspaceId, workspaceId),
        typeFilter,
        f.customerId ? eq(domainEvents.customerId, f.customerId) : undefined,
        f.after ? gt(domainEvents.id, f.after) : undefined,
      ),
    )
    .orderBy(asc(domainEvents.id))
    .limit(limit);
}

export type EventTimelineRow = {
  id: string;
  occurred_at: Date | string;
  type: string;
  summary: string;
  payload: Record<string, unknown>;
};

export function eventTimelineSql(q: TimelineQuery): SQL {
  const before = q.before
    ? sql`and (occurred_at, 'event-' || id::text) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`select 'event-' || id::text as id, occurred_at, type, summary, payload
        from domain_events where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} ${before}
        order by occurred_at desc, id desc limit ${q.limit}`;
}

// ---- following the log (events.follower.ts)

export type LogPosition = { txId: string; eventId: string };
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The oldest transaction id still running anywhere: every event whose transaction id is
 * below it has committed (or rolled back) and nothing can appear there any more. Must be the
 * first statement of the reader's transaction, before it has an id of its own.
 */
export async function committedHorizon(db: Db): Promise<string> {
  const [row] = await queryRows<{ xmin: string }>(
    db,
    sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
  );
  return row.xmin;
}

/**
 * Creates the consumer's cursor for the workspace if missing: at the log's start, or "now" — after
 * every transaction that has begun so far (the snapshot's xmax), committed or still open. Not its
 * xmin: a transaction open anywhere on the server (another database's included) holds xmin back,
 * and the history committed after it began would be handed over.
 */
export async function ensureEventCursor(
  db: Db,
  workspaceId: string,
  consumer: string,
  start: 'beginning' | 'now',
): Promise<void> {
  const tx = start === 'beginning' ? sql`'0'::xid8` : sql`pg_snapshot_xmax(pg_current_snapshot())`;
  await db.execute(sql`insert into event_cursors (workspace_id, consumer, tx_id, event_id, updated_at)
    values (${workspaceId}, ${consumer}, ${tx}, ${NIL_UUID}, now()) on conflict do nothing`);
}

/** Locks the cursor for this transaction; undefined when another reader holds it (or it is missing). */
export async function lockEventCursor(db: Db, workspaceId: string, consumer: string): Promise<LogPosition | undefined> {
  const [row] = await queryRows<{ tx_id: string; event_id: string }>(
    db,
    sql`select tx_id::text as tx_id, event_id from event_cursors where workspace_id = ${workspaceId} and consumer = ${consumer} for update skip locked`,
  );
  return row ? { txId: row.tx_id, eventId: row.event_id } : undefined;
}

export async function moveEventCursor(db: Db, workspaceId: string, consumer: string, to: LogPosition): Promise<void> {
  await db.execute(sql`update event_cursors set tx_id = ${to.txId}::xid8, event_id = ${to.eventId}, updated_at = now()
    where workspace_id = ${workspaceId} and consumer = ${consumer}`);
}

/** Events after the position, in commit-safe order, all from transactions below the horizon. */
export async function eventsAfterPosition(
  db: Db,
  workspaceId: string,
  after: LogPosition,
  horizon: string,
  limit: number,
): Promise<EventRow[]> {
  return db
    .select()
    .from(domainEvents)
    .where(
      and(
        eq(domainEvents.workspaceId, workspaceId),
        sql`(${domainEvents.txId}, ${domainEvents.id}) > (${after.txId}::xid8, ${after.eventId}::uuid)`,
        sql`${domainEvents.txId} < ${horizon}::xid8`,
      ),
    )
    .orderBy(asc(domainEvents.txId), asc(domainEvents.id))
    .limit(limit);
}

/**
 * Workspaces with events the consumer has not handled yet (no cursor counts as "from the
 * start"), optionally among the given ones. One index probe per workspace.
 */
export async function workspacesBehind(db: Db, consumer: string, limit: number, among?: string[]): Promise<string[]> {
  if (among && among.length === 0) return [];
  const restrict = among
    ? sql`and w.id in (${sql.join(
        among.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select w.id from workspaces w
        left join event_cursors c on c.workspace_id = w.id and c.consumer = ${consumer}
        where exists (
          select 1 from domain_events e
          where e.workspace_id = w.id
            and (e.tx_id, e.id) > (coalesce(c.tx_id, '0'::xid8), coalesce(c.event_id, ${NIL_UUID}::uuid))
            and e.tx_id < pg_snapshot_xmin(pg_current_snapshot()))
        ${restrict}
        order by c.updated_at asc nulls first
        limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
