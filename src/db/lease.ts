// Owns the lease claim shared by the outboxes (notifications, webhook deliveries): due rows are
// taken with SKIP LOCKED by one UPDATE that marks them in progress, counts the attempt and pushes
// their next attempt to the lease's end (a worker that dies is retried when the lease runs out);
// the outcome is recorded only while the claim is still the worker's own (status and attempt).
import { and, eq, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/** A table with the outbox columns: waiting rows are 'pending', claimed ones `active`. */
type LeasedTable = PgTable & { workspaceId: PgColumn; id: PgColumn; status: PgColumn; attempts: PgColumn };
type Claimed = { workspaceId: string; id: string; attempts: number };

export async function claimDue<T extends LeasedTable>(
  db: Db,
  table: T,
  active: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<T['$inferSelect'][]> {
  // One statement: the due rows picked and locked by the subquery, claimed and returned whole.
  const name = sql.identifier(getTableName(table));
  const due = sql`select workspace_id, id from ${name}
      where status in ('pending', ${active}) and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${limit}
      for update skip locked`;
  return (await db
    .update(table as PgTable)
    .set({
      status: active,
      attempts: sql`${table.attempts} + 1`,
      nextAttemptAt: leaseUntil,
      updatedAt: now,
    } as Record<string, unknown>)
    .where(sql`(${table.workspaceId}, ${table.id}) in (${due})`)
    .returning()) as T['$inferSelect'][];
}

/** Applies `patch` to a claimed row only if the claim is still this worker's; false when it was lost. */
export async function settleClaim<T extends LeasedTable>(
  db: Db,
  table: T,
  active: string,
  claimed: Claimed,
  patch: Partial<T['$inferInsert']>,
): Promise<boolean> {
  const rows = await db
    .update(table as PgTable)
    .set(patch as Record<string, unknown>)
    .where(
      and(
        eq(table.workspaceId, claimed.workspaceId),
        eq(table.id, claimed.id),
        eq(table.status, active),
        eq(table.attempts, claimed.attempts),
      ),
    )
    .returning({ id: table.id });
  return rows.length > 0;
}
