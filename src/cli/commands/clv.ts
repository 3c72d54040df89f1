// `tenure clv FILE`: the analyst's CLV run on a plain CSV transaction log — no workspace, no
// database. Streams the file through csv-parse into a columnar log, summarises it (the data
// README convention), fits BG/NBD or Pareto/NBD (+ Gamma-Gamma with --amount-col), and prints
// the fit; --out writes per-customer predictions. Transactions after the calibration end, if
// any, are used as a holdout to report how the model would have done.
import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'csv-parse';
import { csvCell } from '../../lib/csv.ts';
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
  predictCustomers,
  summariseLog,
  type BgNbdFit,
  type CompressedRows,
  type CustomerSummary,
  type GammaGammaFit,
  type HoldoutError,
  type ParetoNbdFit,
  type TransactionLog,
} from '../../modules/analytics/models/index.ts';
import { CliError, exitCodes, printJson } from '../run.ts';

export type ClvOptions = {
  customerCol: string;
  dateCol: string;
  amountCol?: string;
  calibrationEnd: string;
  model: 'bgnbd' | 'pnbd';
  periodDays: number;
  horizon: number;
  discountRate: number;
  margin: number;
  delimiter: string;
  json?: boolean;
  out?: string;
};

export type ClvResult = {
  model: 'bgnbd' | 'pnbd';
  customers: number;
  params: Record<string, number>;
  logLikelihood: number;
  converged: boolean;
  spend?: { p: number; q: number; gamma: number; logLikelihood: number; customers: number; converged: boolean; excluded: number; standardErrors: Record<string, number> | null };
  standardErrors: Record<string, number> | null;
  reason: string;
  transactions: number;
  calibrationEnd: string;
  periodDays: number;
  acquiredAfterCalibration: number;
  holdout?: HoldoutError & { end: string };
};

const dataError = (message: string) => new CliError(message, exitCodes.dataError);

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
}

function rate(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError('must be a number from 0 to 1 (0.01 = 1% a period)');
  return n;
}

function isoDate(v: string): string {
  if (v.length !== 10 || parseIsoDay(v) === null) throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  return v;
}

function delimiter(v: string): string {
  if (v === 'tab' || v === '\\t') return '\t';
  if (v.length !== 1) throw new InvalidArgumentError('must be one character, or "tab"');
  return v;
}

/** Streams the CSV into a columnar log; every bad row stops the run with its line number. */
export async function readTransactionCsv(file: string, o: Pick<ClvOptions, 'customerCol' | 'dateCol' | 'amountCol' | 'delimiter'>): Promise<TransactionLog & { lastDay: number; firstDay: number }> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw dataError(`No such file: ${file}`);
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const parser = input.pipe(parse({ bom: true, delimiter: o.delimiter, skip_empty_lines: true, max_record_size: 1_000_000 }));
  input.on('error', (err) => parser.destroy(err));
  const builder = createLogBuilder({ amounts: o.amountCol !== undefined });
  const dayCache = new Map<string, number>();
  let columns: { customer: number; date: number; amount: number } | null = null;
  let line = 1;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let failure: Error | null = null;
  const fail = (message: string) => {
    failure ??= dataError(message);
    parser.destroy();
  };
  parser.on('readable', () => {
    let record: string[] | null;
    while (!failure && (record = parser.read()) !== null) {
      if (!columns) {
        const header = record.map((h) => h.trim());
        const find = (name: string | undefined, flag: string) => {
          if (name === undefined) return -1;
          const i = header.indexOf(name);
          if (i < 0) {
            const hint = header.length === 1 && /[;\t|]/.test(header[0]) ? ' (the file looks like it uses another delimiter: try --delimiter)' : '';
            fail(`Column "${name}" (${flag}) is not in the header. Columns found: ${header.join(', ') || '(none)'}${hint}`);
          }
          return i;
        };
        columns = { customer: find(o.customerCol, '--customer-col'), date: find(o.dateCol, '--date-col'), amount: find(o.amountCol, '--amount-col') };
        continue;
      }
      line++;
      const id = record[columns.customer]?.trim();
      if (!id) return fail(`line ${line}: the customer id is empty`);
      const dateText = record[columns.date];
      let day = dayCache.get(dateText);
      if (day === undefined) {
        const parsed = parseIsoDay(dateText?.trim() ?? '');
        if (parsed === null) return fail(`line ${line}: date ${JSON.stringify(dateText ?? '')} is not an ISO date (YYYY-MM-DD)`);
        day = parsed;
        if (dayCache.size < 100_000) dayCache.set(dateText, day);
      }
      let amount = 0;
      if (columns.amount >= 0) {
        const text = record[columns.amount]?.trim() ?? '';
        amount = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(amount)) return fail(`line ${line}: amount ${JSON.stringify(record[columns.amount] ?? '')} is not a number`);
      }
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
      builder.add(id, day, amount);
    }
  });
  try {
    await finished(parser);
  } catch (err) {
    if (!failure) throw dataError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (failure) throw failure;
  if (!columns) throw dataError(`${file} is empty (expected a header line and transactions)`);
  if (builder.length === 0) throw dataError(`${file} has a header but no transactions`);
  return { ...builder.build(), firstDay, lastDay };
}

export type ClvRun = { result: ClvResult; summary: CustomerSummary; rows: CompressedRows; fit: BgNbdFit | ParetoNbdFit; spend: GammaGammaFit | null };

export async function runClv(file: string, o: ClvOptions): Promise<ClvRun> {
  const log = await readTransactionCsv(file, o);
  const calibrationEnd = parseIsoDay(o.calibrationEnd)!;
  if (calibrationEnd < log.firstDay || calibrationEnd > log.lastDay) {
    throw dataError(`--calibration-end ${o.calibrationEnd} is outside the data (${dayToIso(log.firstDay)} to ${dayToIso(log.lastDay)})`);
  }
  try {
    const holdoutEnd = log.lastDay > calibrationEnd ? log.lastDay : undefined;
    const summary = summariseLog(log, { calibrationEnd, periodDays: o.periodDays, holdoutEnd });
    const rows = compress(summary);
    const fit = o.model === 'bgnbd' ? fitBgNbd(rows) : fitParetoNbd(rows);
    const spend = o.amountCol === undefined ? null : fitGammaGamma({ x: summary.x, monetary: summary.monetary });
    const result: ClvResult = {
      model: o.model,
      customers: fit.customers,
      params: fit.params,
      logLikelihood: fit.logLikelihood,
      converged: fit.converged,
      ...(spend && {
        spend: { ...spend.params, logLikelihood: spend.logLikelihood, customers: spend.customers, converged: spend.converged, excluded: spend.excluded, standardErrors: spend.standardErrors },
      }),
      standardErrors: fit.standardErrors,
      reason: fit.reason,
      transactions: log.length,
      calibrationEnd: o.calibrationEnd,
      periodDays: o.periodDays,
      acquiredAfterCalibration: summary.acquiredAfterCalibration,
      ...(holdoutEnd !== undefined && { holdout: { ...holdoutError(fit, summary, rows), end: dayToIso(holdoutEnd) } }),
    };
    return { result, summary, rows, fit, spend };
  } catch (err) {
    if (err instanceof ModelInputError) throw dataError(err.message);
    throw err;
  }
}

/** Per-customer predictions as CSV (ids neutralised against spreadsheet formulas). */
export async function writePredictions(path: string, run: Omit<ClvRun, 'result'>, o: Pick<ClvOptions, 'horizon' | 'discountRate' | 'margin'>) {
  const { summary, rows, fit, spend } = run;
  const p = predictCustomers(fit, spend, { ...rows, monetary: summary.monetary }, { horizon: o.horizon, discountRate: o.discountRate, margin: o.margin });
  const num = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '');
  // Customers sharing (x, t_x, T) share these five columns: format them once per row.
  const rowText = new Array<string | undefined>(rows.weight.length);
  const out = fs.createWriteStream(path);
  let buf = 'customer_id,x,t_x,T,expected_purchases,p_alive,expected_spend,clv\r\n';
  for (let i = 0; i < summary.customerIds.length; i++) {
    const r = rows.rowOf[i];
    const shared = (rowText[r] ??= `${rows.x[r]},${num(rows.tx[r], 4)},${num(rows.T[r], 4)},${num(p.expectedPurchases[i], 6)},${num(p.probabilityAlive[i], 6)}`);
    buf += `${csvCell(summary.customerIds[i])},${shared},${num(p.expectedSpend[i], 4)},${num(p.clv[i], 4)}\r\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function printReport(r: ClvResult, o: ClvOptions) {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toPrecision(4));
  const withSe = (params: Record<string, number>, se: Record<string, number> | null) =>
    Object.entries(params)
      .map(([k, v]) => `${k} ${fmt(v)}${se ? ` (± ${fmt(se[k])})` : ''}`)
      .join(', ');
  console.log(`${r.transactions.toLocaleString('en')} transactions, ${r.customers.toLocaleString('en')} customers acquired by ${r.calibrationEnd} (${r.acquiredAfterCalibration} later ones left out); periods of ${r.periodDays} days.`);
  console.log(`${o.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'}: ${withSe(r.params, r.standardErrors)}; log-likelihood ${r.logLikelihood.toFixed(2)}; ${r.converged ? 'converged' : `NOT converged: ${r.reason}`}.`);
  if (r.spend) {
    const { p, q, gamma, standardErrors } = r.spend;
    console.log(`Gamma-Gamma spend (${r.spend.customers} repeat buyers${r.spend.excluded ? `, ${r.spend.excluded} with zero or negative spend left out` : ''}): ${withSe({ p, q, gamma }, standardErrors)}; log-likelihood ${r.spend.logLikelihood.toFixed(2)}${r.spend.converged ? '' : '; NOT converged'}.`);
  }
  if (r.holdout) {
    const h = r.holdout;
    console.log(
      `Holdout to ${h.end} (${h.holdoutPeriods.toFixed(1)} periods): ${h.actualTotal} repeat transactions, ${h.predictedTotal.toFixed(0)} predicted; per customer MAE ${h.model.mae.toFixed(3)} vs ${h.baseline.mae.toFixed(3)} for the naive x/T rate (RMSE ${h.model.rmse.toFixed(3)} vs ${h.baseline.rmse.toFixed(3)}).`,
    );
  }
}

export function registerClv(program: Command) {
  program
    .command('clv')
    .description('Fit a CLV model (BG/NBD or Pareto/NBD, + Gamma-Gamma spend) to a CSV transaction log; no workspace needed')
    .argument('<file>', 'CSV with a header; dates as YYYY-MM-DD')
    .requiredOption('--customer-col <name>', 'column with the customer id')
    .requiredOption('--date-col <name>', 'column with the transaction date (YYYY-MM-DD)')
    .option('--amount-col <name>', 'column with the transaction value (fits the spend model)')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period (YYYY-MM-DD)', isoDate)
    .addOption(new Option('--model <model>', 'purchase model').choices(['bgnbd', 'pnbd']).default('bgnbd'))
    .option('--period-days <n>', 'length of a period in days', positiveNumber, 7)
    .option('--horizon <periods>', 'periods ahead for expected purchases and CLV', wholeNumber, 52)
    .option('--discount-rate <rate>', 'discount rate per period', rate, 0.01)
    .option('--margin <share>', 'share of spend that is profit, for CLV', positiveNumber, 1)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .option('--out <file>', 'write per-customer predictions (x, t_x, T, expected purchases, P(alive), expected spend, CLV) as CSV')
    .action(async (file: string, o: ClvOptions) => {
      const run = await runClv(file, o);
      const { result, summary } = run;
      if (o.out) await writePredictions(o.out, run, o);
      if (o.json) printJson(result);
      else {
        printReport(result, o);
        if (o.out) console.log(`Wrote predictions for ${summary.customerIds.length.toLocaleString('en')} customers to ${o.out}.`);
      }
    });
}
