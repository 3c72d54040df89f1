// Owns the lease claim shared by the outboxes (notifications, webhook deliveries): due rows are
// taken with SKIP LOCKED by one UPDATE that marks them in progress, counts the attempt and pushes
// their next attempt to the lease's end (a worker that dies is retried when the lease runs out);
// the outcome is recorded only while the claim is still the worker's own (status and attempt).
import { and, eq, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from './client.ts';

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
  const name = sql.identifier(getTableName(table));
  const rows = await queryRows<{ workspace_id: string; id: string }>(
    db,
    sql`update ${name} o
        set status = ${active}, attempts = o.attempts + 1, next_attempt_at = ${leaseUntil}, updated_at = ${now}
        from (select workspace_id, id from ${name}
              where status in ('pending', ${active}) and next_attempt_at <= ${now}
              order by next_attempt_at
              limit ${limit}
              for update skip locked) due
        where o.workspace_id = due.workspace_id and o.id = due.id
        returning o.workspace_id, o.id`,
  );
  if (rows.length === 0) return [];
  const keys = sql.join(
    rows.map((r) => sql`(${r.workspace_id}::uuid, ${r.id}::uuid)`),
    sql`, `,
  );
  return (await db
    .select()
    .from(table as PgTable)
    .where(sql`(${table.workspaceId}, ${table.id}) in (${keys})`)) as T['$inferSelect'][];
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
