// The only file of the webhooks domain with SQL. Endpoint and log queries are scoped by
// workspace; the delivery queue is claimed across workspaces by the delivery job.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { type Db, execCount } from '../../db/client.ts';
import { claimDue, settleClaim } from '../../db/lease.ts';
import { type DeliveryStatus, webhookDeliveries, webhookEndpoints } from './webhooks.schema.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertEndpoint(db: Db, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [created] = await db.insert(webhookEndpoints).values(row).returning();
  return created;
}

export async function findEndpoint(db: Db, workspaceId: string, id: string): Promise<EndpointRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  return row;
}

export async function listEndpointRows(db: Db, workspaceId: string): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

export async function activeEndpointRows(db: Db, workspaceId: string): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.active, true)));
}

/** Workspaces with at least one active endpoint: the only ones the dispatcher follows. */
export async function workspacesWithActiveEndpoints(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: webhookEndpoints.workspaceId })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.active, true));
  return rows.map((r) => r.workspaceId);
}

/** `resumeFromNow`: deliver only events committed from now on (an endpoint switched back on). */
export async function updateEndpointRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof webhookEndpoints.$inferInsert>,
  options: { resumeFromNow?: boolean } = {},
): Promise<EndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...patch, ...(options.resumeFromNow ? { fromSnapshot: sql`(pg_current_snapshot())::text` } : {}) })
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning();
  return row;
}

export async function deleteEndpointRow(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** New deliveries; one per (endpoint, event) however often it is offered. */
export async function insertDeliveries(db: Db, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}

export async function listDeliveryRows(
  db: Db,
  workspaceId: string,
  endpointId: string,
  f: { status?: DeliveryStatus; before?: string },
  limit: number,
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.endpointId, endpointId),
        f.status ? eq(webhookDeliveries.status, f.status) : undefined,
        f.before ? lt(webhookDeliveries.id, f.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * Claims up to `limit` due deliveries for this worker: pending ones whose time has come and
 * `delivering` ones whose claim expired (a worker died mid-send). SKIP LOCKED lets any number of
 * workers claim at once without waiting on or sharing rows; each claim starts one attempt.
 */
export const claimDueDeliveries = (db: Db, now: Date, leaseUntil: Date, limit: number): Promise<DeliveryRow[]> =>
  claimDue(db, webhookDeliveries, 'delivering', now, leaseUntil, limit);

/**
 * Records the outcome of the attempt this worker claimed. Conditional on the claim still being
 * ours (status and attempt number), so a worker whose claim expired cannot overwrite a newer one.
 */
export const settleDelivery = (
  db: Db,
  claimed: Pick<DeliveryRow, 'workspaceId' | 'id' | 'attempts'>,
  patch: Partial<typeof webhookDeliveries.$inferInsert>,
): Promise<boolean> => settleClaim(db, webhookDeliveries, 'delivering', claimed, patch);

/** Deletes up to `limit` finished deliveries last touched before `before` (the log's retention). */
export async function purgeFinishedDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  return execCount(
    db,
    sql`delete from webhook_deliveries where (workspace_id, id) in (
          select workspace_id, id from webhook_deliveries
          where status in ('succeeded', 'failed') and updated_at < ${before}
          limit ${limit})`,
  );
}
