// Owns the analyst's revenue-movement run on a CSV of one row per customer and month with MRR
// (`tenure mrr`): no workspace, no database. Amounts are in the file's units; they are scaled to
// whole numbers by their most decimal places (at most 6) before summing, so totals are exact to
// the cent, and scaled back in the result. Several rows of one customer and month add up (one row
// per subscription is fine). The first bad row stops the run with its line (exit 65).
import { readCsvTable, requireColumn } from '../../lib/csv-table.ts';
import { inputError } from './analytics.clv-file.ts';
import {
  buildSeries,
  formatMonth,
  type MrrPoint,
  parseMonth,
  revenueRetention,
  type RetentionFigures,
  seriesSpan,
} from './models/index.ts';

export type MrrFileOptions = {
  customerCol: string;
  monthCol: string;
  mrrCol: string;
  from?: string;
  to?: string;
  delimiter: string;
};

type Figures = {
  startMrr: number;
  new: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  grr: number | null;
  nrr: number | null;
  logoChurn: number | null;
  quickRatio: number | null;
};
type Parts = { endMrr: number; customersAtStart: number; customersLost: number };

/** The ten figures of the period, and `breakdown`: the period's other parts and each month's figures. */
export type MrrResult = Figures & {
  breakdown: Parts & { from: string; to: string; months: (Figures & Parts & { month: string })[] };
};

const AMOUNT = /^-?(\d+)(?:\.(\d+))?$/;

const figures = (f: RetentionFigures, scale: number): Figures => ({
  startMrr: f.start / scale,
  new: f.new / scale,
  expansion: f.expansion / scale,
  contraction: f.contraction / scale,
  churned: f.churned / scale,
  reactivation: f.reactivation / scale,
  grr: f.grr,
  nrr: f.nrr,
  logoChurn: f.logoChurn,
  quickRatio: f.quickRatio,
});

const parts = (f: RetentionFigures, scale: number): Parts => ({
  endMrr: f.end / scale,
  customersAtStart: f.customersAtStart,
  customersLost: f.customersLost,
});

export async function runMrr(file: string, o: MrrFileOptions): Promise<MrrResult> {
  const table = await readCsvTable(file, {
    delimiter: o.delimiter,
    keep: (header) => {
      requireColumn(header, o.customerCol, '--customer-col');
      requireColumn(header, o.monthCol, '--month-col');
      requireColumn(header, o.mrrCol, '--mrr-col');
      return [...new Set([o.customerCol, o.monthCol, o.mrrCol])];
    },
  });
  const ids = table.columns.get(o.customerCol) as string[];
  const months = table.columns.get(o.monthCol) as string[];
  const amounts = table.columns.get(o.mrrCol) as string[];
  let decimals = 0;
  for (let i = 0; i < table.rows; i++) {
    const at = `line ${table.lines[i]}`;
    if (ids[i].trim() === '') throw inputError(`${at}: the customer id (${o.customerCol}) is empty`);
    if (parseMonth(months[i].trim()) === null)
      throw inputError(`${at}: the month (${o.monthCol}) must be YYYY-MM, got ${JSON.stringify(months[i])}`);
    const m = AMOUNT.exec(amounts[i].trim());
    if (!m || amounts[i].trim().startsWith('-'))
      throw inputError(`${at}: the MRR (${o.mrrCol}) must be a number of 0 or more, got ${JSON.stringify(amounts[i])}`);
    if ((m[2]?.length ?? 0) > 6) throw inputError(`${at}: the MRR (${o.mrrCol}) has more than 6 decimal places`);
    decimals = Math.max(decimals, m[2]?.length ?? 0);
  }
  const scale = 10 ** decimals;
  const points: MrrPoint[] = Array.from({ length: table.rows }, (_, i) => ({
    customer: ids[i].trim(),
    month: parseMonth(months[i].trim()) as number,
    mrr: Math.round(Number(amounts[i].trim()) * scale),
  }));
  const series = buildSeries(points);
  const span = seriesSpan(series);
  if (!span) throw inputError('the file has no MRR above 0');
  const from = o.from === undefined ? span.first + 1 : (parseMonth(o.from) as number);
  const to = o.to === undefined ? span.last : (parseMonth(o.to) as number);
  if (to < from) throw inputError(`the period ends (${formatMonth(to)}) before it starts (${formatMonth(from)})`);
  const r = revenueRetention(series, from, to);
  return {
    ...figures(r, scale),
    breakdown: {
      from: formatMonth(from),
      to: formatMonth(to),
      ...parts(r, scale),
      months: r.months.map((m) => ({ month: formatMonth(m.month), ...figures(m, scale), ...parts(m, scale) })),
    },
  };
}
