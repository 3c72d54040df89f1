// The only file of the auth domain with SQL. Token queries are scoped by workspace where a
// caller names one; lookups by secret digest are global because the digest is the key.
import { and, desc, eq, gt, max, min, ne, or, sql } from 'drizzle-orm';
import { type Db } from '../../db/client.ts';
import { apiTokens, loginFailures, sessions } from './auth.schema.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function setSessionWorkspace(db: Db, tokenHash: string, workspaceId: string): Promise<void> {
  await db.update(sessions).set({ workspaceId }).where(eq(sessions.tokenHash, tokenHash));
}

export async function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [created] = await db.insert(apiTokens).values(row).returning();
  return created;
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export async function findApiToken(db: Db, workspaceId: string, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
  return row;
}

export async function listApiTokenRows(db: Db, workspaceId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.workspaceId, workspaceId)).orderBy(desc(apiTokens.createdAt));
}

export async function markApiTokenRevoked(db: Db, workspaceId: string, id: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id), sql`${apiTokens.revokedAt} is null`));
}

export async function touchApiToken(db: Db, workspaceId: string, id: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
}

export type FailureStats = { count: number; first: Date; last: Date };

/** For each key, its failures since that key's `since`: how many, the oldest and the latest. One query. */
export async function loginFailureStats(
  db: Db,
  keys: { key: string; since: Date }[],
): Promise<Map<string, FailureStats>> {
  const rows = await db
    .select({
      key: loginFailures.key,
      count: sql<number>`count(*)::int`,
      first: min(loginFailures.at),
      last: max(loginFailures.at),
    })
    .from(loginFailures)
    .where(or(...keys.map((k) => and(eq(loginFailures.key, k.key), gt(loginFailures.at, k.since)))))
    .groupBy(loginFailures.key);
  return new Map(rows.map((r) => [r.key, { count: Number(r.count), first: r.first as Date, last: r.last as Date }]));
}

export async function insertLoginFailures(db: Db, keys: string[], at: Date): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ key, at })));
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}

/** Revokes every live token a person created in the workspace (they left it). */
export async function revokeApiTokensOf(db: Db, workspaceId: string, userId: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(
      and(
        eq(apiTokens.workspaceId, workspaceId),
        eq(apiTokens.createdByUserId, userId),
        sql`${apiTokens.revokedAt} is null`,
      ),
    );
}

/** A person's live sessions in every workspace, newest first. */
export async function listLiveSessionsOf(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
}

/** Ends one of the person's sessions; its digest, or undefined when they have none with that id. */
export async function deleteSessionOf(db: Db, userId: string, id: string): Promise<string | undefined> {
  const [gone] = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ tokenHash: sessions.tokenHash });
  return gone?.tokenHash;
}

/** Ends every session of the person except the one kept (null: all of them); how many ended. */
export async function deleteSessionsOf(db: Db, userId: string, keepTokenHash: string | null): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepTokenHash ? ne(sessions.tokenHash, keepTokenHash) : undefined))
    .returning({ id: sessions.id });
  return gone.length;
}
