// Owns splitting an import's CSV stream into records (arrays of field text), a chunk at a time.
// Machine-written exports rarely quote anything, and csv-parse spent ~3 µs a line building each
// field a character at a time (a sixth of `tenure import`'s CPU on a lines file). So lines are
// taken whole from each chunk and split on the delimiter (natively, by String#split) as long as
// nothing in them needs a CSV parser: no quote, line ends all LF or all CRLF (as csv-parse takes
// the first line end it meets as the only one), no line near the record size cap. From the first
// line that does, the rest of the file goes to csv-parse, so quoting, errors and their line
// numbers are its own, exactly as if it had read the whole file. (src/lib/csv-read.ts does the
// same for the analyst commands, but over a file by path, calling back per record with no pause,
// and failing on a record of another width, which an import reports as a row error instead.)
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export type CsvSplitOptions = { delimiter: string; maxRecordSize: number };

/**
 * The parser's records in order, as many at a time as it has parsed, then its error if any. (Its
 * own async iterator throws as soon as the parser fails and drops records already parsed — the
 * good rows before a broken tail.) Arrays, not one record per step: every step of an async
 * generator costs promises, and with three stages stepping per row that was much of the garbage.
 */
async function* parsedThenError(parser: import('node:stream').Transform): AsyncGenerator<string[][]> {
  let queue: string[][] = [];
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
    if (queue.length) {
      const records = queue;
      queue = [];
      if (parser.isPaused()) parser.resume();
      yield records;
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
 * csv-parse over `first` and then the rest of the stream, from line `lineOffset + 1` of the file:
 * its error messages name the file's line. `recordDelimiter`: the line end already met, which
 * csv-parse would have settled on had it read the file from the start.
 */
async function* parseRest(
  first: Buffer,
  rest: AsyncIterator<unknown>,
  o: CsvSplitOptions & { atStart: boolean; lineOffset: number; recordDelimiter?: string },
): AsyncGenerator<string[][]> {
  const source = Readable.from(
    (async function* () {
      if (first.length) yield first;
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value as Buffer;
    })(),
    { objectMode: false },
  );
  const parser = source.pipe(
    parse({
      bom: o.atStart,
      delimiter: o.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: o.maxRecordSize,
      ...(o.recordDelimiter ? { record_delimiter: o.recordDelimiter } : {}),
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  try {
    yield* parsedThenError(parser);
  } catch (err) {
    if (err instanceof CsvError && o.lineOffset)
      err.message = err.message.replace(
        /(at|on) line (\d+)/,
        (_, w: string, n: string) => `${w} line ${Number(n) + o.lineOffset}`,
      );
    throw err;
  }
}

/** Whether the fast path can split on this delimiter: one ASCII character that is no quote or line end. */
const splittable = (d: string) => d.length === 1 && d.charCodeAt(0) < 0x80 && !['"', '\r', '\n'].includes(d);

/**
 * The file's CSV records, in file order, as many at a time as a chunk of the stream completes
 * (empty lines skipped, a UTF-8 byte-order mark dropped, records of any width). A malformed file
 * throws csv-parse's CsvError after the records before the damage.
 */
export async function* csvRecordValues(input: Readable, o: CsvSplitOptions): AsyncGenerator<string[][]> {
  const chunks: AsyncIterator<unknown> = input[Symbol.asyncIterator]();
  // The longest line taken here: csv-parse counts bytes (and this, the line's bytes) against the cap.
  const longest = o.maxRecordSize >> 1;
  let carry: Buffer | undefined;
  // Nothing taken from the file yet (its byte-order mark not looked at).
  let fresh = true;
  let lines = 0;
  let crlf: boolean | undefined;
  let handedOver = false;
  const handOver = (from: Buffer) => {
    handedOver = true;
    return parseRest(from, chunks, {
      ...o,
      atStart: fresh,
      lineOffset: lines,
      recordDelimiter: crlf === undefined ? undefined : crlf ? '\r\n' : '\n',
    });
  };
  try {
    if (!splittable(o.delimiter)) return yield* handOver(Buffer.alloc(0));
    for (;;) {
      const next = await chunks.next();
      const eof = next.done === true;
      const value = next.value as Buffer | string | undefined;
      let buf = eof ? Buffer.alloc(0) : typeof value === 'string' ? Buffer.from(value) : (value as Buffer);
      if (carry) buf = Buffer.concat([carry, buf]);
      carry = undefined;
      if (fresh) {
        if (!eof && buf.length < 3) {
          carry = buf;
          continue;
        }
        fresh = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      if (crlf === undefined) {
        const cr = buf.indexOf(CR);
        const lf = buf.indexOf(LF);
        // A CR-only file (old spreadsheets), a CR whose next byte is still to come, or a quote before
        // the first line end (which may be inside it): csv-parse decides.
        const quote = buf.indexOf(QUOTE);
        const firstEnd = Math.min(cr < 0 ? buf.length : cr, lf < 0 ? buf.length : lf);
        if ((cr >= 0 && (lf < 0 || cr < lf) && lf !== cr + 1) || (quote >= 0 && quote <= firstEnd))
          return yield* handOver(buf);
        if (lf >= 0) crlf = cr >= 0 && cr === lf - 1;
      }
      // Whole lines, up to the first that needs csv-parse or the end of the chunk.
      let quoteAt = buf.indexOf(QUOTE);
      let crAt = buf.indexOf(CR);
      if (quoteAt < 0) quoteAt = buf.length;
      if (crAt < 0) crAt = buf.length;
      let pos = 0;
      let taken = 0;
      let stop = false;
      while (pos < buf.length) {
        let lf = buf.indexOf(LF, pos);
        if (lf < 0) {
          if (!eof) break;
          lf = buf.length;
        }
        // With CRLF line ends every line but an unterminated last one ends in CR LF, with no other CR.
        const badCr = crlf && lf < buf.length ? crAt !== lf - 1 : crAt < lf;
        if (quoteAt < lf || badCr || lf - pos > longest) {
          stop = true;
          break;
        }
        if (crAt < lf) {
          crAt = buf.indexOf(CR, lf);
          if (crAt < 0) crAt = buf.length;
        }
        taken++;
        pos = lf + 1;
      }
      if (taken) {
        const records: string[][] = [];
        const text = buf.toString('utf8', 0, Math.min(pos, buf.length));
        // Offsets in `text` differ from the bytes' where a line is not ASCII: walk it by its own line ends.
        let at = 0;
        for (let k = 0; k < taken; k++) {
          let nl = text.indexOf('\n', at);
          if (nl < 0) nl = text.length;
          const end = crlf && nl < text.length ? nl - 1 : nl;
          if (end > at) records.push(text.slice(at, end).split(o.delimiter));
          at = nl + 1;
        }
        lines += taken;
        if (records.length) yield records;
      }
      if (stop || (!eof && buf.length - pos > longest)) return yield* handOver(buf.subarray(pos));
      if (eof) return;
      if (pos < buf.length) carry = buf.subarray(pos);
    }
  } finally {
    if (!handedOver) await chunks.return?.();
  }
}
