// The only file of the saved views domain with SQL; scoped by workspace and owner.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { onConflict } from '../../db/errors.ts';
import { savedViews } from './saved-views.schema.ts';

export type SavedViewRow = typeof savedViews.$inferSelect;
type Owner = { workspaceId: string; owner: string };

const mine = (o: Owner, id: string) =>
  and(eq(savedViews.workspaceId, o.workspaceId), eq(savedViews.owner, o.owner), eq(savedViews.id, id));

/** Inserts the view; undefined when the owner already has a view of that name on that list. */
export async function insertSavedView(db: Db, row: typeof savedViews.$inferInsert): Promise<SavedViewRow | undefined> {
  const [inserted] = await db.insert(savedViews).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function countSavedViews(db: Db, o: Owner, list: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, o.workspaceId), eq(savedViews.owner, o.owner), eq(savedViews.list, list)));
  return Number(r?.n ?? 0);
}

export async function listSavedViewRows(db: Db, o: Owner, list?: string): Promise<SavedViewRow[]> {
  return db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.workspaceId, o.workspaceId),
        eq(savedViews.owner, o.owner),
        list ? eq(savedViews.list, list) : undefined,
      ),
    )
    .orderBy(asc(savedViews.list), sql`lower(${savedViews.name})`, asc(savedViews.id));
}

export async function findSavedView(db: Db, o: Owner, id: string): Promise<SavedViewRow | undefined> {
  const [row] = await db.select().from(savedViews).where(mine(o, id));
  return row;
}

/** Updates the view; 'conflict' when the new name is already taken by another of the owner's views. */
export async function updateSavedViewRow(
  db: Db,
  o: Owner,
  id: string,
  patch: Partial<typeof savedViews.$inferInsert>,
): Promise<SavedViewRow | undefined | 'conflict'> {
  return onConflict(async () => {
    const [row] = await db.update(savedViews).set(patch).where(mine(o, id)).returning();
    return row;
  }, 'saved_views_name_key');
}

export async function deleteSavedViewRow(db: Db, o: Owner, id: string): Promise<boolean> {
  const rows = await db.delete(savedViews).where(mine(o, id)).returning({ id: savedViews.id });
  return rows.length > 0;
}
