// Owns the life of a queued run row, which several domains keep (scoring, churn-model and
// affinity runs): a worker claims it from 'queued', so exactly one executes it, and writes its
// outcome when done. Each domain binds its own table (`runRecords(churnModelRuns)`).
import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

type RunTable = PgTable & { workspaceId: PgColumn; id: PgColumn; status: PgColumn; startedAt: PgColumn };

export function runRecords<T extends RunTable>(table: T) {
  const byId = (workspaceId: string, id: string) => and(eq(table.workspaceId, workspaceId), eq(table.id, id));
  return {
    /** Moves a queued run to running; false when another worker took it (or it is not queued). */
    claim: async (db: Db, workspaceId: string, id: string, now: Date): Promise<boolean> =>
      (
        await db
          .update(table)
          .set({ status: 'running', startedAt: now } as PgUpdateSetSource<T>)
          .where(and(byId(workspaceId, id), eq(table.status, 'queued')))
          .returning({ id: table.id })
      ).length === 1,
    /** Writes a run's outcome (status, times, results). */
    finish: async (db: Db, workspaceId: string, id: string, patch: Partial<T['$inferInsert']>): Promise<void> => {
      await db
        .update(table)
        .set(patch as PgUpdateSetSource<T>)
        .where(byId(workspaceId, id));
    },
  };
}
