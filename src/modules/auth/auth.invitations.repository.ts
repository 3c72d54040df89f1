// SQL for invitations. Lists and changes are scoped by workspace; the lookup by the link's
// digest is global because the digest is the key.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invitations } from './auth.schema.ts';

export type InvitationRow = typeof invitations.$inferSelect;

const open = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/** Inserts the invitation; undefined when an open one to the same email appeared meanwhile. */
export async function insertInvitation(
  db: Db,
  row: typeof invitations.$inferInsert,
): Promise<InvitationRow | undefined> {
  const [created] = await db.insert(invitations).values(row).onConflictDoNothing().returning();
  return created;
}

/** Revokes the open invitation to this email (expired or not), so a new one can replace it. */
export async function revokeOpenInvitationsTo(db: Db, workspaceId: string, email: string, at: Date): Promise<void> {
  await db
    .update(invitations)
    .set({ revokedAt: at })
    .where(
      and(eq(invitations.workspaceId, workspaceId), sql`lower(${invitations.email}) = ${email.toLowerCase()}`, open),
    );
}

export async function listPendingInvitations(db: Db, workspaceId: string, now: Date): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), open, gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

export async function findPendingInvitation(
  db: Db,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id), open, gt(invitations.expiresAt, now)));
  return row;
}

export async function findPendingInvitationByHash(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash), open, gt(invitations.expiresAt, now)));
  return row;
}

/** Revokes an open invitation; false when it was not open any more. */
export async function markInvitationRevoked(db: Db, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: at })
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id), open))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Uses the invitation, once: false when it was used, revoked or expired meanwhile. */
export async function markInvitationAccepted(
  db: Db,
  workspaceId: string,
  id: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: at, acceptedByUserId: userId })
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id), open, gt(invitations.expiresAt, at)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** A person leaving a workspace takes their open invitations with them. */
export async function revokeInvitationsBy(db: Db, workspaceId: string, userId: string, at: Date): Promise<void> {
  await db
    .update(invitations)
    .set({ revokedAt: at })
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.invitedByUserId, userId), open));
}
