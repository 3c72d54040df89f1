// Owns running an import: take the file's settled records (imports.read.ts: streamed, numbered,
// validated through the domain's adapter) and commit the valid ones in batches. Each batch, its
// progress and its row errors commit in ONE transaction, so an import killed half-way resumes
// exactly where it stopped.
import type { Readable } from 'node:stream';
import type { Db, Driver } from '../../db/client.ts';
import { type Problem, problem } from '../../lib/problems.ts';
import type { ImportAdapter, ImportRowError, NumberedRow } from './imports.adapter.ts';
import { ImportFileError, type ReadItem, readItems } from './imports.read.ts';
import {
  addProgress,
  analyzeTables,
  ascendingKeys,
  insertImportErrors,
  type KeyRecording,
  recordImportKeys,
} from './imports.repository.ts';

export { checkHeader, cliHeaderHints, type HeaderHints, ImportFileError, maxNdjsonLine } from './imports.read.ts';

export type RowError = ImportRowError & { rowNumber: number };
export type ImportSummary = {
  rowsRead: number;
  rowsCommitted: number;
  rowsRejected: number;
  errors: RowError[];
  /** File-level notes that did not stop the import (ignored columns), with codes like row errors. */
  warnings: Problem[];
  /** Why the file as a whole could not be imported (nothing was written). */
  fatal?: Problem;
};
export type ImportProgress = { rowsRead: number; rowsCommitted: number; rowsRejected: number };

export class ImportLeaseLostError extends Error {
  override name = 'ImportLeaseLostError';
  constructor(importId: string) {
    super(`Import ${importId} was taken over by another worker`);
  }
}

export type RunImportOptions = {
  workspaceId: string;
  currency: string;
  importId: string;
  adapter: ImportAdapter<unknown>;
  input: Readable;
  format: 'csv' | 'ndjson';
  /** source column → target column */
  mapping?: Record<string, string>;
  delimiter?: string;
  /** Rows already settled by an earlier run of this import; they are read and skipped. */
  skipRows?: number;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Errors kept in memory for the summary (all are stored in the database). */
  keepErrors?: number;
  /** The run's lease (API imports): a batch commits only while the import still holds it. */
  lease?: string;
  /** Committed rows after which the adapter's tables are first analysed (then at every doubling, and at the end). */
  analyzeAfter?: number;
};

/**
 * Rows per batch. Each batch is one transaction with a handful of statements whatever its size,
 * so bigger batches mean fewer round trips and commits; 5,000 keeps three batches (the one being
 * read and the two being written) to a few MB. (20,000 cost more than it saved: every row of a
 * batch outlives a few young-generation collections, and the capped heap then spends ~25 % more
 * CPU copying and promoting them.) PGlite keeps 1,000: its statements run on this thread, and a
 * server importing a file must still answer requests between them.
 */
export const importBatchSize = (driver: Driver | undefined) => (driver === 'pg' ? 5000 : 1000);

type Batch = {
  rows: NumberedRow<unknown>[];
  keys: Map<string, number>;
  keyRecording: KeyRecording;
  rowCount: number;
  errors: RowError[];
  recordRows: Map<number, number>;
};

export async function runImport(
  ctx: { db: Db; now: () => Date; database?: { driver: Driver } },
  o: RunImportOptions,
): Promise<ImportSummary> {
  const batchSize = o.batchSize ?? importBatchSize(ctx.database?.driver);
  const keep = o.keepErrors ?? 1000;
  const analyzeAfter = o.analyzeAfter ?? 10_000;
  let analyzeAt = analyzeAfter;
  const summary: ImportSummary = { rowsRead: 0, rowsCommitted: 0, rowsRejected: 0, errors: [], warnings: [] };
  // Keys met in this batch; earlier batches' keys are in the database (memory stays bounded): as
  // runs while every key of the file has ascended (the last so far in `ascending`), else in
  // import_keys (`ascending` null). A resumed run takes up where the stored keys stand.
  let batchKeys = new Map<string, number>();
  let ascending = await ascendingKeys(ctx.db, o.workspaceId, o.importId);
  /** How the batch's keys are recorded: whether they still ascend (keys in file order). */
  const keyRecording = (keys: Map<string, number>): KeyRecording => {
    if (!ascending) return 'keys';
    let last = ascending.last;
    for (const key of keys.keys()) {
      if (last !== undefined && !(key > last)) {
        ascending = null;
        return 'first-unordered';
      }
      last = key;
    }
    ascending.last = last;
    return 'run';
  };
  let batch: NumberedRow<unknown>[] = [];
  let batchRows = 0;
  let batchErrors: RowError[] = [];
  // Rows per record of more than one (an order's lines), to count rejected rows exactly.
  let recordRows = new Map<number, number>();

  const duplicate = (key: string, first: number): ImportRowError => ({
    column: o.adapter.requiredColumns[0],
    ...problem('duplicate', { value: key.slice(0, 200), row: first }),
  });
  const reject = (rowNumber: number, errors: ImportRowError[]) => {
    for (const e of errors) batchErrors.push({ rowNumber, ...e });
  };

  // `keysRecorded` is called once the batch's keys are in import_keys (uncommitted); `previous`
  // settles when the batch before it has committed (or failed), when the two overlap.
  const writeBatch = async (b: Batch, order: { keysRecorded: () => void; previous?: Promise<void> }) => {
    await ctx.db.transaction(async (tx) => {
      const earlier = await recordImportKeys(tx, o.workspaceId, o.importId, b.keys, b.keyRecording);
      order.keysRecorded();
      if (earlier.size) {
        const repeatOf = new Set([...b.keys].filter(([key]) => earlier.has(key)).map(([, rowNumber]) => rowNumber));
        b.rows = b.rows.filter((r) => !repeatOf.has(r.rowNumber));
        for (const [key, first] of earlier)
          b.errors.push({ rowNumber: b.keys.get(key) as number, ...duplicate(key, first) });
      }
      const refused = b.rows.length
        ? await o.adapter.commit(tx, { workspaceId: o.workspaceId, now: ctx.now(), currency: o.currency }, b.rows)
        : new Map<number, ImportRowError[]>();
      for (const [rowNumber, errors] of refused) for (const e of errors) b.errors.push({ rowNumber, ...e });
      const rejectedRows = [...new Set(b.errors.map((e) => e.rowNumber))].reduce(
        (n, row) => n + (b.recordRows.get(row) ?? 1),
        0,
      );
      await insertImportErrors(
        tx,
        b.errors.map((e) => ({
          workspaceId: o.workspaceId,
          importId: o.importId,
          rowNumber: e.rowNumber,
          column: e.column ?? null,
          code: e.code,
          params: e.params ?? null,
          message: e.message,
        })),
      );
      // Batches commit in file order: the progress row (rows_done, a prefix of the file) moves
      // only once the batch before has committed, and a failure there rolls this one back.
      await order.previous;
      const held = await addProgress(
        tx,
        o.workspaceId,
        o.importId,
        { done: b.rowCount, committed: b.rowCount - rejectedRows, errors: b.errors.length },
        { now: ctx.now(), lease: o.lease },
      );
      // Another worker took the import over (this one was presumed dead): undo this batch.
      if (!held) throw new ImportLeaseLostError(o.importId);
      summary.rowsCommitted += b.rowCount - rejectedRows;
      summary.rowsRejected += rejectedRows;
    });
    for (const e of b.errors.sort((x, y) => x.rowNumber - y.rowNumber))
      if (summary.errors.length < keep) summary.errors.push(e);
  };
  const afterBatch = async () => {
    if (summary.rowsCommitted >= analyzeAt) {
      analyzeAt = summary.rowsCommitted * 2;
      await analyzeTables(ctx.db, o.adapter.tables);
    }
    o.onProgress?.({
      rowsRead: summary.rowsRead,
      rowsCommitted: summary.rowsCommitted,
      rowsRejected: summary.rowsRejected,
    });
    // PGlite runs queries synchronously on this thread and everything here chains through
    // microtasks: without a turn of the event loop, a server running an import would answer
    // no request until it finished (measured: a 4.6 s wait on a 30,000-row file).
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  // On PostgreSQL the file is read and validated while batches are written, and two batches may be
  // written at once, each in its own transaction: the next one's parameters are built (our CPU)
  // while the server executes the previous one's statements (its CPU). A batch starts once the
  // previous one's keys are recorded (a repeated key then waits for that batch to commit, and
  // never the other way round, so the two cannot deadlock), or, when the adapter says it may read
  // what the previous batch writes, once that batch has committed. Commits stay in file order
  // (writeBatch), so rows_done is always a prefix of the file and a resumed run skips exactly it.
  // PGlite's work runs on this thread, so there overlapping only lengthens the time the event
  // loop is held, and each batch is awaited.
  const overlap = ctx.database?.driver === 'pg';
  type Flight = { committed: Promise<void>; outcome: Promise<void>; keysRecorded: Promise<void> };
  const flights: Flight[] = [];
  let failure: { error: unknown } | undefined;
  const land = async () => {
    await flights.shift()?.outcome;
  };
  const settled = async () => {
    while (flights.length) await land();
    if (failure) throw failure.error;
  };
  const launch = (b: Batch, previous: Flight | undefined): Flight => {
    let keysRecorded = () => {};
    const keys = new Promise<void>((resolve) => (keysRecorded = resolve));
    const committed = (async () => {
      // The first batch whose keys do not ascend moves every earlier batch's keys: they must have committed.
      const waitsForCommit = b.keyRecording === 'first-unordered' || !o.adapter.concurrent?.(b.rows);
      if (previous && waitsForCommit) await previous.committed;
      else await previous?.keysRecorded;
      if (failure) throw failure.error;
      await writeBatch(b, { keysRecorded, previous: previous?.committed });
    })();
    const outcome = committed.then(afterBatch).catch((error: unknown) => {
      failure ??= { error };
    });
    // Whatever happens to this batch, the next one must not wait for its keys forever.
    void outcome.then(keysRecorded);
    return { committed, outcome, keysRecorded: keys };
  };
  const flush = async () => {
    if (batchRows === 0) return;
    const b: Batch = {
      rows: batch,
      keys: batchKeys,
      keyRecording: keyRecording(batchKeys),
      rowCount: batchRows,
      errors: batchErrors,
      recordRows,
    };
    batch = [];
    batchKeys = new Map();
    batchRows = 0;
    batchErrors = [];
    recordRows = new Map();
    // At most two batches in flight (and one being read): memory stays bounded.
    while (flights.length >= (overlap ? 2 : 1)) await land();
    if (failure) throw failure.error;
    flights.push(launch(b, flights.at(-1)));
    if (!overlap) await settled();
  };

  // A record's rows count towards the batch whatever its fate; a key met earlier in the batch
  // makes it a duplicate (an earlier batch's keys are checked in writeBatch, in import_keys).
  // Answers whether the batch is full. (Synchronous: an async call per record was a promise per record.)
  const take = (item: ReadItem): boolean => {
    if (!('parsed' in item)) {
      reject(item.rowNumber, item.errors);
      batchRows++;
      return false;
    }
    if (item.count > 1) recordRows.set(item.rowNumber, item.count);
    batchRows += item.count;
    if (item.key !== undefined) {
      const key = item.key.slice(0, 500);
      const seen = batchKeys.get(key);
      if (seen !== undefined) {
        reject(item.rowNumber, [duplicate(item.key, seen)]);
        return false;
      }
      batchKeys.set(key, item.rowNumber);
    }
    if (item.parsed.ok) batch.push({ rowNumber: item.rowNumber, row: item.parsed.row });
    else reject(item.rowNumber, item.parsed.errors);
    return batchRows >= batchSize;
  };

  try {
    for await (const chunk of readItems(o.input, {
      adapter: o.adapter,
      format: o.format,
      mapping: o.mapping,
      delimiter: o.delimiter,
      skipRows: o.skipRows,
      now: ctx.now,
      warnings: summary.warnings,
    })) {
      summary.rowsRead += chunk.read;
      for (const item of chunk.items) if (take(item)) await flush();
    }
    await flush();
    await settled();
    // Statistics as of the whole file, for whatever reads these tables next (the next file's lookups).
    if (summary.rowsCommitted >= analyzeAfter / 10)
      await analyzeTables(ctx.db, o.adapter.tables, { complete: ctx.database?.driver !== 'pg' });
  } catch (err) {
    // Whatever stopped the run, the batches in flight settle first: their outcome is part of the state.
    while (flights.length) await land();
    if (!(err instanceof ImportFileError)) throw failure?.error ?? err;
    summary.fatal = err.problem;
  }
  return summary;
}
