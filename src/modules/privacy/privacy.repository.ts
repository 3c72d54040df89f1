// The privacy domain's SQL: the request register and the law setting. Nothing here reads other
// domains' tables; exports and erasure gather them through src/workflows/customer-privacy.ts.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { privacyRequests, privacySettings, type PrivacyLaw } from './privacy.schema.ts';
import { openStatuses } from './privacy.status.ts';

export type RequestRow = typeof privacyRequests.$inferSelect;
export type RequestInsert = typeof privacyRequests.$inferInsert;

export async function insertRequest(db: Db, row: RequestInsert): Promise<RequestRow> {
  const [r] = await db.insert(privacyRequests).values(row).returning();
  return r as RequestRow;
}

export async function findRequest(db: Db, workspaceId: string, id: string): Promise<RequestRow | undefined> {
  const [r] = await db
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.workspaceId, workspaceId), eq(privacyRequests.id, id)));
  return r;
}

export async function listRequestRows(
  db: Db,
  workspaceId: string,
  q: { status?: string; overdue?: boolean; customerId?: string; now: Date; after?: { at: Date; id: string } },
  limit: number,
): Promise<RequestRow[]> {
  const t = privacyRequests;
  const open = inArray(t.status, [...openStatuses]);
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.workspaceId, workspaceId),
        q.status ? eq(t.status, q.status) : undefined,
        q.customerId ? eq(t.customerId, q.customerId) : undefined,
        q.overdue === true ? and(open, lt(t.dueAt, q.now)) : undefined,
        q.overdue === false ? sql`not (${and(open, lt(t.dueAt, q.now))})` : undefined,
        q.after ? or(lt(t.receivedAt, q.after.at), and(eq(t.receivedAt, q.after.at), lt(t.id, q.after.id))) : undefined,
      ),
    )
    .orderBy(desc(t.receivedAt), desc(t.id))
    .limit(limit);
}

/** The conditional move of the status machine: nothing happens when another writer moved first. */
export async function updateRequestIf(
  db: Db,
  workspaceId: string,
  id: string,
  fromStatus: string,
  patch: Partial<RequestInsert>,
): Promise<RequestRow | undefined> {
  const [r] = await db
    .update(privacyRequests)
    .set(patch)
    .where(
      and(
        eq(privacyRequests.workspaceId, workspaceId),
        eq(privacyRequests.id, id),
        eq(privacyRequests.status, fromStatus),
      ),
    )
    .returning();
  return r;
}

export async function setExportHash(db: Db, workspaceId: string, id: string, sha256: string, at: Date): Promise<void> {
  await db
    .update(privacyRequests)
    .set({ exportSha256: sha256, exportedAt: at, updatedAt: at })
    .where(and(eq(privacyRequests.workspaceId, workspaceId), eq(privacyRequests.id, id)));
}

/** Notes are free text staff typed about the person: they go with the person's other data. */
export async function clearRequestNotes(db: Db, workspaceId: string, customerId: string): Promise<void> {
  await db
    .update(privacyRequests)
    .set({ note: null })
    .where(and(eq(privacyRequests.workspaceId, workspaceId), eq(privacyRequests.customerId, customerId)));
}

export async function findLaw(db: Db, workspaceId: string): Promise<PrivacyLaw | undefined> {
  const [r] = await db.select().from(privacySettings).where(eq(privacySettings.workspaceId, workspaceId));
  return r?.law;
}

export async function upsertLaw(db: Db, workspaceId: string, law: PrivacyLaw, now: Date): Promise<void> {
  await db
    .insert(privacySettings)
    .values({ workspaceId, law, updatedAt: now })
    .onConflictDoUpdate({ target: privacySettings.workspaceId, set: { law, updatedAt: now } });
}
