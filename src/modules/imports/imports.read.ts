// Owns reading an import's file: stream it (CSV or NDJSON) with constant memory, rename columns,
// check the header once, number the rows, group consecutive rows of one record and validate each
// record through the adapter's pure `parse`. What comes out is a sequence of settled records, in
// file order and in chunks, with nothing written: the engine (imports.engine.ts) batches and
// commits them. Pure of the database, so it also runs in a worker thread (workflows/import-read.ts).
import type { Readable } from 'node:stream';
import { CsvError } from 'csv-parse';
import { type Problem, problem } from '../../lib/problems.ts';
import { unstorableFields, unstorableProblem } from '../../lib/text.ts';
import type { ImportAdapter, ImportRowError, ParsedRow } from './imports.adapter.ts';
import { csvRecordValues } from './imports.csv.ts';

/** The file as a whole cannot be imported (no header, missing columns…); nothing was written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

type RawRecord =
  { rowNumber: number; cells: Record<string, unknown> } | { rowNumber: number; error: Problem; column?: string };

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
  // for…in, not Object.entries: this runs on every row, and the pairs were garbage (~2 % of a lines import's CPU).
  for (const column in cells) {
    const value = cells[column];
    const bad = typeof value === 'string' ? unstorableProblem(value) : undefined;
    if (bad) return { column, ...bad };
  }
  return undefined;
}

async function* csvRecords(
  input: Readable,
  adapter: Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns'>,
  mapping: Record<string, string>,
  delimiter: string | undefined,
  warnings: Problem[],
): AsyncGenerator<RawRecord[]> {
  let header: string[] | undefined;
  let rowNumber = 0;
  try {
    for await (const parsed of csvRecordValues(input, { delimiter: delimiter ?? ',', maxRecordSize: 1_000_000 })) {
      const records: RawRecord[] = [];
      // Indexed loops over each chunk (here and in readItems): for…of in these generators made an
      // iterator result object per record.
      for (let r = 0; r < parsed.length; r++) {
        const values = parsed[r];
        if (!header) {
          const checked = checkHeader(adapter, values, mapping);
          header = checked.header;
          warnings.push(...checked.warnings);
          continue;
        }
        rowNumber++;
        if (values.length !== header.length) {
          records.push({
            rowNumber,
            error: problem('column_count', { values: values.length, columns: header.length }),
          });
          continue;
        }
        const cells: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) cells[header[i]] = values[i];
        records.push({ rowNumber, cells });
      }
      yield records;
    }
  } catch (err) {
    // Only the parser's own verdict is about the file. Anything else — the stored chunks of an
    // upload unreadable because the database went away — fails the run (retried), never reads
    // as a bad row that ends the file early.
    if (!(err instanceof CsvError)) throw err;
    // A malformed tail (an unterminated quote, a truncated file) ends the file at that row.
    yield [
      {
        rowNumber: rowNumber + 1,
        error: problem('unreadable', {
          reason: (err as Error).message.replace(/^Invalid Record Length: |\s*\(.*$/g, ''),
        }),
      },
    ];
    return;
  }
  if (!header) throw new ImportFileError(problem('no_header'));
}

/** The longest NDJSON line read, in characters (CSV records have the same bound in csv-parse). */
export const maxNdjsonLine = 1_000_000;

/**
 * The lines of a stream, those each chunk completes at a time (split at CR or LF; the empty line
 * a CRLF leaves is skipped by the caller), a line longer than `max` answered as `undefined`
 * without ever being held whole: `tenure import` runs with a capped heap, and one huge line must
 * be a row error, not a crash.
 */
async function* boundedLines(input: Readable, max: number): AsyncGenerator<(string | undefined)[]> {
  const decoder = new TextDecoder();
  let pending = '';
  let overflow = false;
  for await (const chunk of input) {
    const text = pending + decoder.decode(chunk as Buffer, { stream: true });
    const lines: (string | undefined)[] = [];
    let start = 0;
    for (const m of text.matchAll(/[\r\n]/g)) {
      const line = text.slice(start, m.index);
      lines.push(overflow || line.length > max ? undefined : line);
      overflow = false;
      start = m.index + 1;
    }
    pending = text.slice(start);
    if (pending.length > max) {
      overflow = true;
      pending = '';
    }
    if (lines.length) yield lines;
  }
  pending += decoder.decode();
  if (overflow || pending) yield [overflow || pending.length > max ? undefined : pending];
}

async function* ndjsonRecords(input: Readable, mapping: Record<string, string>): AsyncGenerator<RawRecord[]> {
  let rowNumber = 0;
  for await (const lines of boundedLines(input, maxNdjsonLine)) {
    const records: RawRecord[] = [];
    for (const line of lines) {
      if (line === undefined) {
        rowNumber++;
        records.push({ rowNumber, error: problem('line_too_long', { max: maxNdjsonLine }) });
        continue;
      }
      const trimmed = line.replace(/^\uFEFF/, '').trim();
      if (!trimmed) continue;
      rowNumber++;
      records.push(ndjsonRecord(rowNumber, trimmed, mapping));
    }
    yield records;
  }
  if (rowNumber === 0) throw new ImportFileError(problem('empty_file'));
}

function ndjsonRecord(rowNumber: number, line: string, mapping: Record<string, string>): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { rowNumber, error: problem('invalid_json') };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { rowNumber, error: problem('not_an_object') };
  // Nested values reach the adapters as JSON text, whose escapes would hide a NUL: look inside first.
  const [bad] = unstorableFields(value);
  if (bad) {
    const column = bad.path.split('.')[0];
    return { rowNumber, column: mapping[column] ?? column, error: { ...bad, code: bad.code ?? 'invalid' } };
  }
  const cells: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    cells[mapping[k] ?? k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  return { rowNumber, cells };
}

/**
 * One settled record: a group of rows (one or more, `count`) with its key and the adapter's
 * verdict, or a row refused before it reached the adapter (unreadable, unstorable text).
 */
export type ReadItem =
  | { rowNumber: number; count: number; key: string | undefined; parsed: ParsedRow<unknown> }
  | { rowNumber: number; errors: ImportRowError[] };
/** Records read since the previous chunk (skipped ones included), and the items they settled. */
export type ReadChunk = { read: number; items: ReadItem[] };

export type ReadOptions = {
  adapter: Pick<ImportAdapter<unknown>, 'requiredColumns' | 'knownColumns' | 'keyOf' | 'groupConsecutive' | 'parse'>;
  format: 'csv' | 'ndjson';
  mapping?: Record<string, string>;
  delimiter?: string;
  /** Rows already settled by an earlier run: read and skipped. */
  skipRows?: number;
  /** The import's clock, read once per record. */
  now: () => Date;
  /** Header warnings are pushed here as soon as the header is read. */
  warnings: Problem[];
  chunkSize?: number;
};

/** The file's records, settled, in chunks of up to `chunkSize` items; a file-level problem is thrown as ImportFileError. */
export async function* readItems(input: Readable, o: ReadOptions): AsyncGenerator<ReadChunk> {
  const mapping = o.mapping ?? {};
  const skipRows = o.skipRows ?? 0;
  const chunkSize = o.chunkSize ?? 1000;
  let chunk: ReadChunk = { read: 0, items: [] };
  let group: { key: string | undefined; rowNumber: number; records: Record<string, unknown>[] } | undefined;
  const settle = () => {
    if (!group) return;
    const { key, rowNumber, records } = group;
    group = undefined;
    chunk.items.push({ rowNumber, count: records.length, key, parsed: o.adapter.parse(records, { now: o.now() }) });
  };
  const records =
    o.format === 'csv' ? csvRecords(input, o.adapter, mapping, o.delimiter, o.warnings) : ndjsonRecords(input, mapping);
  try {
    for await (const batch of records) {
      for (let r = 0; r < batch.length; r++) {
        const record = batch[r];
        chunk.read++;
        if (record.rowNumber <= skipRows) continue;
        const unstorable = 'cells' in record ? unstorableCell(record.cells) : undefined;
        if ('error' in record || unstorable) {
          settle();
          const error =
            'error' in record ? { ...(record.column ? { column: record.column } : {}), ...record.error } : unstorable;
          chunk.items.push({ rowNumber: record.rowNumber, errors: [error as ImportRowError] });
        } else {
          const key = o.adapter.keyOf(record.cells);
          if (group && o.adapter.groupConsecutive && key !== undefined && key === group.key) {
            group.records.push(record.cells);
            continue;
          }
          settle();
          group = { key, rowNumber: record.rowNumber, records: [record.cells] };
        }
        if (chunk.items.length >= chunkSize) {
          yield chunk;
          chunk = { read: 0, items: [] };
        }
      }
    }
    settle();
  } catch (err) {
    // What was read before the failure still counts (and its rows settle) as it did row by row.
    if (chunk.read || chunk.items.length) yield chunk;
    throw err;
  }
  if (chunk.read || chunk.items.length) yield chunk;
}
