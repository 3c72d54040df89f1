// Owns reading a large CSV file fast, record by record, as byte ranges (no per-field strings).
// Why not csv-parse alone: on a 4M-row, 112 MB transaction log csv-parse by itself takes 4–10 s
// (it builds a string per field and runs a state machine per character in JavaScript), which
// made reading most of `tenure clv`'s run. Machine-written exports rarely quote anything, so
// lines without a quote character take a fast path: the file is read in 8 MB chunks and each
// line is split on the delimiter byte, handing the caller the field offsets. Any run of lines
// containing a quote (quoted fields, escaped quotes, line breaks inside quotes) is parsed by
// csv-parse, so quoting follows the one CSV parser the project uses; the caller sees the same
// shape either way. Also handled here, as csv-parse's options did: a UTF-8 BOM, CRLF or
// CR-only line ends, empty lines skipped, every record as wide as the first, a record size cap.
import fs from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

const QUOTE = 0x22;
// How many bytes a lines handler is given a call: a call over a whole 8 MB chunk had its loop
// optimised mid-way (on-stack replacement), before the code after the loop had run, and that code
// then left the optimised loop at the end of every call; short calls are optimised whole.
const lineSpan = 16 << 10;
const LF = 0x0a;
const CR = 0x0d;

/** Fields of one record: field k is buf[starts[k], ends[k]); line is the record's first line (1-based). */
export type CsvRecordHandler = (buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number) => void;

export type CsvReadOptions = {
  /** One ASCII character other than a quote or a line break. */
  delimiter: string;
  /** Longest record accepted, in bytes (default 1,000,000). */
  maxRecordSize?: number;
  chunkSize?: number;
  /** Read only the bytes [start, end) of the file; start must begin a record (default: the whole file). */
  start?: number;
  end?: number;
  /** The line number of the first line read (default 1), for a range that starts past the first line. */
  firstLine?: number;
  /** Whether lines end in CR alone, when decided elsewhere (default: from the first bytes read; see crOnlyLineEnds). */
  crOnly?: boolean;
  /** How many fields every record has, when the header was read elsewhere (default: the first record's). */
  width?: number;
  /**
   * A reader that knows the records' layout and takes whole lines faster than record by record
   * (see CsvLineCursor), given a chance before each line the fast path would split; only for LF
   * line ends.
   */
  lines?: (buf: Buffer, cursor: CsvLineCursor) => void;
};

/**
 * Where a lines handler (CsvReadOptions' `lines`) starts and how far it may go: it takes whole
 * lines from `at` on, ending each before `to` (no line it may take has a quote in it, or runs past
 * the bytes read so far), none longer than `maxLength`, fields split on the byte `delimiter`; it
 * moves `at` past each line and adds one to `line` for each. It stops at the first line it cannot
 * take as a record exactly as the record path would (an empty line, a field it does not
 * recognise, an error), which the record path then takes.
 */
export type CsvLineCursor = { at: number; line: number; to: number; maxLength: number; delimiter: number };

/** What a read saw: the lines it went through, and whether any record needed the quoted path. */
export type CsvReadSummary = { lines: number; quoted: boolean };

/** The text of field k (UTF-8). */
export const csvField = (buf: Buffer, starts: Int32Array, ends: Int32Array, k: number) =>
  buf.toString('utf8', starts[k], ends[k]);

/** Whether text from `from` on has CR-only line ends (old spreadsheet exports): a CR before any LF and not followed by one. */
export function crOnlyLineEnds(text: Buffer, from: number): boolean {
  const cr = text.indexOf(CR, from);
  const lf = text.indexOf(LF, from);
  return cr >= 0 && (lf < 0 || cr < lf) && text[cr + 1] !== LF && cr + 1 < text.length;
}

/** Calls onRecord for every record of the file in order; errors thrown by onRecord stop the read and propagate. */
export async function readCsvRecords(
  file: string,
  options: CsvReadOptions,
  onRecord: CsvRecordHandler,
): Promise<CsvReadSummary> {
  const delim = options.delimiter.charCodeAt(0);
  if (options.delimiter.length !== 1 || delim > 0x7f || delim === QUOTE || delim === LF || delim === CR) {
    throw new Error(
      `the delimiter must be one ASCII character other than a quote or a line break, got ${JSON.stringify(options.delimiter)}`,
    );
  }
  const maxRecordSize = options.maxRecordSize ?? 1_000_000;
  const buf = Buffer.allocUnsafe(Math.max(options.chunkSize ?? 1 << 23, maxRecordSize + 2));
  let starts = new Int32Array(64);
  let ends = new Int32Array(64);
  let width = options.width ?? -1;
  const firstLine = options.firstLine ?? 1;
  let line = firstLine;
  let quoted = false;
  let position = options.start ?? 0;
  const end = options.end ?? Infinity;
  let eol = LF;
  let filled = 0;
  let pos = 0;
  let eof = false;
  let firstRead = true;
  const lines = options.lines;
  const cursor: CsvLineCursor = { at: 0, line: 0, to: 0, maxLength: maxRecordSize, delimiter: delim };

  const tooLong = () =>
    new Error(`Max Record Size: a record is longer than ${maxRecordSize.toLocaleString('en')} bytes at line ${line}`);
  const emit = (b: Buffer, count: number, at: number) => {
    if (width < 0) width = count;
    else if (count !== width) throw new Error(`Invalid Record Length: expect ${width}, got ${count} on line ${at}`);
    onRecord(b, starts, ends, count, at);
  };
  const grow = () => {
    const s = new Int32Array(starts.length * 2);
    const e = new Int32Array(ends.length * 2);
    s.set(starts);
    e.set(ends);
    starts = s;
    ends = e;
  };

  // Records from `from` to `to` (whole lines, some containing quotes) through csv-parse; `lines` line ends among them.
  let scratch = Buffer.allocUnsafe(1024);
  // The first line of each non-empty record of a quoted run, found while scanning it.
  const recordLines: number[] = [];
  const parseRun = (from: number, to: number, lines: number) => {
    const runLine = line;
    quoted = true;
    let records: string[][];
    try {
      records = parse(buf.toString('utf8', from, to), {
        delimiter: options.delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: maxRecordSize,
      }) as string[][];
    } catch (err) {
      const at = (err as { lines?: number }).lines;
      throw typeof at === 'number'
        ? new Error((err as Error).message.replace(/at line \d+/, `at line ${runLine + at - 1}`))
        : err;
    }
    if (records.length !== recordLines.length) throw new Error(`CSV records out of step at line ${runLine}`);
    for (let r = 0; r < records.length; r++) {
      const record = records[r];
      let size = 0;
      for (const f of record) size += Buffer.byteLength(f);
      if (size > scratch.length) scratch = Buffer.allocUnsafe(size * 2);
      while (record.length > starts.length) grow();
      let off = 0;
      for (let k = 0; k < record.length; k++) {
        starts[k] = off;
        off += scratch.write(record[k], off);
        ends[k] = off;
      }
      emit(scratch, record.length, recordLines[r]);
    }
    line = runLine + lines;
  };

  const fh = await fs.open(file, 'r');
  try {
    for (;;) {
      if (pos > 0) {
        buf.copy(buf, 0, pos, filled);
        filled -= pos;
        pos = 0;
      }
      if (filled === buf.length) throw tooLong();
      const want = Math.min(buf.length - filled, end - position);
      const { bytesRead } = want > 0 ? await fh.read(buf, filled, want, position) : { bytesRead: 0 };
      filled += bytesRead;
      position += bytesRead;
      eof = bytesRead === 0;
      if (firstRead) {
        firstRead = false;
        if ((options.start ?? 0) === 0 && filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
        const crOnly = options.crOnly ?? crOnlyLineEnds(buf.subarray(0, filled), pos);
        if (crOnly) eol = CR;
      }
      let quoteAt = buf.subarray(0, filled).indexOf(QUOTE, pos);
      if (quoteAt < 0) quoteAt = filled;
      while (pos < filled) {
        if (quoteAt < pos) {
          quoteAt = buf.subarray(0, filled).indexOf(QUOTE, pos);
          if (quoteAt < 0) quoteAt = filled;
        }
        if (lines && eol === LF && quoteAt > pos) {
          cursor.at = pos;
          cursor.line = line;
          cursor.to = Math.min(quoteAt, pos + lineSpan);
          lines(buf, cursor);
          line = cursor.line;
          // Not one line taken: this one goes the record path's way (then the handler tries the next).
          if (cursor.at > pos) {
            pos = cursor.at;
            continue;
          }
        }
        // Fast path: split the line on the delimiter byte.
        let count = 0;
        let s = pos;
        let i = pos;
        for (; i < filled; i++) {
          const b = buf[i];
          if (b === delim) {
            if (count === starts.length) grow();
            starts[count] = s;
            ends[count++] = i;
            s = i + 1;
          } else if (b === eol) break;
        }
        if (i === filled && !eof) break; // an incomplete line: read more
        if (i - pos > maxRecordSize) throw tooLong();
        if (quoteAt < i) {
          // A run of lines with quotes, up to the first record boundary followed by a line without any.
          let odd = false;
          let lineHasQuote = false;
          let lineStart = pos;
          let recordStart = pos;
          let runEnd = -1;
          let runLines = 0;
          let runRecords = 0;
          let lines = 0;
          let j = pos;
          recordLines.length = 0;
          // A record is empty when it is only a line end (CR LF or the line-end byte).
          const nonEmpty = (end: number) =>
            end > recordStart && !(eol === LF && end === recordStart + 1 && buf[recordStart] === CR);
          for (; j < filled; j++) {
            const b = buf[j];
            if (b === QUOTE) {
              odd = !odd;
              lineHasQuote = true;
            } else if (b === eol) {
              lines++;
              if (odd) continue;
              if (!lineHasQuote) {
                runEnd = lineStart;
                runLines = lines - 1;
                break;
              }
              if (nonEmpty(j)) recordLines.push(line + runLines);
              lineStart = j + 1;
              recordStart = lineStart;
              runEnd = lineStart;
              runLines = lines;
              runRecords = recordLines.length;
              lineHasQuote = false;
            }
          }
          if (j === filled) {
            if (eof) {
              if (nonEmpty(filled)) recordLines.push(line + runLines);
              runEnd = filled;
              runLines = lines;
            } else if (runEnd < 0) {
              if (filled - pos > maxRecordSize) throw tooLong();
              break; // the record goes on in the next chunk
            } else recordLines.length = runRecords;
          }
          parseRun(pos, runEnd, runLines);
          pos = runEnd;
          continue;
        }
        let last = i;
        if (eol === LF && i > s && buf[i - 1] === CR) last = i - 1;
        if (count === 0 && last === s) {
          // An empty line.
        } else {
          if (count === starts.length) grow();
          starts[count] = s;
          ends[count++] = last;
          emit(buf, count, line);
        }
        line++;
        pos = i + 1;
      }
      if (eof) break;
    }
  } finally {
    await fh.close();
  }
  return { lines: line - firstLine, quoted };
}
