// Owns bulk imports: the uploaded file (kept in the database in chunks, so any worker can
// read it), progress, and the per-row errors.
import { sql } from 'drizzle-orm';
import { bigint, check, customType, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, workspaceId } from '../../db/columns.ts';
import type { ProblemParams } from '../../lib/problems.ts';

/** A file-level problem as stored: its code and values, or (stored before codes) only the sentence. */
export type StoredProblem = { code: string | null; params?: ProblemParams | null; message: string };

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const importEntities = ['customers', 'products', 'transactions', 'interactions', 'contracts'] as const;
export const importStatuses = ['uploading', 'queued', 'running', 'completed', 'failed'] as const;
/** `api`: uploaded into import_chunks and run by a worker (resumable); `cli`: streamed from a local file. */
export const importSources = ['api', 'cli'] as const;

export const imports = pgTable(
  'imports',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    entity: text('entity').$type<(typeof importEntities)[number]>().notNull(),
    format: text('format').$type<'csv' | 'ndjson'>().notNull(),
    source: text('source').$type<(typeof importSources)[number]>().notNull().default('cli'),
    delimiter: text('delimiter'),
    status: text('status').$type<(typeof importStatuses)[number]>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    fileName: text('file_name'),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
    rowsTotal: integer('rows_total'),
    /** Rows read and settled (committed or rejected); a resumed run skips these. */
    rowsDone: integer('rows_done').notNull().default(0),
    rowsCommitted: integer('rows_committed').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** Why the import failed: the English sentence, and its code and values (src/lib/problems.ts). */
    failure: text('failure'),
    failureCode: text('failure_code'),
    failureParams: jsonb('failure_params').$type<ProblemParams>(),
    /** File-level notes that did not stop the import, e.g. ignored unknown columns (code null before 0045). */
    warnings: jsonb('warnings').$type<StoredProblem[]>().notNull().default([]),
    /**
     * The run currently allowed to write this import (a fencing token): a worker claims it,
     * and every batch it commits checks it, so two workers never both write one import.
     */
    leaseId: uuid('lease_id'),
    /** Written with every committed batch; a run silent for too long is resumed elsewhere. */
    heartbeatAt: at('heartbeat_at'),
    attempts: integer('attempts').notNull().default(0),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    check('imports_status_known', sql`${t.status} in ('uploading', 'queued', 'running', 'completed', 'failed')`),
    index('imports_unfinished_idx')
      .on(t.status, t.heartbeatAt)
      .where(sql`${t.status} in ('uploading', 'queued', 'running')`),
  ],
);

export const importChunks = pgTable(
  'import_chunks',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.seq] })],
);

export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    column: text('column'),
    /** The problem's code and values (src/lib/problems.ts); null on rows stored before codes (migration 0043). */
    code: text('code'),
    params: jsonb('params').$type<Record<string, string | number>>(),
    message: text('message').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber, t.message] }),
    index('import_errors_row_idx').on(t.workspaceId, t.importId, t.rowNumber),
  ],
);

/**
 * External ids (or SKUs) already met in an import's file, so a repeat is caught however far
 * apart the two rows are, with memory that does not grow with the file. Written with each
 * batch (so a resumed run knows them too) and dropped when the import ends.
 */
export const importKeys = pgTable(
  'import_keys',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    key: text('key').notNull(),
    rowNumber: integer('row_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.key] })],
);

/**
 * An import's keys while every key of its file so far has come in ascending order (a file sorted by
 * its external id, as exports mostly are): no key can then repeat, and a batch's keys are kept as
 * one row of arrays instead of a row each in import_keys, whose inserts were about a tenth of the
 * server's work on a customers file. The first batch whose keys do not ascend moves them into
 * import_keys (imports.repository.ts, recordImportKeys). Dropped when the import ends.
 */
export const importKeyRuns = pgTable(
  'import_key_runs',
  {
    workspaceId: workspaceId(),
    importId: uuid('import_id').notNull(),
    /** The row of the run's first key. */
    firstRow: integer('first_row').notNull(),
    keys: text('keys').array().notNull(),
    rowNumbers: integer('row_numbers').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.firstRow] })],
);
