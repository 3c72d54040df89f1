// Owns running an import: stream the file (CSV or NDJSON) with constant memory, rename
// columns, check the header once, number the rows, validate each through the domain's
// adapter, and commit valid rows in batches. Each batch, its progress and its row errors
// commit in ONE transaction, so an import killed half-way resumes exactly where it stopped.
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Db, Driver } from '../../db/client.ts';
import { type Problem, problem } from '../../lib/problems.ts';
import { unstorableFields, unstorableProblem } from '../../lib/text.ts';
import type { ImportAdapter, ImportRowError, NumberedRow } from './imports.adapter.ts';
import { addProgress, analyzeTables, insertImportErrors, recordImportKeys } from './imports.repository.ts';

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

/** The file as a whole cannot be imported (no header, missing columns…); nothing was written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

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

type RawRecord =
  { rowNumber: number; cells: Record<string, unknown> } | { rowNumber: number; error: Problem; column?: string };

/**
 * The parser's records in order, then its error if any. (Its own async iterator throws as soon
 * as the parser fails and drops records already parsed — the good rows before a broken tail.)
 */
async function* parsedThenError(parser: import('node:stream').Transform): AsyncGenerator<string[]> {
  const queue: string[][] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (record: string[]) => {
    queue.push(record);
    if (queue.length > 2000) parser.pause();
    notify();
  });
  parser.on('error', (err) => {
    failure = err;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    const record = queue.shift();
    if (record) {
      if (queue.length < 500 && parser.isPaused()) parser.resume();
      yield record;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

/**
 * Renames a CSV header through the mapping and checks it against the adapter: every required
 * column present, no column twice. Unknown columns are only warned about. Used by the engine
 * and by the API upload, which refuses a bad header before storing the file.
 */
export type HeaderHints = { delimiter: (d: string) => string; rename: string };
export const cliHeaderHints: HeaderHints = {
  delimiter: (d) => `use --delimiter ${d === '\t' ? 'tab' : `"${d}"`}`,
  rename: 'Rename columns with --map source=target.',
};

export function checkHeader(
  adapter: Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns'>,
  raw: string[],
  mapping: Record<string, string>,
  hints: HeaderHints = cliHeaderHints,
): { header: string[]; warnings: Problem[] } {
  const header = raw.map((h) => mapping[h.trim()] ?? h.trim());
  const warnings: Problem[] = [];
  const missing = adapter.requiredColumns.filter((c) => !header.includes(c));
  if (missing.length) {
    const one = header.length === 1 ? header[0] : '';
    const looks = [
      [';', 'semicolon'],
      ['\t', 'tab'],
      ['|', 'pipe'],
    ].find(([d]) => one.includes(d));
    const found = header.join(', ').slice(0, 500);
    const missingColumns = problem('missing_columns', {
      columns: missing.join(', '),
      count: missing.length,
      found,
      ...(looks ? { separator: looks[1] } : {}),
    });
    // The hints name the CLI's options or the API's query: they stay in the English sentence only.
    const hint = looks ? ` The file looks ${looks[1]}-separated: ${hints.delimiter(looks[0])}.` : '';
    throw new ImportFileError({ ...missingColumns, message: `${missingColumns.message}${hint} ${hints.rename}` });
  }
  const dupes = [...new Set(header.filter((h, i) => header.indexOf(h) !== i))];
  if (dupes.length)
    throw new ImportFileError(problem('columns_twice', { columns: dupes.join(', '), count: dupes.length }));
  const unknown = header.filter((h) => !adapter.knownColumns.includes(h) && !h.startsWith('cf_'));
  if (unknown.length) warnings.push(problem('unknown_columns', { columns: unknown.join(', '), count: unknown.length }));
  return { header, warnings };
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (nor jsonb a lone surrogate, which NDJSON can
 * escape), so a cell with one is a row error, not a failed batch.
 */
function unstorableCell(cells: Record<string, unknown>): ImportRowError | undefined {
  for (const [column, value] of Object.entries(cells)) {
    const bad = typeof value === 'string' ? unstorableProblem(value) : undefined;
    if (bad) return { column, ...bad };
  }
  return undefined;
}

async function* csvRecords(
  input: Readable,
  adapter: ImportAdapter<unknown>,
  mapping: Record<string, string>,
  delimiter: string | undefined,
  warnings: Problem[],
): AsyncGenerator<RawRecord> {
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter: delimiter ?? ',',
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: 1_000_000,
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  let header: string[] | undefined;
  let rowNumber = 0;
  try {
    for await (const values of parsedThenError(parser)) {
      if (!header) {
        const checked = checkHeader(adapter, values, mapping);
        header = checked.header;
        warnings.push(...checked.warnings);
        continue;
      }
      rowNumber++;
      if (values.length !== header.length) {
        yield { rowNumber, error: problem('column_count', { values: values.length, columns: header.length }) };
        continue;
      }
      const cells: Record<string, unknown> = {};
      header.forEach((h, i) => {
        cells[h] = values[i];
      });
      yield { rowNumber, cells };
    }
  } catch (err) {
    // Only the parser's own verdict is about the file. Anything else — the stored chunks of an
    // upload unreadable because the database went away — fails the run (retried), never reads
    // as a bad row that ends the file early.
    if (!(err instanceof CsvError)) throw err;
    // A malformed tail (an unterminated quote, a truncated file) ends the file at that row.
    yield {
      rowNumber: rowNumber + 1,
      error: problem('unreadable', {
        reason: (err as Error).message.replace(/^Invalid Record Length: |\s*\(.*$/g, ''),
      }),
    };
    return;
  }
  if (!header) throw new ImportFileError(problem('no_header'));
}

/** The longest NDJSON line read, in characters (CSV records have the same bound in csv-parse). */
export const maxNdjsonLine = 1_000_000;

/**
 * The lines of a stream (split at CR or LF; the empty line a CRLF leaves is skipped by the
 * caller), a line longer than `max` answered as `undefined` without ever being held whole:
 * `tenure import` runs with a capped heap, and one huge line must be a row error, not a crash.
 */
async function* boundedLines(input: Readable, max: number): AsyncGenerator<string | undefined> {
  const decoder = new TextDecoder();
  let pending = '';
  let overflow = false;
  for await (const chunk of input) {
    const text = pending + decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (const m of text.matchAll(/[\r\n]/g)) {
      const line = text.slice(start, m.index);
      yield overflow || line.length > max ? undefined : line;
      overflow = false;
      start = m.index + 1;
    }
    pending = text.slice(start);
    if (pending.length > max) {
      overflow = true;
      pending = '';
    }
  }
  pending += decoder.decode();
  if (overflow || pending) yield overflow || pending.length > max ? undefined : pending;
}

async function* ndjsonRecords(input: Readable, mapping: Record<string, string>): AsyncGenerator<RawRecord> {
  let rowNumber = 0;
  for await (const line of boundedLines(input, maxNdjsonLine)) {
    if (line === undefined) {
      rowNumber++;
      yield { rowNumber, error: problem('line_too_long', { max: maxNdjsonLine }) };
      continue;
    }
    const trimmed = line.replace(/^\uFEFF/, '').trim();
    if (!trimmed) continue;
    rowNumber++;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { rowNumber, error: problem('invalid_json') };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { rowNumber, error: problem('not_an_object') };
      continue;
    }
    // Nested values reach the adapters as JSON text, whose escapes would hide a NUL: look inside first.
    const [bad] = unstorableFields(value);
    if (bad) {
      const column = bad.path.split('.')[0];
      yield { rowNumber, column: mapping[column] ?? column, error: { ...bad, code: bad.code ?? 'invalid' } };
      continue;
    }
    const cells: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      cells[mapping[k] ?? k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    yield { rowNumber, cells };
  }
  if (rowNumber === 0) throw new ImportFileError(problem('empty_file'));
}

/**
 * Rows per batch. Each batch is one transaction with a handful of statements whatever its size,
 * so bigger batches mean fewer round trips and commits; 5,000 keeps two batches (the one being
 * read and the one being written) to a few MB. PGlite keeps 1,000: its statements run on this
 * thread, and a server importing a file must still answer requests between them.
 */
export const importBatchSize = (driver: Driver | undefined) => (driver === 'pg' ? 5000 : 1000);

type Batch = {
  rows: NumberedRow<unknown>[];
  keys: Map<string, number>;
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
  // Keys met in this batch; earlier batches' keys are in import_keys (memory stays bounded).
  let batchKeys = new Map<string, number>();
  let batch: NumberedRow<unknown>[] = [];
  let batchRows = 0;
  let batchErrors: RowError[] = [];
  // Rows per record (an order's lines are several rows), to count rejected rows exactly.
  let recordRows = new Map<number, number>();
  let group:
    { key: string | undefined; rowNumber: number; records: Record<string, unknown>[]; count: number } | undefined;

  const duplicate = (key: string, first: number): ImportRowError => ({
    column: o.adapter.requiredColumns[0],
    ...problem('duplicate', { value: key.slice(0, 200), row: first }),
  });
  const reject = (rowNumber: number, errors: ImportRowError[]) => {
    for (const e of errors) batchErrors.push({ rowNumber, ...e });
  };

  const commitBatch = async (b: Batch) => {
    await ctx.db.transaction(async (tx) => {
      const earlier = await recordImportKeys(
        tx,
        o.workspaceId,
        o.importId,
        [...b.keys].map(([key, rowNumber]) => ({ key, rowNumber })),
      );
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

  // On PostgreSQL one batch is written while the next is read and validated (the server's work
  // and ours overlap); PGlite's work runs on this thread, so there it only lengthens the time the
  // event loop is held, and each batch is awaited. Never more than one in flight: batches commit in file order, so the
  // progress row's rows_done is always a prefix of the file and a resumed run skips exactly it.
  const overlap = ctx.database?.driver === 'pg';
  let inflight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const settled = async () => {
    await inflight;
    inflight = undefined;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (batchRows === 0) return;
    const b: Batch = { rows: batch, keys: batchKeys, rowCount: batchRows, errors: batchErrors, recordRows };
    batch = [];
    batchKeys = new Map();
    batchRows = 0;
    batchErrors = [];
    recordRows = new Map();
    await settled();
    inflight = commitBatch(b).catch((error: unknown) => {
      failure = { error };
    });
    if (!overlap) await settled();
  };

  const settleGroup = async () => {
    if (!group) return;
    const g = group;
    group = undefined;
    recordRows.set(g.rowNumber, g.count);
    if (g.key !== undefined) {
      const key = g.key.slice(0, 500);
      const seen = batchKeys.get(key);
      if (seen !== undefined) {
        reject(g.rowNumber, [duplicate(g.key, seen)]);
        batchRows += g.count;
        return;
      }
      batchKeys.set(key, g.rowNumber);
    }
    batchRows += g.count;
    const parsed = o.adapter.parse(g.records, { now: ctx.now() });
    if (parsed.ok) batch.push({ rowNumber: g.rowNumber, row: parsed.row });
    else reject(g.rowNumber, parsed.errors);
    if (batchRows >= batchSize) await flush();
  };

  const mapping = o.mapping ?? {};
  const records =
    o.format === 'csv'
      ? csvRecords(o.input, o.adapter, mapping, o.delimiter, summary.warnings)
      : ndjsonRecords(o.input, mapping);
  try {
    for await (const record of records) {
      summary.rowsRead++;
      // Settled by an earlier run (whose keys are already in import_keys).
      if (record.rowNumber <= (o.skipRows ?? 0)) continue;
      const unstorable = 'cells' in record ? unstorableCell(record.cells) : undefined;
      if (unstorable !== undefined) {
        await settleGroup();
        reject(record.rowNumber, [unstorable]);
        batchRows++;
        continue;
      }
      if ('error' in record) {
        await settleGroup();
        reject(record.rowNumber, [record.column ? { column: record.column, ...record.error } : record.error]);
        batchRows++;
        continue;
      }
      const key = o.adapter.keyOf(record.cells);
      if (group && o.adapter.groupConsecutive && key !== undefined && key === group.key) {
        group.records.push(record.cells);
        group.count++;
        continue;
      }
      await settleGroup();
      group = { key, rowNumber: record.rowNumber, records: [record.cells], count: 1 };
    }
    await settleGroup();
    await flush();
    await settled();
    // Statistics as of the whole file, for whatever reads these tables next (the next file's lookups).
    if (summary.rowsCommitted >= analyzeAfter / 10) await analyzeTables(ctx.db, o.adapter.tables);
  } catch (err) {
    // Whatever stopped the run, the batch in flight settles first: its outcome is part of the state.
    await inflight;
    if (!(err instanceof ImportFileError)) throw failure?.error ?? err;
    summary.fatal = err.problem;
  }
  return summary;
}
