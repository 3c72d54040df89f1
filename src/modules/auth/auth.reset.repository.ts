// SQL of password resets by e-mail (auth.reset.ts). Requests are global (a person is not in a
// workspace when they forget their password); the job claims pending ones with SKIP LOCKED.
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { type PasswordResetStatus, passwordResets } from './auth.schema.ts';

export type PasswordResetRow = typeof passwordResets.$inferSelect;

export async function insertPasswordReset(db: Db, row: typeof passwordResets.$inferInsert): Promise<void> {
  await db.insert(passwordResets).values(row);
}

/** Pending requests, oldest first, locked for this run (other workers skip them). */
export async function claimPendingResets(db: Db, limit: number): Promise<{ id: string }[]> {
  return queryRows<{ id: string }>(
    db,
    sql`select ${passwordResets.id} as id from ${passwordResets}
        where ${passwordResets.status} = 'pending'
        order by ${passwordResets.requestedAt} limit ${limit} for update skip locked`,
  );
}

export async function findPasswordReset(db: Db, id: string): Promise<PasswordResetRow | undefined> {
  const [row] = await db.select().from(passwordResets).where(eq(passwordResets.id, id));
  return row;
}

export async function updatePasswordReset(
  db: Db,
  id: string,
  patch: { status: PasswordResetStatus; userId?: string | null; tokenHash?: string | null; error?: string | null },
): Promise<void> {
  await db
    .update(passwordResets)
    .set({ ...patch, attempts: sql`${passwordResets.attempts} + 1` })
    .where(eq(passwordResets.id, id));
}

/** The live (sent, unused, unexpired) link with this digest. */
export async function findLiveReset(db: Db, tokenHash: string, now: Date): Promise<PasswordResetRow | undefined> {
  const [row] = await db
    .select()
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        eq(passwordResets.status, 'sent'),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    );
  return row;
}

/** Uses a live link once: its account, or undefined when the link is unknown, used or expired. */
export async function usePasswordReset(db: Db, tokenHash: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        eq(passwordResets.status, 'sent'),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .returning({ userId: passwordResets.userId });
  return row?.userId ?? undefined;
}

/** Every other unused link of the account stops working (a reset done, or a newer link sent). */
export async function retireResetsOf(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

export async function purgePasswordResets(db: Db, before: Date, limit: number): Promise<number> {
  const gone = await db
    .delete(passwordResets)
    .where(
      sql`${passwordResets.id} in (select ${passwordResets.id} from ${passwordResets}
          where ${lt(passwordResets.requestedAt, before)} limit ${limit})`,
    )
    .returning({ id: passwordResets.id });
  return gone.length;
}
