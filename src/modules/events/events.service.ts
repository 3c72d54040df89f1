// Recording and reading domain events. Emitters pass the transaction they change data in,
// so the fact and its event commit (or roll back) together.
import type { Ctx } from '../../deps.ts';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { type NewEvent, NewEventSchema, toEventDto } from './events.dto.ts';
import { type EventRow, findEventRow, insertEventRows, insertEventsFrom, listEventRows } from './events.repository.ts';

/** Appends events to the workspace's log; `db` should be the caller's transaction. */
export async function recordEvents(
  db: Db,
  ctx: { now: () => Date },
  workspaceId: string,
  events: NewEvent[],
): Promise<string[]> {
  const rows = events.map((input) => {
    const e = NewEventSchema.parse(input);
    return {
      workspaceId,
      id: newId(),
      type: e.type,
      customerId: e.customerId ?? null,
      summary: e.summary,
      payload: e.payload ?? {},
      secrets: e.secrets ?? null,
      occurredAt: e.occurredAt ?? ctx.now(),
    };
  });
  await insertEventRows(db, rows);
  return rows.map((r) => r.id);
}

/**
 * Appends many events at once from a query the emitter writes (set-based, for runs that change
 * thousands of rows): `rows` must select `(id, type, customer_id, summary, payload, occurred_at)`
 * with UUIDv7 ids (newId) and a catalogued type. `db` should be the caller's transaction.
 */
export async function recordEventsFrom(db: Db, workspaceId: string, rows: SQL): Promise<number> {
  return insertEventsFrom(db, workspaceId, rows);
}

export async function listEvents(
  ctx: Ctx,
  workspaceId: string,
  q: { type?: string; customerId?: string; after?: string; limit: number },
) {
  const rows = await listEventRows(ctx.db, workspaceId, q, q.limit);
  const last = rows.at(-1);
  return { items: rows.map(toEventDto), next: rows.length === q.limit && last ? last.id : null };
}

/** One event of the workspace, as stored (for consumers that send it on). */
export const findEvent = (db: Db, workspaceId: string, id: string): Promise<EventRow | undefined> =>
  findEventRow(db, workspaceId, id);
