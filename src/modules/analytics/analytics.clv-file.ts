// Owns the analyst's CLV run on a plain CSV transaction log — no workspace, no database: reads
// the file into a columnar log with interned customer ids (analytics.clv-read: two halves at
// once on a large file), summarises it (the data README convention), fits
// BG/NBD or Pareto/NBD (+ Gamma-Gamma with an amount column), and reports the fit and, when the
// file goes on past the calibration end, how the model did on that holdout. `tenure clv` prints
// it; benchmarks time it without loading the CLI. Bad input is a 422 AppError (exit 65).
import type { AppError } from '../../errors.ts';
import { inputError } from './analytics.clv-parse.ts';
import { readTransactionCsv } from './analytics.clv-read.ts';
import { readSummaryCsv } from './analytics.clv-summary-read.ts';
import {
  compress,
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
  type PurchaseModel,
} from './models/index.ts';

export { inputError, readTransactionCsv };

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

export async function runClv(file: string, o: ClvFileOptions): Promise<ClvRun> {
  const calibrationEnd = parseIsoDay(o.calibrationEnd);
  // Straight into the summary when the file's customers come grouped; else the columnar log.
  const read =
    (calibrationEnd !== null && (await readSummaryCsv(file, o, { calibrationEnd, periodDays: o.periodDays }))) ||
    (await readLog(file, o, calibrationEnd));
  if (calibrationEnd === null) throw inputError(`--calibration-end ${o.calibrationEnd} is not a date YYYY-MM-DD`);
  // An observation end after the last purchase is the normal case (everyone has been quiet since);
  // only an end before the first purchase leaves no customer to fit.
  if (calibrationEnd < read.firstDay) {
    throw inputError(
      `--calibration-end ${o.calibrationEnd} is before the first transaction (the data run from ${dayToIso(read.firstDay)} to ${dayToIso(read.lastDay)})`,
    );
  }
  try {
    const holdoutEnd = read.lastDay > calibrationEnd ? read.lastDay : undefined;
    const summary = read.finish(holdoutEnd ?? null);
    const spendData = { x: summary.x, monetary: summary.monetary };
    // The spend fit runs beside the purchase fit where a thread is there for it.
    const spendBeside = o.amountCol === undefined ? null : read.fitSpend(spendData);
    // The fit's last evaluations are shared with the reading thread where there is one, which is
    // handed the rows in shared memory.
    const rows = compress(summary, { shared: read.readInParallel });
    const evaluateAll = read.evaluateBeside(o.model, rows);
    // The holdout's error is worked out there too, from the optimum on, beside the fit's last
    // evaluations (about four evaluations' worth of work for that thread).
    let holdoutBeside: Promise<HoldoutError | null> = Promise.resolve(null);
    const atOptimum =
      holdoutEnd === undefined || !evaluateAll
        ? undefined
        : (params: Record<string, number>) => {
            holdoutBeside = read.holdoutBeside({ model: o.model, params } as PurchaseModel, summary, rows);
            evaluateAll.alsoBeside(4);
          };
    const options = { evaluateAll, atOptimum };
    const fit = o.model === 'bgnbd' ? fitBgNbd(rows, options) : fitParetoNbd(rows, options);
    const spend = spendBeside === null ? null : ((await spendBeside) ?? fitGammaGamma(spendData));
    const holdout =
      holdoutEnd === undefined
        ? undefined
        : { ...((await holdoutBeside) ?? holdoutError(fit, summary, rows)), end: dayToIso(holdoutEnd) };
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
      transactions: read.transactions,
      calibrationEnd: o.calibrationEnd,
      periodDays: o.periodDays,
      acquiredAfterCalibration: summary.acquiredAfterCalibration,
      ...(holdout && { holdout }),
    };
    return { result, summary, rows, fit, spend };
  } catch (err) {
    if (err instanceof ModelInputError) throw inputError(err.message);
    throw err;
  } finally {
    read.close();
  }
}

/** The columnar read, summarised the same way as readSummaryCsv's. */
async function readLog(file: string, o: ClvFileOptions, calibrationEnd: number | null) {
  const log = await readTransactionCsv(file, o);
  const finish = (holdoutEnd: number | null) =>
    summariseLog(log, {
      calibrationEnd: calibrationEnd!,
      periodDays: o.periodDays,
      holdoutEnd: holdoutEnd ?? undefined,
    });
  return {
    transactions: log.length,
    firstDay: log.firstDay,
    lastDay: log.lastDay,
    finish,
    readInParallel: false, // its worker, if any, is gone
    fitSpend: () => Promise.resolve(null),
    evaluateBeside: () => undefined,
    holdoutBeside: () => Promise.resolve(null),
    close: () => undefined,
  };
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
