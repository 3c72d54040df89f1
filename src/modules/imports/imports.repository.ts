// The only file of the imports domain with SQL: the import's progress row and its errors.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import { importErrors, imports } from './imports.schema.ts';

export type ImportRow = typeof imports.$inferSelect;

export async function insertImport(db: Db, row: typeof imports.$inferInsert): Promise<ImportRow> {
  const [created] = await db.insert(imports).values(row).returning();
  return created;
}

export async function findImport(db: Db, workspaceId: string, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(imports).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  return row;
}

export async function updateImport(db: Db, workspaceId: string, id: string, patch: Partial<typeof imports.$inferInsert>): Promise<void> {
  await db.update(imports).set(patch).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

/** Adds a settled batch's counts; runs in the batch's own transaction. */
export async function addProgress(db: Db, workspaceId: string, id: string, delta: { done: number; committed: number; errors: number }): Promise<void> {
  await db
    .update(imports)
    .set({ rowsDone: sql`${imports.rowsDone} + ${delta.done}`, rowsCommitted: sql`${imports.rowsCommitted} + ${delta.committed}`, errorCount: sql`${imports.errorCount} + ${delta.errors}` })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

export async function insertImportErrors(db: Db, rows: (typeof importErrors.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) await insertUnnest(db, importErrors, rows.slice(i, i + 5000), { onConflict: sql`on conflict do nothing` });
}

export async function listImportErrors(db: Db, workspaceId: string, importId: string, afterRow: number, limit: number) {
  return db
    .select()
    .from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId), gt(importErrors.rowNumber, afterRow)))
    .orderBy(asc(importErrors.rowNumber))
    .limit(limit);
}
