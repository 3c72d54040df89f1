// Owns following the event log on behalf of a consumer (webhooks, notifications, …): each
// consumer keeps one cursor per workspace and handles new events in bounded batches, in the
// same transaction that moves its cursor — so an event is handled exactly once, even with
// several workers, and a failed batch is retried whole on the next pass.
//
// Why (tx_id, id) and a horizon instead of "id > cursor": event ids are made before commit,
// so a slow transaction can commit an event whose id sorts before one already read. Reading
// only events whose transaction is older than every transaction still running, in
// (transaction, id) order, never passes an event that may still appear.
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import {
  committedHorizon,
  ensureEventCursor,
  type EventRow,
  eventsAfterPosition,
  lockEventCursor,
  moveEventCursor,
  workspacesBehind,
} from './events.repository.ts';

export type { EventRow };

export type EventConsumer = {
  /** Stable name; the cursor is stored under it. */
  name: string;
  /** Where a workspace seen for the first time starts: its whole log, or what is committed from now on. */
  start: 'beginning' | 'now';
  /** Events per transaction. */
  batchSize: number;
  /**
   * Handles a batch inside the transaction that then moves the cursor. Throwing rolls both
   * back and the batch comes again next pass, so record bad data instead of throwing on it.
   */
  handle: (tx: Db, workspaceId: string, events: EventRow[]) => Promise<void>;
};

export type FollowResult = { handled: number; more: boolean };

/** Puts the consumer's cursor in place (if missing) in the caller's transaction, e.g. when a subscription is created. */
export const startFollowing = (db: Db, workspaceId: string, consumer: Pick<EventConsumer, 'name' | 'start'>) =>
  ensureEventCursor(db, workspaceId, consumer.name, consumer.start);

/** One batch of one workspace. A workspace another worker is on is skipped, not waited for. */
export async function followWorkspace(db: Db, consumer: EventConsumer, workspaceId: string): Promise<FollowResult> {
  await ensureEventCursor(db, workspaceId, consumer.name, consumer.start);
  return db.transaction(async (tx) => {
    const horizon = await committedHorizon(tx);
    const cursor = await lockEventCursor(tx, workspaceId, consumer.name);
    if (!cursor) return { handled: 0, more: false };
    const events = await eventsAfterPosition(tx, workspaceId, cursor, horizon, consumer.batchSize);
    const last = events.at(-1);
    if (!last) return { handled: 0, more: false };
    await consumer.handle(tx, workspaceId, events);
    await moveEventCursor(tx, workspaceId, consumer.name, { txId: last.txId, eventId: last.id });
    return { handled: events.length, more: events.length === consumer.batchSize };
  });
}

/**
 * One pass over the workspaces that have new events (at most `maxWorkspaces`, least recently
 * followed first), one batch each. A failing workspace is logged and does not stop the others.
 */
export async function followEvents(
  ctx: { db: Db; log: Logger },
  consumer: EventConsumer,
  options: { maxWorkspaces?: number; among?: string[] } = {},
): Promise<FollowResult> {
  const max = options.maxWorkspaces ?? 100;
  const workspaceIds = await workspacesBehind(ctx.db, consumer.name, max, options.among);
  let handled = 0;
  let more = workspaceIds.length === max;
  for (const workspaceId of workspaceIds) {
    try {
      const r = await followWorkspace(ctx.db, consumer, workspaceId);
      handled += r.handled;
      more ||= r.more;
    } catch (err) {
      ctx.log.error({ err, consumer: consumer.name, workspaceId }, 'following the event log failed; the batch will be retried');
    }
  }
  return { handled, more };
}

/**
 * Whether transaction `txId` had committed (or aborted) as seen by a snapshot taken with
 * `pg_current_snapshot()::text` ("xmin:xmax:xip,…") — PostgreSQL's own visibility rule, so
 * "what existed when X happened" is exact even with transactions in flight.
 */
export function committedIn(snapshot: string, txId: string): boolean {
  const [xmin, xmax, inProgress] = snapshot.split(':');
  const tx = BigInt(txId);
  if (tx < BigInt(xmin)) return true;
  if (tx >= BigInt(xmax)) return false;
  return !(inProgress ? inProgress.split(',') : []).some((x) => BigInt(x) === tx);
}
