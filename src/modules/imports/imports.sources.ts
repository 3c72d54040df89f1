// The imports domain's declared cross-domain surface over its tables: the import's progress row,
// its uploaded chunks and its lease, which the import workflows (workflows/import-file.ts,
// workflows/uploaded-import.ts) drive.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Problem, problem } from '../../lib/problems.ts';
import { importChunks, importKeyRuns, importKeys, imports } from './imports.schema.ts';

const silentSince = (staleBefore: Date) => or(isNull(imports.heartbeatAt), lt(imports.heartbeatAt, staleBefore));

export type ImportRow = typeof imports.$inferSelect;

/** An import's failure as its three columns: the English sentence, its code and its values. */
export const failureColumns = (p: Problem | null) => ({
  failure: p?.message ?? null,
  failureCode: p?.code ?? null,
  failureParams: p?.params ?? null,
});

/** A failure nobody foresaw (an exception's message, technical and in English), as a problem. */
export const runError = (err: unknown) => problem('run_error', { reason: (err as Error).message.slice(0, 1000) });

export async function insertImport(db: Db, row: typeof imports.$inferInsert): Promise<ImportRow> {
  const [created] = await db.insert(imports).values(row).returning();
  return created;
}

export async function findImport(db: Db, workspaceId: string, id: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  return row;
}

/** With a guard, changes nothing (and answers false) unless the import holds that lease / status. */
export async function updateImport(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof imports.$inferInsert>,
  guard: { lease?: string; status?: ImportRow['status'] } = {},
): Promise<boolean> {
  const n = await db
    .update(imports)
    .set(patch)
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.id, id),
        guard.lease ? eq(imports.leaseId, guard.lease) : undefined,
        guard.status ? eq(imports.status, guard.status) : undefined,
      ),
    )
    .returning({ id: imports.id });
  return n.length > 0;
}

/**
 * Takes a queued import for one run under a new lease. Answers the claimed row, or undefined
 * when it is not queued (another run holds it, or it is finished).
 */
export async function claimImport(
  db: Db,
  workspaceId: string,
  id: string,
  o: { lease: string; now: Date },
): Promise<ImportRow | undefined> {
  const [row] = await db
    .update(imports)
    .set({
      status: 'running',
      leaseId: o.lease,
      heartbeatAt: o.now,
      startedAt: sql`coalesce(${imports.startedAt}, ${o.now.toISOString()}::timestamptz)`,
      attempts: sql`${imports.attempts} + 1`,
    })
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.id, id),
        eq(imports.source, 'api'),
        eq(imports.status, 'queued'),
      ),
    )
    .returning();
  return row;
}

/**
 * Unfinished imports not heard from since `staleBefore`, across workspaces (a worker's sweep):
 * uploads whose client went away, queued runs never picked up, runs whose worker died.
 */
export async function findStalledImports(
  db: Db,
  o: { staleBefore: Date; limit: number },
): Promise<Pick<ImportRow, 'workspaceId' | 'id' | 'status' | 'source'>[]> {
  return db
    .select({ workspaceId: imports.workspaceId, id: imports.id, status: imports.status, source: imports.source })
    .from(imports)
    .where(and(inArray(imports.status, ['uploading', 'queued', 'running']), silentSince(o.staleBefore)))
    .limit(o.limit);
}

/** Puts a silent API import back in the queue, voiding the old run's lease. False if it spoke meanwhile. */
export async function requeueStalledImport(
  db: Db,
  workspaceId: string,
  id: string,
  o: { now: Date; staleBefore: Date },
): Promise<boolean> {
  const rows = await db
    .update(imports)
    .set({ status: 'queued', leaseId: null, heartbeatAt: o.now })
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.id, id),
        eq(imports.source, 'api'),
        inArray(imports.status, ['queued', 'running']),
        silentSince(o.staleBefore),
      ),
    )
    .returning({ id: imports.id });
  return rows.length > 0;
}

/** Ends a silent import that cannot be resumed (an abandoned upload, a killed CLI run). */
export async function failStalledImport(
  db: Db,
  workspaceId: string,
  id: string,
  o: { now: Date; staleBefore: Date; failure: Problem },
): Promise<boolean> {
  const rows = await db
    .update(imports)
    .set({ status: 'failed', ...failureColumns(o.failure), leaseId: null, finishedAt: o.now })
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.id, id),
        inArray(imports.status, ['uploading', 'running']),
        silentSince(o.staleBefore),
      ),
    )
    .returning({ id: imports.id });
  return rows.length > 0;
}

export async function readImportChunk(
  db: Db,
  workspaceId: string,
  importId: string,
  seq: number,
): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ data: importChunks.data })
    .from(importChunks)
    .where(
      and(eq(importChunks.workspaceId, workspaceId), eq(importChunks.importId, importId), eq(importChunks.seq, seq)),
    );
  return row ? Buffer.from(row.data) : undefined;
}

/** Drops what an import needs only while it runs: its stored file and the keys it has met. */
export async function deleteImportScratch(db: Db, workspaceId: string, importId: string): Promise<void> {
  await db
    .delete(importChunks)
    .where(and(eq(importChunks.workspaceId, workspaceId), eq(importChunks.importId, importId)));
  await db.delete(importKeys).where(and(eq(importKeys.workspaceId, workspaceId), eq(importKeys.importId, importId)));
  await db
    .delete(importKeyRuns)
    .where(and(eq(importKeyRuns.workspaceId, workspaceId), eq(importKeyRuns.importId, importId)));
}
