// SQL of contract value changes (dated monthly values), scoped by workspace.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { onConflict } from '../../db/errors.ts';
import { contractValueChanges } from './contracts.schema.ts';

export type ValueChangeRow = typeof contractValueChanges.$inferSelect;

/** The new change, or 'conflict' when the contract already changes value at that instant. */
export async function insertValueChange(
  db: Db,
  row: typeof contractValueChanges.$inferInsert,
): Promise<ValueChangeRow | 'conflict'> {
  return onConflict(async () => {
    const [inserted] = await db.insert(contractValueChanges).values(row).returning();
    return inserted;
  }, 'contract_value_changes_contract_at_key');
}

export async function listValueChangeRows(db: Db, workspaceId: string, contractId: string): Promise<ValueChangeRow[]> {
  return db
    .select()
    .from(contractValueChanges)
    .where(and(eq(contractValueChanges.workspaceId, workspaceId), eq(contractValueChanges.contractId, contractId)))
    .orderBy(asc(contractValueChanges.effectiveAt));
}
