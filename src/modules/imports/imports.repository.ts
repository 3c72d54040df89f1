// The only file of the imports domain with SQL: the import's progress row, its uploaded file
// (in chunks), its row errors, and the lease that lets exactly one worker run it.
import { pastCursor } from '../../db/keyset.ts';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { anyOf, insertUnnest, insertUnnestCount } from '../../db/bulk.ts';
import { type Db, execCount } from '../../db/client.ts';
import { importChunks, importErrors, importKeyRuns, importKeys, imports } from './imports.schema.ts';
import { deleteImportScratch, type ImportRow } from './imports.sources.ts';

export type ImportErrorRow = typeof importErrors.$inferSelect;

/** Newest first; the cursor is the last id of the previous page (ids are time-ordered). */
export async function listImportRows(
  db: Db,
  workspaceId: string,
  q: { status?: ImportRow['status']; entity?: ImportRow['entity']; before?: string },
  limit: number,
): Promise<ImportRow[]> {
  return db
    .select()
    .from(imports)
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        q.status ? eq(imports.status, q.status) : undefined,
        q.entity ? eq(imports.entity, q.entity) : undefined,
        q.before ? lt(imports.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(imports.id))
    .limit(limit);
}

export async function deleteImport(db: Db, workspaceId: string, id: string): Promise<void> {
  await deleteImportScratch(db, workspaceId, id);
  await db.delete(importErrors).where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, id)));
  await db.delete(imports).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
}

/** Tables an import writes, each with the columns its lookups filter on. */
export type AnalyzedTables = Readonly<Record<string, readonly string[]>>;

const identifiers = (names: readonly string[]) =>
  sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );

/**
 * Refreshes the planner's statistics of tables an import is filling. A table that grew from a few
 * rows to a million in one import still has the statistics of its first rows until autovacuum
 * comes by, and lookups into it (the customers of a transactions file, by external id) then
 * choose plans that read the whole workspace per batch — measured: 0.8 s instead of milliseconds
 * per 2,000 ids at 1M customers.
 *
 * Those lookups need the table's size and its lookup columns, so only these are analysed, from a
 * 3,000-row sample instead of 30,000: ~10 ms at 50,000 customers where analysing every column
 * took ~300 ms (a tenth of such an import). An ANALYZE that names its columns leaves the table's
 * count of changes since its last analysis as it was, so autovacuum still analyses the whole table,
 * from the full sample, once the import has changed a tenth of it. PGlite has no autovacuum (the
 * maintenance job analyses every hour): there `complete` analyses every column, fully.
 */
export async function analyzeTables(db: Db, tables: AnalyzedTables, o: { complete?: boolean } = {}): Promise<void> {
  const names = Object.keys(tables);
  if (names.length === 0) return;
  if (o.complete) {
    await db.execute(sql`analyze ${identifiers(names)}`);
    return;
  }
  const columns = names.map((t) => sql`${sql.identifier(t)} (${identifiers(tables[t])})`);
  const analyze = sql`analyze ${sql.join(columns, sql`, `)}`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local default_statistics_target = 10`);
    await tx.execute(analyze);
  });
}

/**
 * Adds a settled batch's counts and beats the heart; runs in the batch's own transaction.
 * With a lease, it changes nothing (and answers false) unless the import still holds it.
 */
export async function addProgress(
  db: Db,
  workspaceId: string,
  id: string,
  delta: { done: number; committed: number; errors: number },
  o: { now: Date; lease?: string },
): Promise<boolean> {
  const updated = await execCount(
    db,
    sql`update ${imports} set rows_done = rows_done + ${delta.done}, rows_committed = rows_committed + ${delta.committed}, error_count = error_count + ${delta.errors}, heartbeat_at = ${o.now.toISOString()}
        where workspace_id = ${workspaceId} and id = ${id}${o.lease ? sql` and lease_id = ${o.lease}` : sql``}`,
  );
  return updated > 0;
}

export async function insertImportChunk(db: Db, row: typeof importChunks.$inferInsert): Promise<void> {
  await db.insert(importChunks).values(row);
}

/**
 * How a batch's keys are recorded (importKeyRuns): `run` when they ascend from every key before
 * them, as one row; `first-unordered` for the first batch whose keys do not, which first moves the
 * runs before it into import_keys; `keys` for every batch after that.
 */
export type KeyRecording = 'run' | 'first-unordered' | 'keys';

/**
 * Records a batch's keys (key → its row); answers those an earlier batch of the same import already recorded,
 * with the row that first had them. Runs in the batch's transaction. The batch's keys are
 * distinct (the engine rejects a repeat within a batch) and every earlier batch's rows come
 * before this one's, so when fewer keys were written than sent, the repeats are the keys held
 * at a row before the batch's first: found by a second statement only then, and no key comes
 * back in the common case. A `run` cannot repeat an earlier key, so nothing is looked up.
 * `first-unordered` must see every earlier batch committed (the engine waits for it).
 */
export async function recordImportKeys(
  db: Db,
  workspaceId: string,
  importId: string,
  keys: Map<string, number>,
  how: KeyRecording = 'keys',
): Promise<Map<string, number>> {
  if (keys.size === 0) return new Map();
  if (how === 'run') {
    const keyList = [...keys.keys()];
    const rowNumbers = [...keys.values()];
    await insertUnnest(db, importKeyRuns, [
      { workspaceId, importId, firstRow: rowNumbers[0], keys: keyList, rowNumbers },
    ]);
    return new Map();
  }
  if (how === 'first-unordered') {
    const runsOfImport = and(eq(importKeyRuns.workspaceId, workspaceId), eq(importKeyRuns.importId, importId));
    await db.execute(sql`
      insert into ${importKeys} (workspace_id, import_id, key, row_number)
      select ${importKeyRuns.workspaceId}, ${importKeyRuns.importId}, k.key, k.row_number
      from ${importKeyRuns} cross join unnest(${importKeyRuns.keys}, ${importKeyRuns.rowNumbers}) as k(key, row_number)
      where ${runsOfImport}
      on conflict do nothing`);
    await db.delete(importKeyRuns).where(runsOfImport);
  }
  const rows: (typeof importKeys.$inferInsert)[] = [];
  let first = Number.POSITIVE_INFINITY;
  for (const [key, rowNumber] of keys) {
    rows.push({ workspaceId, importId, key, rowNumber });
    if (rowNumber < first) first = rowNumber;
  }
  const written = await insertUnnestCount(db, importKeys, rows, { onConflict: sql`on conflict do nothing` });
  if (written === keys.size) return new Map();
  const earlier = await db
    .select({ key: importKeys.key, rowNumber: importKeys.rowNumber })
    .from(importKeys)
    .where(
      and(
        eq(importKeys.workspaceId, workspaceId),
        eq(importKeys.importId, importId),
        anyOf(importKeys.key, [...keys.keys()]),
        lt(importKeys.rowNumber, first),
      ),
    );
  return new Map(earlier.map((e) => [e.key, e.rowNumber]));
}

/**
 * Where an import's keys stand when a run of it starts (or resumes): while every key so far has
 * ascended, the last of them (undefined before the first); null once they are in import_keys.
 */
export async function ascendingKeys(
  db: Db,
  workspaceId: string,
  importId: string,
): Promise<{ last: string | undefined } | null> {
  const [spread] = await db
    .select({ key: importKeys.key })
    .from(importKeys)
    .where(and(eq(importKeys.workspaceId, workspaceId), eq(importKeys.importId, importId)))
    .limit(1);
  if (spread) return null;
  const [run] = await db
    .select({ last: sql<string>`${importKeyRuns.keys}[array_length(${importKeyRuns.keys}, 1)]` })
    .from(importKeyRuns)
    .where(and(eq(importKeyRuns.workspaceId, workspaceId), eq(importKeyRuns.importId, importId)))
    .orderBy(desc(importKeyRuns.firstRow))
    .limit(1);
  return { last: run?.last };
}

export async function insertImportErrors(db: Db, rows: (typeof importErrors.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000)
    await insertUnnest(db, importErrors, rows.slice(i, i + 5000), { onConflict: sql`on conflict do nothing` });
}

/** Row errors in file order; the cursor is the (row, message) pair last seen. */
export async function listImportErrors(
  db: Db,
  workspaceId: string,
  importId: string,
  after: { rowNumber: number; message: string } | undefined,
  limit: number,
): Promise<ImportErrorRow[]> {
  return db
    .select()
    .from(importErrors)
    .where(
      and(
        eq(importErrors.workspaceId, workspaceId),
        eq(importErrors.importId, importId),
        pastCursor('asc', importErrors.rowNumber, importErrors.message, after && [after.rowNumber, after.message]),
      ),
    )
    .orderBy(asc(importErrors.rowNumber), asc(importErrors.message))
    .limit(limit);
}
