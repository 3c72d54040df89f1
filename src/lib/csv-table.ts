// Owns reading a whole CSV file with a header into text columns, for the analyst commands whose
// files are tables of one row per customer or contract (tenure churn, survival, retention).
// Records come from lib/csv-read (the one CSV reader: its fast path, csv-parse for quoted runs,
// BOM, CRLF, ragged-record and record-size checks); this keeps the chosen columns as strings and
// each row's file line, so later errors can name it. Bad files are 422 AppErrors (exit 65).
import fs from 'node:fs';
import { AppError } from '../errors.ts';
import { csvField, readCsvRecords } from './csv-read.ts';

export type CsvTable = {
  header: string[];
  /** The kept columns' cells, trimmed of nothing: what the file says. */
  columns: Map<string, string[]>;
  rows: number;
  /** The file line each row starts on. */
  lines: Int32Array;
};

export type CsvTableOptions = {
  delimiter: string;
  /** Given the header, the columns to keep (default all); may throw to refuse the file. */
  keep?: (header: string[]) => readonly string[];
};

const invalid = (message: string) => new AppError('validation_failed', message);

export async function readCsvTable(file: string, options: CsvTableOptions): Promise<CsvTable> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw invalid(`No such file: ${file}`);
  let header: string[] | null = null;
  let kept: { name: string; index: number; cells: string[] }[] = [];
  const lines: number[] = [];
  try {
    await readCsvRecords(
      file,
      { delimiter: options.delimiter, maxRecordSize: 1_000_000 },
      (buf, starts, ends, count, line) => {
        if (!header) {
          header = Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k).trim());
          const seen = new Set<string>();
          for (const name of header) {
            if (seen.has(name)) throw invalid(`the header names column ${JSON.stringify(name)} twice`);
            seen.add(name);
          }
          const names = options.keep ? options.keep(header) : header;
          kept = names.map((name) => ({ name, index: header!.indexOf(name), cells: [] }));
          return;
        }
        for (const c of kept) c.cells.push(csvField(buf, starts, ends, c.index));
        lines.push(line);
      },
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!header) throw invalid(`${file} is empty (expected a header line and rows)`);
  if (lines.length === 0) throw invalid(`${file} has a header but no rows`);
  return {
    header,
    columns: new Map(kept.map((c) => [c.name, c.cells])),
    rows: lines.length,
    lines: Int32Array.from(lines),
  };
}

/** The index of a named column in a header, or an error listing the columns there are. */
export function requireColumn(header: readonly string[], name: string, flag: string): number {
  const i = header.indexOf(name);
  if (i >= 0) return i;
  const hint =
    header.length === 1 && /[;\t|]/.test(header[0])
      ? ' (the file looks like it uses another delimiter: try --delimiter)'
      : '';
  throw invalid(
    `Column "${name}" (${flag}) is not in the header. Columns found: ${header.join(', ') || '(none)'}${hint}`,
  );
}
