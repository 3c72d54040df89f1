// Owns running an import: stream the file (CSV or NDJSON) with constant memory, rename
// columns, check the header once, number the rows, validate each through the domain's
// adapter, and commit valid rows in batches. Each batch, its progress and its row errors
// commit in ONE transaction, so an import killed half-way resumes exactly where it stopped.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Db } from '../../db/client.ts';
import type { ImportAdapter, ImportRowError, NumberedRow } from './imports.adapter.ts';
import { addProgress, insertImportErrors } from './imports.repository.ts';

export type RowError = ImportRowError & { rowNumber: number };
export type ImportSummary = { rowsRead: number; rowsCommitted: number; rowsRejected: number; errors: RowError[]; warnings: string[]; fatal?: string };
export type ImportProgress = { rowsRead: number; rowsCommitted: number; rowsRejected: number };

export class ImportFileError extends Error {
  override name = 'ImportFileError';
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
  /** Test hook: exit the process after this many committed batches (simulates a crash). */
  exitAfterBatches?: number;
};

type RawRecord = { rowNumber: number; cells: Record<string, unknown> } | { rowNumber: number; error: string };

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

async function* csvRecords(input: Readable, adapter: ImportAdapter<unknown>, mapping: Record<string, string>, delimiter: string | undefined, warnings: string[]): AsyncGenerator<RawRecord> {
  const parser = input.pipe(parse({ bom: true, delimiter: delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, trim: false, max_record_size: 1_000_000 }));
  input.on('error', (err) => parser.destroy(err));
  let header: string[] | undefined;
  let rowNumber = 0;
  try {
    for await (const values of parsedThenError(parser)) {
      if (!header) {
        header = values.map((h) => mapping[h.trim()] ?? h.trim());
        const missing = adapter.requiredColumns.filter((c) => !header?.includes(c));
        if (missing.length) {
          const one = header.length === 1 ? header[0] : '';
          const hint = one.includes(';') ? ' The file looks semicolon-separated: use --delimiter ";".' : one.includes('\t') ? ' The file looks tab-separated: use --delimiter tab.' : '';
          throw new ImportFileError(`Missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Columns found: ${header.join(', ') || '(none)'}.${hint} Rename columns with --map source=target.`);
        }
        const unknown = header.filter((h) => !adapter.knownColumns.includes(h) && !h.startsWith('cf_'));
        if (unknown.length) warnings.push(`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
        const dupes = header.filter((h, i) => header?.indexOf(h) !== i);
        if (dupes.length) throw new ImportFileError(`Column${dupes.length > 1 ? 's' : ''} named twice: ${[...new Set(dupes)].join(', ')}`);
        continue;
      }
      rowNumber++;
      if (values.length !== header.length) {
        yield { rowNumber, error: `has ${values.length} values but the header has ${header.length} columns` };
        continue;
      }
      const cells: Record<string, unknown> = {};
      header.forEach((h, i) => {
        cells[h] = values[i];
      });
      yield { rowNumber, cells };
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    // A malformed tail (an unterminated quote, a truncated file) ends the file at that row.
    yield { rowNumber: rowNumber + 1, error: `could not be read: ${(err as Error).message.replace(/^Invalid Record Length: |\s*\(.*$/g, '')}` };
    return;
  }
  if (!header) throw new ImportFileError('The file is empty: no header row');
}

async function* ndjsonRecords(input: Readable, mapping: Record<string, string>): AsyncGenerator<RawRecord> {
  let rowNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const trimmed = line.replace(/^\uFEFF/, '').trim();
    if (!trimmed) continue;
    rowNumber++;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { rowNumber, error: 'is not valid JSON' };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { rowNumber, error: 'must be a JSON object' };
      continue;
    }
    const cells: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) cells[mapping[k] ?? k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    yield { rowNumber, cells };
  }
  if (rowNumber === 0) throw new ImportFileError('The file is empty');
}

export async function runImport(ctx: { db: Db; now: () => Date }, o: RunImportOptions): Promise<ImportSummary> {
  const batchSize = o.batchSize ?? 1000;
  const keep = o.keepErrors ?? 1000;
  const summary: ImportSummary = { rowsRead: 0, rowsCommitted: 0, rowsRejected: 0, errors: [], warnings: [] };
  const firstSeen = new Map<string, number>();
  let batch: NumberedRow<unknown>[] = [];
  let batchRows = 0;
  let batchErrors: RowError[] = [];
  // Rows per record (an order's lines are several rows), to count rejected rows exactly.
  let recordRows = new Map<number, number>();
  let batches = 0;
  let group: { key: string | undefined; rowNumber: number; records: Record<string, unknown>[]; count: number } | undefined;

  const reject = (rowNumber: number, errors: ImportRowError[]) => {
    for (const e of errors) batchErrors.push({ rowNumber, ...e });
  };

  const flush = async () => {
    if (batchRows === 0) return;
    await ctx.db.transaction(async (tx) => {
      const refused = batch.length ? await o.adapter.commit(tx, { workspaceId: o.workspaceId, now: ctx.now(), currency: o.currency }, batch) : new Map<number, ImportRowError[]>();
      for (const [rowNumber, errors] of refused) reject(rowNumber, errors);
      const rejectedRows = [...new Set(batchErrors.map((e) => e.rowNumber))].reduce((n, row) => n + (recordRows.get(row) ?? 1), 0);
      await insertImportErrors(tx, batchErrors.map((e) => ({ workspaceId: o.workspaceId, importId: o.importId, rowNumber: e.rowNumber, column: e.column ?? null, message: e.message })));
      await addProgress(tx, o.workspaceId, o.importId, { done: batchRows, committed: batchRows - rejectedRows, errors: batchErrors.length });
      summary.rowsCommitted += batchRows - rejectedRows;
      summary.rowsRejected += rejectedRows;
    });
    for (const e of batchErrors) if (summary.errors.length < keep) summary.errors.push(e);
    batch = [];
    batchRows = 0;
    batchErrors = [];
    recordRows = new Map();
    batches++;
    o.onProgress?.({ rowsRead: summary.rowsRead, rowsCommitted: summary.rowsCommitted, rowsRejected: summary.rowsRejected });
    if (o.exitAfterBatches && batches >= o.exitAfterBatches) process.exit(137);
  };

  const settleGroup = async () => {
    if (!group) return;
    const g = group;
    group = undefined;
    recordRows.set(g.rowNumber, g.count);
    if (g.key !== undefined) {
      const seen = firstSeen.get(g.key);
      if (seen !== undefined) {
        reject(g.rowNumber, [{ column: o.adapter.requiredColumns[0], message: `duplicate "${g.key}", first seen at row ${seen}` }]);
        batchRows += g.count;
        return;
      }
      firstSeen.set(g.key, g.rowNumber);
    }
    batchRows += g.count;
    const parsed = o.adapter.parse(g.records);
    if (parsed.ok) batch.push({ rowNumber: g.rowNumber, row: parsed.row });
    else reject(g.rowNumber, parsed.errors);
    if (batchRows >= batchSize) await flush();
  };

  const mapping = o.mapping ?? {};
  const records = o.format === 'csv' ? csvRecords(o.input, o.adapter, mapping, o.delimiter, summary.warnings) : ndjsonRecords(o.input, mapping);
  try {
    for await (const record of records) {
      summary.rowsRead++;
      if (record.rowNumber <= (o.skipRows ?? 0)) continue;
      if ('error' in record) {
        await settleGroup();
        reject(record.rowNumber, [{ message: `row ${record.error}` }]);
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
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    summary.fatal = err.message;
  }
  return summary;
}
