// `tenure clv FILE`: the analyst's CLV run on a plain CSV transaction log — no workspace, no
// database. Reads the file (lib/csv-read: a fast path for unquoted lines, csv-parse for quoted
// ones) into a columnar log with interned customer ids, summarises it (the data
// README convention), fits BG/NBD or Pareto/NBD (+ Gamma-Gamma with --amount-col), and prints
// the fit; --out writes per-customer predictions. Transactions after the calibration end, if
// any, are used as a holdout to report how the model would have done.
import fs from 'node:fs';
import { once } from 'node:events';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { csvCell } from '../../lib/csv.ts';
import { createByteInterner, csvField, readCsvRecords } from '../../lib/csv-read.ts';
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
  if (v.length !== 1 || v.charCodeAt(0) > 0x7f || v === '"' || v === '\r' || v === '\n') throw new InvalidArgumentError('must be one ASCII character other than a quote, or "tab"');
  return v;
}

/** Reads the CSV into a columnar log; the first bad row stops the run with its line number. */
export async function readTransactionCsv(file: string, o: Pick<ClvOptions, 'customerCol' | 'dateCol' | 'amountCol' | 'delimiter'>): Promise<TransactionLog & { lastDay: number; firstDay: number }> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw dataError(`No such file: ${file}`);
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
      const find = (name: string | undefined, flag: string) => {
        if (name === undefined) return -1;
        const i = header.indexOf(name);
        if (i < 0) {
          const hint = header.length === 1 && /[;\t|]/.test(header[0]) ? ' (the file looks like it uses another delimiter: try --delimiter)' : '';
          throw dataError(`Column "${name}" (${flag}) is not in the header. Columns found: ${header.join(', ') || '(none)'}${hint}`);
        }
        return i;
      };
      columns = { customer: find(o.customerCol, '--customer-col'), date: find(o.dateCol, '--date-col'), amount: find(o.amountCol, '--amount-col') };
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
        if (!id) throw dataError(`line ${line}: the customer id is empty`);
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
      if (parsed === null) throw dataError(`line ${line}: date ${JSON.stringify(text)} is not an ISO date (YYYY-MM-DD)`);
      day = parsed;
    }
    let amount = 0;
    if (columns.amount >= 0) {
      amount = decimalOfBytes(buf, starts[columns.amount], ends[columns.amount]);
      if (Number.isNaN(amount)) {
        const raw = csvField(buf, starts, ends, columns.amount);
        const text = raw.trim();
        amount = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(amount)) throw dataError(`line ${line}: amount ${JSON.stringify(raw)} is not a number`);
      }
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    builder.addRow(customer, day, amount);
  };
  try {
    await readCsvRecords(file, { delimiter: o.delimiter, maxRecordSize: 1_000_000 }, onRecord);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw dataError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!columns) throw dataError(`${file} is empty (expected a header line and transactions)`);
  if (builder.length === 0) throw dataError(`${file} has a header but no transactions`);
  return { ...builder.build(), firstDay, lastDay };
}

function sameBytes(buf: Buffer, start: number, end: number, prev: Buffer, prevLength: number): boolean {
  if (end - start !== prevLength) return false;
  for (let k = 0; k < prevLength; k++) if (buf[start + k] !== prev[k]) return false;
  return true;
}

// Day numbers of the dates from 1900 to 2199, indexed by ((year − 1900)·12 + month − 1)·31 + day − 1;
// NaN until first seen (parseIsoDay decides validity). Other years take the text path.
// Allocated on first use: every CLI command loads this module.
let isoDays: Float64Array | null = null;

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** The day number of exactly "YYYY-MM-DD" in buf[start, end), or NaN (then the caller parses the text). */
function isoDayOfBytes(buf: Buffer, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return Number.NaN;
  // No inner helper: a closure created per call costs more than the parsing here.
  const y = (buf[start] - 48) * 1000 + (buf[start + 1] - 48) * 100 + (buf[start + 2] - 48) * 10 + (buf[start + 3] - 48);
  const m = (buf[start + 5] - 48) * 10 + (buf[start + 6] - 48);
  const d = (buf[start + 8] - 48) * 10 + (buf[start + 9] - 48);
  for (const k of DIGITS) if (buf[start + k] < 48 || buf[start + k] > 57) return Number.NaN;
  if (!(y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  const key = ((y - 1900) * 12 + m - 1) * 31 + d - 1;
  isoDays ??= new Float64Array(300 * 12 * 31).fill(Number.NaN);
  const cached = isoDays[key];
  if (!Number.isNaN(cached)) return cached;
  const day = parseIsoDay(buf.toString('latin1', start, end));
  if (day === null) return Number.NaN;
  isoDays[key] = day;
  return day;
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain decimal ("-12.50", "7") in buf[start, end), or NaN (then the caller uses Number()).
 * With at most 15 digits the digits are an exact integer m and 10^k is exact, so m / 10^k is the
 * correctly rounded value — the same double Number() returns.
 */
function decimalOfBytes(buf: Buffer, start: number, end: number): number {
  let k = start;
  const negative = buf[k] === 0x2d;
  if (negative) k++;
  const intStart = k;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; k < end; k++) {
    const c = buf[k];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 0x2e && dot < 0) dot = k;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15 || dot === intStart || dot === end - 1) return Number.NaN;
  const v = dot < 0 ? m : m / POW10[end - dot - 1];
  return negative ? -v : v;
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
