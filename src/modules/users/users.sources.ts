// The users domain's declared cross-domain sources: accounts and memberships as auth, workspace
// creation and complaint teams read them (functions, and SQL fragments for set-based queries).
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { UserRow } from './users.repository.ts';
import { memberships, type Role, users } from './users.schema.ts';

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUsersByIds(db: Db, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}

/** Whether the account with this email is a member of the workspace, in one query whether or not the account exists. */
export async function isMemberByEmail(db: Db, workspaceId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  return row !== undefined;
}

export async function listMembershipsOfUser(db: Db, userId: string): Promise<{ workspaceId: string; role: Role }[]> {
  return db
    .select({ workspaceId: memberships.workspaceId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

/** A condition (SQL): the user `userId` is a member of the workspace `workspaceId` (both SQL expressions of the caller's query). */
export const isMemberSql = (workspaceId: SQL, userId: SQL): SQL =>
  sql`exists (select 1 from memberships m where m.workspace_id = ${workspaceId} and m.user_id = ${userId})`;

/** The workspace's memberships as rows `(workspace_id, user_id, role)`, for set-based queries. */
export const membershipRows = (workspaceId: string): SQL =>
  sql`select workspace_id, user_id, role from memberships where workspace_id = ${workspaceId}`;

/** Accounts as rows `(id, name, email)`, for set-based queries that show who someone is. */
export const userProfileRows = (): SQL => sql`select id, name, email from users`;

/** Roles that get the weekly KPI digest. */
export const digestRoles = ['owner', 'admin', 'manager'] as const satisfies readonly Role[];

export type DigestRecipient = { userId: string; email: string; name: string; locale: string | null };

/** Members of the workspace with a digest role who have not opted out of the KPI digest, by user id. */
export async function kpiDigestRecipients(db: Db, workspaceId: string): Promise<DigestRecipient[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.kpiDigest, true),
        inArray(memberships.role, [...digestRoles]),
      ),
    )
    .orderBy(asc(users.id));
}

/** One member's mail preferences: their language and whether they get the KPI digest here. */
export async function mailPreferences(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<{ locale: string | null; kpiDigest: boolean } | undefined> {
  const [row] = await db
    .select({ locale: users.locale, kpiDigest: memberships.kpiDigest })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row;
}
