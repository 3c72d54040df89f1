// Owns reading a CSV transaction log (customer, date, optional amount) into a columnar log with
// interned customer ids, for `tenure clv` and the benchmarks. The bytes are parsed straight into
// typed arrays (lib/csv-read hands records over as byte ranges; ids are interned from their bytes,
// made strings only when the log's customerIds is first read). A large file is read in two halves
// at once: this thread reads the first half while a worker thread reads the second into columns
// of its own, whose ids are then numbered after the first half's in order of first sight — the
// same log, row for row and id for id, as one sequential read. Whenever the halves cannot be
// trusted to split at a record boundary (a quoted field in the first half, CR-only line ends, a
// quoted header) or the worker fails for any reason, the plain sequential read gives the answer,
// so errors name the same line either way.
import fs from 'node:fs';
import { AppError } from '../../errors.ts';
import { createByteInterner } from '../../lib/byte-interner.ts';
import { crOnlyLineEnds, type CsvLineCursor, csvField, readCsvRecords } from '../../lib/csv-read.ts';
import { requireColumn } from '../../lib/csv-table.ts';
import { startWorker } from '../../lib/worker-entry.ts';
import { createTransactionParser, inputError, type TransactionColumns } from './analytics.clv-parse.ts';
import { createLogBuilder, type TransactionLog } from './models/summary.ts';

export type TransactionCsvOptions = { customerCol: string; dateCol: string; amountCol?: string; delimiter: string };
export type TransactionCsv = TransactionLog & { firstDay: number; lastDay: number; readInParallel: boolean };

/** The interned customer ids as strings, in the order they were numbered (made only when something reads them). */
export function idStrings(ids: ReturnType<typeof createByteInterner>): string[] {
  const { arena, offsets } = ids.entries();
  const bytes = Buffer.from(arena.buffer, arena.byteOffset, arena.length);
  return Array.from({ length: offsets.length - 1 }, (_, k) => bytes.toString('utf8', offsets[k], offsets[k + 1]));
}

const maxRecordSize = 1_000_000;
// How much more this thread reads than the worker (see planHalves).
const workerLag = 4 << 20;
// Below this a second thread costs more to start than it saves.
const parallelFrom = 16 << 20;

/** The columns of the options in a header (a 422 naming the flag when one is missing). */
export function transactionColumns(header: string[], o: TransactionCsvOptions): TransactionColumns {
  const find = (name: string | undefined, flag: string) =>
    name === undefined ? -1 : requireColumn(header, name, flag);
  return {
    customer: find(o.customerCol, '--customer-col'),
    date: find(o.dateCol, '--date-col'),
    amount: find(o.amountCol, '--amount-col'),
  };
}

/** What the worker sends back: its half's columns, with customers numbered by its own interner. */
export type HalfLog = {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array | null;
  /** Id k's bytes are arena[offsets[k], offsets[k + 1]). */
  arena: Uint8Array;
  offsets: Int32Array;
  firstDay: number;
  lastDay: number;
};

export type HalfRead = {
  file: string;
  start: number;
  end: number;
  columns: TransactionColumns;
  width: number;
  delimiter: string;
  amounts: boolean;
  /** Summarise the half instead of returning its rows (analytics.clv-summary-read.ts). */
  summary?: { calibrationEnd: number; periodDays: number };
};

/** Reads bytes [start, end) of the file as data records (the worker's job; see analytics.clv-read.worker.ts). */
export async function readHalf(h: HalfRead): Promise<HalfLog> {
  const builder = createLogBuilder({ amounts: h.amounts, expectedRows: (h.end - h.start) / 24 });
  const ids = createByteInterner();
  const days = await parseHalf(h, ids, builder.addRow);
  const log = builder.build();
  const { arena, offsets } = ids.entries();
  return { customer: log.customer, day: log.day, amount: log.amount, arena, offsets, ...days };
}

/**
 * Parses the data records in bytes [start, end) of the file into rows, customers numbered from 0
 * in order of first sight (their ids interned into `ids`); answers the days' range.
 */
export async function parseHalf(
  h: HalfRead,
  ids: ReturnType<typeof createByteInterner>,
  addRow: (customer: number, day: number, amount: number) => void,
) {
  let count = 0;
  const parser = createTransactionParser(h.columns, h.width, ids, () => count++, addRow);
  await readCsvRecords(
    h.file,
    {
      delimiter: h.delimiter,
      maxRecordSize,
      start: h.start,
      end: h.end,
      width: h.width,
      crOnly: false,
      lines: parser.lines,
    },
    (buf, starts, ends, _count, line) => parser.record(buf, starts, ends, line),
  );
  return parser.state;
}

/** Where to cut the file for two readers, with the header's columns; null when it cannot be cut safely. */
export function planHalves(file: string, size: number, o: TransactionCsvOptions): Omit<HalfRead, 'amounts'> | null {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    const headLength = fs.readSync(fd, head, 0, head.length, 0);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const text = head.subarray(0, headLength);
    const lf = text.indexOf(0x0a, bom);
    if (lf < 0 || crOnlyLineEnds(text, bom)) return null;
    const headerLine = text.toString('utf8', bom, text[lf - 1] === 0x0d ? lf - 1 : lf);
    if (headerLine.includes('"')) return null;
    const header = headerLine.split(o.delimiter).map((f) => f.trim());
    const columns = transactionColumns(header, o);
    const window = Buffer.alloc(1 << 16);
    // The worker starts later (a new isolate loading its module, ~70–100 ms) and warms up from
    // scratch, so this thread reads a little more: cut 4 MB past the middle (1M customers, 111 MB),
    // each half ends within ±100 ms of the other (the machine's own noise); 8 MB past it, the worker
    // had waited 110–290 ms (alternated runs: 1.99–2.01 s for the command against 1.51–1.61 s).
    const middle = Math.floor(size / 2) + Math.min(workerLag, size >> 3);
    const n = fs.readSync(fd, window, 0, window.length, middle);
    const cut = window.subarray(0, n).indexOf(0x0a);
    if (cut < 0 || middle + cut + 1 >= size) return null;
    return { file, start: middle + cut + 1, end: size, columns, width: header.length, delimiter: o.delimiter };
  } catch {
    return null; // the sequential read reports whatever is wrong, with its line
  } finally {
    fs.closeSync(fd);
  }
}

/** The thread reading a half (see startHalfWorker). */
export type HalfWorker<R> = {
  /** The half; null if the thread cannot start or fails (the caller then reads that half itself). */
  result: Promise<R | null>;
  /** Ends the thread. */
  cancel: () => void;
  /** Lets the process end while the thread waits for a question. */
  idle: () => void;
  /** More work after the half: answers come in the order asked; null on any failure. */
  ask: <A>(question: unknown, transfer?: ArrayBuffer[]) => Promise<A | null>;
  /** A message the thread acts on without answering (see analytics.clv-evaluate.ts). */
  tell: (message: unknown) => void;
};

/** The worker reading the second half of the file. */
export function startHalfWorker<R = HalfLog>(h: HalfRead): HalfWorker<R> {
  const worker = startWorker(
    import.meta.url,
    { source: './analytics.clv-read.worker.ts', bundle: 'tenure-clv-read.mjs' },
    h,
  );
  if (!worker)
    return {
      result: Promise.resolve(null),
      cancel: () => undefined,
      idle: () => undefined,
      ask: () => Promise.resolve(null),
      tell: () => undefined,
    };
  // One listener hands each message to the oldest question waiting (the half is the first).
  const waiting: ((answer: unknown) => void)[] = [];
  let ended = false;
  const end = () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve(null);
  };
  worker.on('message', (m: unknown) => {
    const failed = m !== null && typeof m === 'object' && 'failed' in m;
    waiting.shift()?.(failed ? null : m);
  });
  worker.once('error', end);
  worker.once('exit', end);
  const answer = <A>() =>
    ended ? Promise.resolve(null) : new Promise<A | null>((resolve) => waiting.push(resolve as (a: unknown) => void));
  return {
    result: answer<R>(),
    cancel: () => void worker.terminate(),
    idle: () => void worker.unref(),
    ask: <A>(question: unknown, transfer: ArrayBuffer[] = []) => {
      if (ended) return Promise.resolve(null);
      worker.ref();
      const reply = answer<A>().finally(() => {
        if (waiting.length === 0) worker.unref();
      });
      worker.postMessage(question, transfer);
      return reply;
    },
    tell: (message: unknown) => {
      if (!ended) worker.postMessage(message);
    },
  };
}

/** Reads the CSV into a columnar log; the first bad row stops the run with its line number. */
export async function readTransactionCsv(
  file: string,
  o: TransactionCsvOptions,
  options: { parallelFrom?: number } = {},
): Promise<TransactionCsv> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw inputError(`No such file: ${file}`);
  const size = fs.statSync(file).size;
  const amounts = o.amountCol !== undefined;
  // About 26 bytes a row in a typical export: sizing the columns once saves regrowing them.
  const builder = createLogBuilder({ amounts, expectedRows: size / 24 });
  const ids = createByteInterner();
  // Customer k's id is the interner's entry k: strings are made from those bytes only if asked for.
  const newCustomer = () => builder.countCustomer();
  let parser: ReturnType<typeof createTransactionParser> | null = null;
  const onRecord = (buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number) => {
    if (parser) parser.record(buf, starts, ends, line);
    else {
      const header = Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k).trim());
      parser = createTransactionParser(transactionColumns(header, o), count, ids, newCustomer, builder.addRow);
    }
  };
  const lines = (buf: Buffer, cursor: CsvLineCursor) => parser?.lines(buf, cursor);
  const read = (range: { start?: number; end?: number; firstLine?: number; width?: number; crOnly?: boolean }) =>
    readCsvRecords(file, { delimiter: o.delimiter, maxRecordSize, lines, ...range }, onRecord);
  const halves = size >= (options.parallelFrom ?? parallelFrom) ? planHalves(file, size, o) : null;
  let readInParallel = false;
  try {
    if (!halves) await read({});
    else {
      const worker = startHalfWorker({ ...halves, amounts });
      // A quote in the first half could open a field that runs past the cut, and an error must name
      // the line a sequential read names: either way the whole file is read again, in order.
      const first = await read({ end: halves.start }).catch(() => null);
      if (!first || first.quoted) {
        worker.cancel();
        return await readTransactionCsv(file, o, { parallelFrom: Infinity });
      }
      const second = await worker.result;
      if (second && parser) {
        appendHalf(second, ids, newCustomer, builder.addRows, (parser as { state: typeof second }).state);
        readInParallel = true;
      } else await read({ start: halves.start, firstLine: first.lines + 1, width: halves.width, crOnly: false });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw inputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!parser) throw inputError(`${file} is empty (expected a header line and transactions)`);
  if (builder.length === 0) throw inputError(`${file} has a header but no transactions`);
  const { firstDay, lastDay } = (parser as ReturnType<typeof createTransactionParser>).state;
  // Not a spread: that would read the log's customerIds and make every string.
  return Object.assign(
    builder.build(() => idStrings(ids)),
    { firstDay, lastDay, readInParallel },
  );
}

/** Appends the worker's half: its customers numbered after this half's, in order of first sight. */
function appendHalf(
  half: HalfLog,
  ids: ReturnType<typeof createByteInterner>,
  newCustomer: (buf: Buffer, start: number, end: number) => number,
  addRows: (customer: Int32Array, day: Int32Array, amount: Float64Array | null) => void,
  state: { firstDay: number; lastDay: number },
) {
  const arena = Buffer.from(half.arena.buffer, half.arena.byteOffset, half.arena.length);
  const number = new Int32Array(half.offsets.length - 1);
  for (let k = 0; k < number.length; k++) {
    const start = half.offsets[k];
    const end = half.offsets[k + 1];
    const id = ids.intern(arena, start, end);
    number[k] = id >= 0 ? id : newCustomer(arena, start, end);
  }
  const { customer, day, amount } = half;
  for (let i = 0; i < customer.length; i++) customer[i] = number[customer[i]];
  addRows(customer, day, amount);
  if (half.firstDay < state.firstDay) state.firstDay = half.firstDay;
  if (half.lastDay > state.lastDay) state.lastDay = half.lastDay;
}
