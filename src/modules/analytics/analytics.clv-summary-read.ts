// Owns reading a transaction log straight into the per-customer summary, for `tenure clv`, when
// the file has each customer's rows together (exports sorted or grouped by customer, the usual
// case): every row goes into its customer's summary as it is read, so no column of every row is
// written and read again, and a large file is summarised in two halves at once (the second by the
// worker of analytics.clv-read.worker.ts). The summary is the one summariseLog makes from the
// columnar log, value for value and customer for customer (the same accumulator, fed the same
// rows in the same order). Whenever this read cannot give that answer — a customer's rows apart,
// a quoted field in the first half, a bad line, the worker failing — it answers null and the
// caller reads the columnar log (analytics.clv-read.ts), which also names any bad line.
import fs from 'node:fs';
import { createByteInterner, type InternedIds } from '../../lib/byte-interner.ts';
import { type CsvLineCursor, csvField, readCsvRecords } from '../../lib/csv-read.ts';
import { createTransactionParser } from './analytics.clv-parse.ts';
import {
  type HalfRead,
  idStrings,
  parseHalf,
  planHalves,
  startHalfWorker,
  transactionColumns,
  type TransactionCsvOptions,
} from './analytics.clv-read.ts';
import { evaluateBeside, type EvaluateBeside, type PurchaseModelName } from './analytics.clv-evaluate.ts';
import type { GammaGammaFit, SpendData } from './models/gamma-gamma.ts';
import type { HoldoutError, holdoutError } from './models/fit-quality.ts';
import type { PurchaseModel } from './models/predict.ts';
import type { CompressedRows } from './models/rows.ts';
import { grow } from './models/grouping.ts';
import { createSummaryAccumulator, type CustomerSummary, type SummaryPart } from './models/summary.ts';

const maxRecordSize = 1_000_000;
// Below this a second thread costs more to start than it saves.
const parallelFrom = 16 << 20;

export type SummaryReadOptions = { calibrationEnd: number; periodDays: number };

/** A file read into its summary; finish makes it once the caller has checked the dates. */
export type SummaryRead = {
  transactions: number;
  firstDay: number;
  lastDay: number;
  /** The summary, with the holdout counted to holdoutEnd (≥ lastDay) or without a holdout (null). */
  finish: (holdoutEnd: number | null) => CustomerSummary;
  readInParallel: boolean;
  /**
   * The Gamma-Gamma fit of fitGammaGamma(data) on the thread that read the second half, beside
   * whatever this thread does meanwhile; null when there is no such thread or it fails (fit here:
   * the same result, or the same error).
   */
  fitSpend: (data: SpendData) => Promise<GammaGammaFit | null>;
  /**
   * The evaluateAll for the purchase fit of these rows: its last evaluations shared with the
   * thread that read the second half (analytics.clv-evaluate.ts); undefined without one.
   */
  evaluateBeside: (model: PurchaseModelName, rows: CompressedRows) => EvaluateBeside | undefined;
  /**
   * holdoutError(fit, summary, rows) on the thread that read the second half, beside this one's
   * work; null when there is no such thread or it fails (compute it here: the same numbers).
   */
  holdoutBeside: (fit: PurchaseModel, summary: CustomerSummary, rows: CompressedRows) => Promise<HoldoutError | null>;
  /** Ends the thread that read the second half, if any. */
  close: () => void;
};

/** The spend model's data, whose fit the reading thread answers. */
export type SpendMessage = { kind: 'spend'; data: SpendData };
/** A purchase fit, the summary's columns the holdout reads and the compressed rows: the holdout's error answered. */
export type HoldoutMessage = {
  kind: 'holdout';
  fit: PurchaseModel;
  summary: Parameters<typeof holdoutError>[1];
  rows: CompressedRows;
};

/** What the worker sends back for its half: the summary of its customers after its first, whose rows come raw. */
export type HalfSummary = {
  part: SummaryPart;
  /** Rows of the half's first customer, which may continue the first half's last. */
  firstDays: Int32Array;
  firstAmounts: Float64Array;
  firstRows: number;
  rows: number;
  firstDay: number;
  lastDay: number;
} & InternedIds;

/** Reads and summarises bytes [start, end) of the file (the worker's job in summary mode). */
export async function readHalfSummary(h: HalfRead & { summary: SummaryReadOptions }): Promise<HalfSummary> {
  const acc = createSummaryAccumulator({
    ...h.summary,
    amounts: h.amounts,
    after: 0,
    customers: expectedCustomers(h.end - h.start),
  });
  const ids = createByteInterner(expectedCustomers(h.end - h.start));
  let rows = 0;
  let firstDays = new Int32Array(64);
  let firstAmounts = new Float64Array(64);
  let firstRows = 0;
  const addRow = (c: number, day: number, amount: number) => {
    rows++;
    if (c !== 0 || acc.current !== 0) return acc.row(c, day, amount);
    if (firstRows === firstDays.length) {
      firstDays = grow(firstDays, new Int32Array(firstRows * 2));
      firstAmounts = grow(firstAmounts, new Float64Array(firstRows * 2));
    }
    firstDays[firstRows] = day;
    firstAmounts[firstRows++] = amount;
  };
  const days = await parseHalf(h, ids, addRow);
  return { part: acc.part(), firstDays, firstAmounts, firstRows, rows, ...ids.entries(), ...days };
}

/** The file's summary when its customers' rows are together and it reads without error; otherwise null. */
export async function readSummaryCsv(
  file: string,
  o: TransactionCsvOptions,
  s: SummaryReadOptions,
  options: { parallelFrom?: number } = {},
): Promise<SummaryRead | null> {
  if (!(s.periodDays > 0) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  const size = fs.statSync(file).size;
  const amounts = o.amountCol !== undefined;
  const halves = size >= (options.parallelFrom ?? parallelFrom) ? planHalves(file, size, o) : null;
  const acc = createSummaryAccumulator({
    ...s,
    amounts,
    customers: expectedCustomers(halves?.start ?? size),
    shared: halves !== null,
  });
  // Every customer's id, the worker's half's too.
  const ids = createByteInterner(expectedCustomers(size));
  let count = 0;
  let rows = 0;
  const newCustomer = () => count++;
  const addRow = (c: number, day: number, amount: number) => {
    rows++;
    acc.row(c, day, amount);
  };
  let parser: ReturnType<typeof createTransactionParser> | null = null;
  const onRecord = (buf: Buffer, starts: Int32Array, ends: Int32Array, width: number, line: number) => {
    if (parser) parser.record(buf, starts, ends, line);
    else {
      const header = Array.from({ length: width }, (_, k) => csvField(buf, starts, ends, k).trim());
      parser = createTransactionParser(transactionColumns(header, o), width, ids, newCustomer, addRow);
    }
  };
  const lines = (buf: Buffer, cursor: CsvLineCursor) => parser?.lines(buf, cursor);
  const worker = halves ? startHalfWorker<HalfSummary>({ ...halves, amounts, summary: s }) : null;
  try {
    const read = await readCsvRecords(
      file,
      { delimiter: o.delimiter, maxRecordSize, lines, ...(halves && { end: halves.start }) },
      onRecord,
    );
    if (!parser || (halves && read.quoted)) return null;
    const state = (parser as ReturnType<typeof createTransactionParser>).state;
    if (worker) {
      const half = await worker.result;
      if (!half || !appendHalfSummary(half, acc, ids, newCustomer)) return null;
      rows += half.rows;
      if (half.firstDay < state.firstDay) state.firstDay = half.firstDay;
      if (half.lastDay > state.lastDay) state.lastDay = half.lastDay;
    }
    if (rows === 0) return null;
    worker?.idle();
    const thread = worker;
    return {
      transactions: rows,
      firstDay: state.firstDay,
      lastDay: state.lastDay,
      finish: (holdoutEnd) =>
        acc.finish(
          () => idStrings(ids),
          holdoutEnd,
          () => ids.entries(),
        ),
      readInParallel: worker !== null,
      fitSpend: (data) => {
        if (!thread) return Promise.resolve(null);
        // The summary's columns are in shared memory (a thread exists only for two halves, whose
        // accumulator shares them): the thread reads them where they are, nothing is copied.
        return thread.ask<GammaGammaFit>({ kind: 'spend', data } satisfies SpendMessage);
      },
      evaluateBeside: (model, rows) => (thread ? evaluateBeside(thread.tell, model, rows) : undefined),
      holdoutBeside: (fit, { x, tx, T, holdoutX, holdoutEnd, calibrationEnd, periodDays }, rows) => {
        if (!thread) return Promise.resolve(null);
        // The columns named, not the summary (whose customer ids would be made to be copied); those
        // columns and the rows' are in shared memory (the accumulator's and compress's `shared`).
        const summary = { x, tx, T, holdoutX, holdoutEnd, calibrationEnd, periodDays };
        return thread.ask<HoldoutError>({ kind: 'holdout', fit, summary, rows } satisfies HoldoutMessage);
      },
      close: () => thread?.cancel(),
    };
  } catch {
    worker?.cancel();
    return null; // the columnar read gives the answer, or the error with its line
  }
}

/**
 * Appends the worker's half: its first customer's rows (continuing this half's last customer or
 * a new one), then its summaries, its customers numbered after this half's in order of first
 * sight. False when a customer of the half was seen before otherwise (the rows are not grouped).
 */
function appendHalfSummary(
  half: HalfSummary,
  acc: ReturnType<typeof createSummaryAccumulator>,
  ids: ReturnType<typeof createByteInterner>,
  newCustomer: () => number,
): boolean {
  const arena = Buffer.from(half.arena.buffer, half.arena.byteOffset, half.arena.length);
  const numberOf = new Int32Array(half.offsets.length - 1);
  for (let k = 0; k < numberOf.length; k++) {
    // Ids in one increasing order in both halves are all new: taken at once, not one by one.
    if (k === 1 && ids.appendAfter(half, 1)) {
      for (; k < numberOf.length; k++) numberOf[k] = newCustomer();
      break;
    }
    const id = ids.intern(arena, half.offsets[k], half.offsets[k + 1]);
    if (id >= 0 && (k > 0 || id !== acc.current)) return false;
    numberOf[k] = id >= 0 ? id : newCustomer();
  }
  for (let i = 0; i < half.firstRows; i++) acc.row(numberOf[0], half.firstDays[i], half.firstAmounts[i]);
  acc.append(half.part, numberOf);
  return true;
}

/**
 * Room for the customers of `bytes` of a log, so the summary's columns are not regrown and
 * copied: about 26 bytes a row and a few rows a customer in a typical export; more are made room
 * for as they come. Room not used costs address space, not memory (pages never written).
 */
const expectedCustomers = (bytes: number) => Math.ceil(bytes / 48);
