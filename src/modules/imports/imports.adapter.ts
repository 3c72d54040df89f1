// Owns the contract between the import engine and the domains it imports into. Each domain
// provides an adapter; the engine streams, maps, numbers rows, reports errors and commits.
import type { Db } from '../../db/client.ts';
import type { Problem } from '../../lib/problems.ts';
import type { AnalyzedTables } from './imports.repository.ts';
import type { importEntities } from './imports.schema.ts';

export type ImportEntity = (typeof importEntities)[number];
/** A row's problem: its code and values (src/lib/problems.ts) and the English sentence; the column when one cell is at fault. */
export type ImportRowError = { column?: string } & Problem;
export type ParsedRow<Row> = { ok: true; row: Row } | { ok: false; errors: ImportRowError[] };
export type NumberedRow<Row> = { rowNumber: number; row: Row };

export type ImportAdapter<Row = unknown> = {
  entity: ImportEntity;
  /**
   * The tables the adapter writes, each with the columns lookups into it filter on: analysed as an
   * import grows them, so later lookups keep their plans (analyzeTables).
   */
  tables: AnalyzedTables;
  /** Columns every file must have (after --map renaming); checked on the header. */
  requiredColumns: readonly string[];
  /** Every column the adapter understands; others are reported once as unknown. */
  knownColumns: readonly string[];
  /**
   * Rows with the same key that follow each other form one record (e.g. the lines of one
   * order); a key seen again later in the file is a duplicate and is rejected.
   */
  keyOf: (record: Record<string, unknown>) => string | undefined;
  groupConsecutive: boolean;
  /**
   * Whether this batch may be written while the previous batch of the same file is still being
   * written (on PostgreSQL, in another transaction): only when it reads and locks nothing that
   * batch writes, beyond the rows of its own keys. Absent or false: it waits for that batch to commit.
   */
  concurrent?: (rows: NumberedRow<Row>[]) => boolean;
  /** Validates one record (one or more raw rows: CSV strings or NDJSON values). Pure: the import's clock comes in `context`. */
  parse: (records: Record<string, unknown>[], context: { now: Date }) => ParsedRow<Row>;
  /**
   * Writes a batch inside the caller's transaction, idempotently (upsert on the external
   * id). Rows whose references do not resolve (unknown customer, product…) are not written
   * and come back as errors keyed by row number.
   */
  commit: (
    db: Db,
    options: { workspaceId: string; now: Date; currency: string },
    rows: NumberedRow<Row>[],
  ) => Promise<Map<number, ImportRowError[]>>;
};
