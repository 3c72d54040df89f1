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
import { mix32 } from './mix32.ts';

const QUOTE = 0x22;
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
};

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

/**
 * Numbers byte strings in order of first sight (open addressing over an arena), so a reader can
 * intern a million customer ids without building a string for every look-up.
 * intern(buf, start, end) returns the number of those bytes, or −(number + 1) when they are new.
 * Exports sorted by id (ORDER BY customer_id) hand the ids over in increasing order: while every
 * new id sorts after the one before — in byte order, or shorter first as unpadded numbers sort —
 * none can be a repeat, so it is compared with the last id only and appended, with no hash and no
 * random memory access (a look-up in a table of a million ids is a cache miss, ~270 ns). The
 * first id out of both orders builds the hash table over the ids so far, and from then on every
 * id is looked up in it.
 */
/** An interner's ids as bytes (see createByteInterner's entries). */
export type InternedIds = {
  arena: Uint8Array;
  offsets: Int32Array;
  /** The increasing orders the ids came in (bytes; length, then bytes), or null. */
  order: { bytes: boolean; lengths: boolean } | null;
};

export function createByteInterner() {
  let mask = (1 << 16) - 1;
  let slots: Int32Array | null = null;
  let hashes = new Int32Array(1 << 15);
  let offsets = new Int32Array((1 << 15) + 1);
  let arena = Buffer.allocUnsafe(1 << 20);
  let count = 0;
  let byteOrder = true;
  let lengthOrder = true;
  const hashOf = (buf: Uint8Array, start: number, end: number) => {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ buf[k], 0x01000193);
    return mix32(h);
  };
  const rehash = () => {
    while (count * 2 > mask) mask = mask * 2 + 1;
    const table = new Int32Array(mask + 1).fill(-1);
    for (let id = 0; id < count; id++) {
      let slot = hashes[id] & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    slots = table;
  };
  /** Whether buf[start, end) sorts after the last id in one of the orders still held (updating them); −1 when equal to it. */
  const afterLast = (buf: Uint8Array, start: number, end: number): number => {
    if (count === 0) return 1;
    const lo = offsets[count - 1];
    const lastLength = offsets[count] - lo;
    const len = end - start;
    const common = len < lastLength ? len : lastLength;
    let k = 0;
    while (k < common && arena[lo + k] === buf[start + k]) k++;
    const bytes = k < common ? buf[start + k] - arena[lo + k] : len - lastLength;
    if (bytes === 0) return -1;
    if (bytes < 0) byteOrder = false;
    if ((len !== lastLength ? len - lastLength : bytes) < 0) lengthOrder = false;
    return byteOrder || lengthOrder ? 1 : 0;
  };
  const append = (buf: Uint8Array, start: number, end: number, h: number) => {
    const len = end - start;
    if (count + 1 === hashes.length) {
      const nh = new Int32Array(hashes.length * 2);
      nh.set(hashes);
      hashes = nh;
      const no = new Int32Array(offsets.length * 2);
      no.set(offsets);
      offsets = no;
    }
    const o = offsets[count];
    if (o + len > arena.length) {
      const na = Buffer.allocUnsafe(Math.max(arena.length * 2, o + len));
      arena.copy(na, 0, 0, o);
      arena = na;
    }
    for (let k = 0; k < len; k++) arena[o + k] = buf[start + k];
    offsets[count + 1] = o + len;
    hashes[count] = h;
    count++;
    return -count;
  };
  return {
    intern(buf: Uint8Array, start: number, end: number): number {
      if (slots === null) {
        const order = afterLast(buf, start, end);
        if (order < 0) return count - 1;
        if (order > 0) return append(buf, start, end, 0);
        for (let id = 0; id < count; id++) hashes[id] = hashOf(arena, offsets[id], offsets[id + 1]);
        rehash();
      }
      const table = slots!;
      const h = hashOf(buf, start, end);
      const len = end - start;
      let slot = h & mask;
      for (let id = table[slot]; id >= 0; id = table[slot]) {
        const o = offsets[id];
        if (hashes[id] === h && offsets[id + 1] - o === len) {
          let k = 0;
          while (k < len && arena[o + k] === buf[start + k]) k++;
          if (k === len) return id;
        }
        slot = (slot + 1) & mask;
      }
      const id = append(buf, start, end, h);
      table[slot] = count - 1;
      if (count * 2 > mask) rehash();
      return id;
    },
    get size() {
      return count;
    },
    /** Whether every id so far came in increasing order (no hash table built): each was new when first seen, and never repeated. */
    get inOrder() {
      return slots === null;
    },
    /**
     * The bytes of every id, id k at arena[offsets[k], offsets[k + 1]) (views, not copies), and the
     * increasing orders the ids came in (null once they did not: see inOrder).
     */
    entries(): InternedIds {
      return {
        arena: arena.subarray(0, offsets[count]),
        offsets: offsets.subarray(0, count + 1),
        order: slots === null ? { bytes: byteOrder, lengths: lengthOrder } : null,
      };
    },
    /**
     * Appends ids from..end of another interner's entries at once when they are sure to be new:
     * both sets came in one increasing order and other's id `from` sorts after this one's last in
     * it (so all of them do). False, appending nothing, otherwise: intern them one by one.
     */
    appendAfter(other: InternedIds, from: number): boolean {
      const total = other.offsets.length - 1 - from;
      if (total <= 0) return true;
      if (slots !== null || other.order === null) return false;
      let bytesOk = byteOrder && other.order.bytes;
      let lengthsOk = lengthOrder && other.order.lengths;
      const start = other.offsets[from];
      if (count > 0) {
        const len = other.offsets[from + 1] - start;
        const lo = offsets[count - 1];
        const lastLength = offsets[count] - lo;
        const common = len < lastLength ? len : lastLength;
        let k = 0;
        while (k < common && arena[lo + k] === other.arena[start + k]) k++;
        const bytes = k < common ? other.arena[start + k] - arena[lo + k] : len - lastLength;
        bytesOk &&= bytes > 0;
        lengthsOk &&= (len !== lastLength ? len - lastLength : bytes) > 0;
      }
      if (!bytesOk && !lengthsOk) return false;
      byteOrder = bytesOk;
      lengthOrder = lengthsOk;
      const size = other.offsets[from + total] - start;
      const o = offsets[count];
      if (count + total + 1 > hashes.length) {
        const capacity = 1 << Math.ceil(Math.log2(count + total + 2));
        const nh = new Int32Array(capacity);
        nh.set(hashes.subarray(0, count));
        hashes = nh; // no hashes while in order: rehash computes them if a table is ever built
        const no = new Int32Array(capacity + 1);
        no.set(offsets.subarray(0, count + 1));
        offsets = no;
      }
      if (o + size > arena.length) {
        const na = Buffer.allocUnsafe(Math.max(arena.length * 2, o + size));
        arena.copy(na, 0, 0, o);
        arena = na;
      }
      arena.set(other.arena.subarray(start, start + size), o);
      for (let k = 1; k <= total; k++) offsets[count + k] = o + other.offsets[from + k] - start;
      count += total;
      return true;
    },
  };
}
