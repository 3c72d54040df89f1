// The only file of the tasks domain with SQL, scoped by workspace.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks, type TaskStatus } from './tasks.schema.ts';

export type TaskRow = typeof tasks.$inferSelect;

export async function insertTask(db: Db, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created;
}

export async function findTask(db: Db, workspaceId: string, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  return row;
}

/** Updates a task if it still has the status read (no lost updates between two people). */
export async function updateTaskRow(
  db: Db,
  workspaceId: string,
  id: string,
  expected: TaskStatus,
  patch: Partial<typeof tasks.$inferInsert>,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(tasks)
    .set(patch)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id), eq(tasks.status, expected)))
    .returning();
  return row;
}

export async function listTaskRows(
  db: Db,
  workspaceId: string,
  f: { assigneeId?: string; customerId?: string; status?: TaskStatus },
  limit: number,
  beforeId?: string,
): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, workspaceId),
        f.assigneeId ? eq(tasks.assigneeId, f.assigneeId) : undefined,
        f.customerId ? eq(tasks.customerId, f.customerId) : undefined,
        f.status ? eq(tasks.status, f.status) : undefined,
        beforeId ? lt(tasks.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(tasks.id))
    .limit(limit);
}
