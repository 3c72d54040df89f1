// Owns the analyst's CLV run on a plain CSV transaction log — no workspace, no database: reads
// the file (lib/csv-read: a fast path for unquoted lines, csv-parse for quoted ones) into a
// columnar log with interned customer ids, summarises it (the data README convention), fits
// BG/NBD or Pareto/NBD (+ Gamma-Gamma with an amount column), and reports the fit and, when the
// file goes on past the calibration end, how the model did on that holdout. `tenure clv` prints
// it; benchmarks time it without loading the CLI. Bad input is a 422 AppError (exit 65).
import fs from 'node:fs';
import { AppError } from '../../errors.ts';
import { decimalOfBytes, isoDayOfBytes, sameBytes } from '../../lib/csv-bytes.ts';
import { createByteInterner, csvField, readCsvRecords } from '../../lib/csv-read.ts';
import { requireColumn } from '../../lib/csv-table.ts';
import {
  compress,
  createLogBuilder,
  dayToIso,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  holdoutError,
  ModelInputError,
  parseIsoDay,
  summariseLog,
  type BgNbdFit,
  type CompressedRows,
  type CustomerSummary,
  type GammaGammaFit,
  type HoldoutError,
  type ParetoNbdFit,
  type TransactionLog,
} from './models/index.ts';

export type ClvFileOptions = {
  customerCol: string;
  dateCol: string;
  amountCol?: string;
  /** YYYY-MM-DD, on or after the first transaction. */
  calibrationEnd: string;
  model: 'bgnbd' | 'pnbd';
  periodDays: number;
  delimiter: string;
};

export type ClvResult = {
  model: 'bgnbd' | 'pnbd';
  customers: number;
  params: Record<string, number>;
  logLikelihood: number;
  converged: boolean;
  spend?: {
    p: number;
    q: number;
    gamma: number;
    logLikelihood: number;
    customers: number;
    converged: boolean;
    excluded: number;
    standardErrors: Record<string, number> | null;
  };
  standardErrors: Record<string, number> | null;
  reason: string;
  transactions: number;
  calibrationEnd: string;
  periodDays: number;
  acquiredAfterCalibration: number;
  holdout?: HoldoutError & { end: string };
};

export type ClvRun = {
  result: ClvResult;
  summary: CustomerSummary;
  rows: CompressedRows;
  fit: BgNbdFit | ParetoNbdFit;
  spend: GammaGammaFit | null;
};

export const inputError = (message: string) => new AppError('validation_failed', message);

/** Reads the CSV into a columnar log; the first bad row stops the run with its line number. */
export async function readTransactionCsv(
  file: string,
  o: Pick<ClvFileOptions, 'customerCol' | 'dateCol' | 'amountCol' | 'delimiter'>,
): Promise<TransactionLog & { lastDay: number; firstDay: number }> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw inputError(`No such file: ${file}`);
  // About 26 bytes a row in a typical export: sizing the columns once saves regrowing them.
  const builder = createLogBuilder({ amounts: o.amountCol !== undefined, expectedRows: fs.statSync(file).size / 24 });
  const ids = createByteInterner();
  let columns: { customer: number; date: number; amount: number } | null = null;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  // The previous row's raw customer-id bytes: logs are usually grouped by customer, so most rows
  // take the previous customer's number after comparing a few bytes.
  const prevId = Buffer.alloc(256);
  let prevLength = -1;
  let customer = -1;
  const onRecord = (buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number) => {
    if (!columns) {
      const header = Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k).trim());
      const find = (name: string | undefined, flag: string) =>
        name === undefined ? -1 : requireColumn(header, name, flag);
      columns = {
        customer: find(o.customerCol, '--customer-col'),
        date: find(o.dateCol, '--date-col'),
        amount: find(o.amountCol, '--amount-col'),
      };
      return;
    }
    const is = starts[columns.customer];
    const ie = ends[columns.customer];
    if (!sameBytes(buf, is, ie, prevId, prevLength)) {
      // Spaces around an id are not part of it (String.prototype.trim); plain ASCII edges need no trim.
      if (ie > is && buf[is] > 0x20 && buf[is] < 0x7f && buf[ie - 1] > 0x20 && buf[ie - 1] < 0x7f) {
        customer = ids.intern(buf, is, ie);
        if (customer < 0) customer = builder.addCustomer(buf.toString('utf8', is, ie));
      } else {
        const id = buf.toString('utf8', is, ie).trim();
        if (!id) throw inputError(`line ${line}: the customer id is empty`);
        const bytes = Buffer.from(id);
        customer = ids.intern(bytes, 0, bytes.length);
        if (customer < 0) customer = builder.addCustomer(id);
      }
      prevLength = ie - is <= prevId.length ? buf.copy(prevId, 0, is, ie) : -1;
    }
    let day = isoDayOfBytes(buf, starts[columns.date], ends[columns.date]);
    if (Number.isNaN(day)) {
      const text = csvField(buf, starts, ends, columns.date);
      const parsed = parseIsoDay(text.trim());
      if (parsed === null)
        throw inputError(`line ${line}: date ${JSON.stringify(text)} is not an ISO date (YYYY-MM-DD)`);
      day = parsed;
    }
    let amount = 0;
    if (columns.amount >= 0) {
      amount = decimalOfBytes(buf, starts[columns.amount], ends[columns.amount]);
      if (Number.isNaN(amount)) {
        const raw = csvField(buf, starts, ends, columns.amount);
        const text = raw.trim();
        amount = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(amount)) throw inputError(`line ${line}: amount ${JSON.stringify(raw)} is not a number`);
      }
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    builder.addRow(customer, day, amount);
  };
  try {
    await readCsvRecords(file, { delimiter: o.delimiter, maxRecordSize: 1_000_000 }, onRecord);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw inputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!columns) throw inputError(`${file} is empty (expected a header line and transactions)`);
  if (builder.length === 0) throw inputError(`${file} has a header but no transactions`);
  return { ...builder.build(), firstDay, lastDay };
}

export async function runClv(file: string, o: ClvFileOptions): Promise<ClvRun> {
  const log = await readTransactionCsv(file, o);
  const calibrationEnd = parseIsoDay(o.calibrationEnd);
  if (calibrationEnd === null) throw inputError(`--calibration-end ${o.calibrationEnd} is not a date YYYY-MM-DD`);
  // An observation end after the last purchase is the normal case (everyone has been quiet since);
  // only an end before the first purchase leaves no customer to fit.
  if (calibrationEnd < log.firstDay) {
    throw inputError(
      `--calibration-end ${o.calibrationEnd} is before the first transaction (the data run from ${dayToIso(log.firstDay)} to ${dayToIso(log.lastDay)})`,
    );
  }
  try {
    const holdoutEnd = log.lastDay > calibrationEnd ? log.lastDay : undefined;
    const summary = summariseLog(log, { calibrationEnd, periodDays: o.periodDays, holdoutEnd });
    const rows = compress(summary);
    const fit = o.model === 'bgnbd' ? fitBgNbd(rows) : fitParetoNbd(rows);
    const spend = o.amountCol === undefined ? null : fitGammaGamma({ x: summary.x, monetary: summary.monetary });
    const holdout =
      holdoutEnd === undefined ? undefined : { ...holdoutError(fit, summary, rows), end: dayToIso(holdoutEnd) };
    if (holdout && !(Number.isFinite(holdout.predictedTotal) && Number.isFinite(holdout.model.mae)))
      throw unpredictable(fit);
    const result: ClvResult = {
      model: o.model,
      customers: fit.customers,
      params: fit.params,
      logLikelihood: fit.logLikelihood,
      converged: fit.converged,
      ...(spend && {
        spend: {
          ...spend.params,
          logLikelihood: spend.logLikelihood,
          customers: spend.customers,
          converged: spend.converged,
          excluded: spend.excluded,
          standardErrors: spend.standardErrors,
        },
      }),
      standardErrors: fit.standardErrors,
      reason: fit.reason,
      transactions: log.length,
      calibrationEnd: o.calibrationEnd,
      periodDays: o.periodDays,
      acquiredAfterCalibration: summary.acquiredAfterCalibration,
      ...(holdout && { holdout }),
    };
    return { result, summary, rows, fit, spend };
  } catch (err) {
    if (err instanceof ModelInputError) throw inputError(err.message);
    throw err;
  }
}

/** A fit whose predictions are not numbers: the run fails rather than print or write them. */
export function unpredictable(fit: BgNbdFit | ParetoNbdFit): AppError {
  const params = Object.entries(fit.params)
    .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
    .join(', ');
  const why = fit.converged ? 'the predictions overflow at these parameters' : fit.reason;
  return inputError(
    `the ${fit.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'} fit (${params}) gives no finite predictions: ${why}. The log is too small or too regular for this model; try more customers, a longer calibration period, or --model ${fit.model === 'bgnbd' ? 'pnbd' : 'bgnbd'}`,
  );
}
