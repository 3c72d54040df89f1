// Owns following the event log on behalf of a consumer (webhooks, notifications, …): each
// consumer keeps one cursor per workspace and handles new events in bounded batches, in the
// same transaction that moves its cursor — so an event is handled exactly once, even with
// several workers, and a failed batch is retried whole on the next pass — unless the consumer
// can set an event aside: then a failed batch is handled again in smaller pieces, and an event
// that fails on its own is recorded by the consumer (with the error) and passed, so one bad
// event does not stop the workspace's log for that consumer for good.
//
// Why (tx_id, id) and a horizon instead of "id > cursor": event ids are made before commit,
// so a slow transaction can commit an event whose id sorts before one already read. Reading
// only events whose transaction is older than every transaction still running, in
// (transaction, id) order, never passes an event that may still appear.
import type { Db } from '../../db/client.ts';
import { failureText, isTransient } from '../../lib/failure.ts';
import type { Logger } from '../../logger.ts';
import {
  committedHorizon,
  ensureEventCursor,
  type EventRow,
  eventsAfterPosition,
  type LogPosition,
  lockEventCursor,
  moveEventCursor,
  workspacesBehind,
} from './events.repository.ts';

export type { EventRow };

export type EventConsumer = {
  /** Stable name; the cursor is stored under it. */
  name: string;
  /** Where a workspace seen for the first time starts: its whole log, or the transactions that begin from now on. */
  start: 'beginning' | 'now';
  /** Events per transaction. */
  batchSize: number;
  /**
   * Handles a batch inside the transaction that then moves the cursor. Throwing rolls both
   * back and the batch comes again next pass, so record bad data instead of throwing on it.
   */
  handle: (tx: Db, workspaceId: string, events: EventRow[]) => Promise<void>;
  /**
   * Records an event that failed on its own (e.g. as a failed outbox row carrying `error`, the
   * root cause without query parameters), in the transaction that then moves the cursor past it.
   * Without it, the consumer stops at the event and tries it again every pass.
   */
  setAside?: (tx: Db, workspaceId: string, event: EventRow, error: string) => Promise<void>;
};

export type FollowResult = { handled: number; more: boolean };

/** Puts the consumer's cursor in place (if missing) in the caller's transaction, e.g. when a subscription is created. */
export const startFollowing = (db: Db, workspaceId: string, consumer: Pick<EventConsumer, 'name' | 'start'>) =>
  ensureEventCursor(db, workspaceId, consumer.name, consumer.start);

/** One batch of one workspace. A workspace another worker is on is skipped, not waited for. */
export async function followWorkspace(db: Db, consumer: EventConsumer, workspaceId: string): Promise<FollowResult> {
  await ensureEventCursor(db, workspaceId, consumer.name, consumer.start);
  try {
    return await followBatch(db, consumer, workspaceId);
  } catch (err) {
    if (!consumer.setAside) throw err;
    return followInPieces(db, consumer, workspaceId);
  }
}

function followBatch(db: Db, consumer: EventConsumer, workspaceId: string): Promise<FollowResult> {
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

const samePosition = (a: LogPosition | undefined, b: LogPosition) => a?.txId === b.txId && a.eventId === b.eventId;

/**
 * After a failed batch: the same events in transactions that halve after a failure and double
 * after a success, each moving the cursor over what it handled; an event that fails alone is set
 * aside by the consumer and passed. Stops if another worker moves the cursor meanwhile.
 */
async function followInPieces(db: Db, consumer: EventConsumer, workspaceId: string): Promise<FollowResult> {
  const batch = await db.transaction(async (tx) => {
    const horizon = await committedHorizon(tx);
    const cursor = await lockEventCursor(tx, workspaceId, consumer.name);
    return cursor
      ? { cursor, events: await eventsAfterPosition(tx, workspaceId, cursor, horizon, consumer.batchSize) }
      : undefined;
  });
  if (!batch) return { handled: 0, more: false };
  const { events } = batch;
  let position = batch.cursor;
  let done = 0;
  let size = Math.max(1, Math.floor(events.length / 2));
  // Handles `piece` (or sets its one event aside) if the cursor is still where this pass left it.
  const step = (piece: EventRow[], work: (tx: Db) => Promise<void>) =>
    db.transaction(async (tx) => {
      if (!samePosition(await lockEventCursor(tx, workspaceId, consumer.name), position)) return false;
      await work(tx);
      const last = piece[piece.length - 1];
      await moveEventCursor(tx, workspaceId, consumer.name, { txId: last.txId, eventId: last.id });
      return true;
    });
  while (done < events.length) {
    const piece = events.slice(done, done + size);
    let moved: boolean;
    try {
      moved = await step(piece, (tx) => consumer.handle(tx, workspaceId, piece));
      size = Math.min(size * 2, events.length);
    } catch (err) {
      if (piece.length > 1) {
        size = Math.ceil(piece.length / 2);
        continue;
      }
      // Nothing to do with the event (a lost connection, a deadlock): leave it for the next pass.
      if (isTransient(err)) throw err;
      moved = await step(
        piece,
        (tx) => consumer.setAside?.(tx, workspaceId, piece[0], failureText(err)) ?? Promise.resolve(),
      );
    }
    if (!moved) break;
    done += piece.length;
    const last = piece[piece.length - 1];
    position = { txId: last.txId, eventId: last.id };
  }
  return { handled: done, more: events.length === consumer.batchSize };
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
      ctx.log.error(
        { err, consumer: consumer.name, workspaceId },
        'following the event log failed; the batch will be retried',
      );
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
