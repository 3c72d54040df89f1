// SQL for service-recovery compensations, scoped by workspace. Decisions are conditional
// updates on the current status, so a compensation is approved (and its points posted) once.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { complaintCompensations } from './complaints.schema.ts';

export type CompensationRow = typeof complaintCompensations.$inferSelect;

const scoped = (workspaceId: string, id: string) =>
  and(eq(complaintCompensations.workspaceId, workspaceId), eq(complaintCompensations.id, id));

export async function insertCompensation(
  db: Db,
  row: typeof complaintCompensations.$inferInsert,
): Promise<CompensationRow> {
  const [created] = await db.insert(complaintCompensations).values(row).returning();
  return created;
}

export async function findCompensation(db: Db, workspaceId: string, id: string): Promise<CompensationRow | undefined> {
  const [row] = await db.select().from(complaintCompensations).where(scoped(workspaceId, id));
  return row;
}

export async function listCompensationRows(
  db: Db,
  workspaceId: string,
  f: { status?: string; complaintId?: string },
  limit: number,
): Promise<CompensationRow[]> {
  return db
    .select()
    .from(complaintCompensations)
    .where(
      and(
        eq(complaintCompensations.workspaceId, workspaceId),
        f.status ? eq(complaintCompensations.status, f.status as CompensationRow['status']) : undefined,
        f.complaintId ? eq(complaintCompensations.complaintId, f.complaintId) : undefined,
      ),
    )
    .orderBy(desc(complaintCompensations.proposedAt), desc(complaintCompensations.id))
    .limit(limit);
}

export async function updateCompensationIf(
  db: Db,
  workspaceId: string,
  id: string,
  expectedStatus: CompensationRow['status'],
  patch: Partial<typeof complaintCompensations.$inferInsert>,
): Promise<CompensationRow | undefined> {
  const [row] = await db
    .update(complaintCompensations)
    .set(patch)
    .where(and(scoped(workspaceId, id), eq(complaintCompensations.status, expectedStatus)))
    .returning();
  return row;
}
