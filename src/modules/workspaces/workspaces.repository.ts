// The only file of the workspaces domain with SQL.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { onConflict } from '../../db/errors.ts';
import { workspaces } from './workspaces.schema.ts';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Inserts the workspace; undefined when another one has its slug (checked or not, two may ask at once). */
export async function insertWorkspace(db: Db, row: typeof workspaces.$inferInsert): Promise<WorkspaceRow | undefined> {
  const [created] = await db
    .insert(workspaces)
    .values(row)
    .onConflictDoNothing({ target: workspaces.slug })
    .returning();
  return created;
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export async function findWorkspaces(db: Db, ids: string[]): Promise<WorkspaceRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(workspaces).where(inArray(workspaces.id, ids)).orderBy(workspaces.name);
}

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row;
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  return rows.length > 0;
}

/** Updates the workspace; 'conflict' when another one has the new slug, undefined when it is absent. */
export async function updateWorkspaceRow(
  db: Db,
  id: string,
  patch: Partial<typeof workspaces.$inferInsert>,
): Promise<WorkspaceRow | undefined | 'conflict'> {
  return onConflict(async () => {
    const [row] = await db.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning();
    return row;
  }, 'workspaces_slug_key');
}
