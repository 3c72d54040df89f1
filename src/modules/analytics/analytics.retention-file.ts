// Owns the analyst's contractual retention run — no workspace, no database (`tenure retention`):
// the shifted-beta-geometric model (Fader & Hardie 2007) fitted to one cohort's survivor counts
// (1000, 631, 468, … customers still active at the start of periods 0, 1, 2, …) or to several
// cohorts read from a CSV, with the retention rate of each period, the projected survival, and
// with a discount rate the discounted expected residual lifetime by number of renewals
// (Fader & Hardie 2010).
//
// Cohort CSV: a header, then one row per cohort: a label, then the active counts at the start of
// periods 0, 1, 2, … (the header's names of those columns are free); a cohort observed for fewer
// periods leaves its last cells empty.
//   cohort,0,1,2,3
//   2023,1000,631,468,382
//   2024,800,510,,
import { readCsvTable } from '../../lib/csv-table.ts';
import { inputError } from './analytics.clv-file.ts';
import { fitSbg, ModelInputError, sbgDerl, sbgRetentionRate, sbgSurvival } from './models/index.ts';

export type RetentionOptions = {
  /** One cohort's survivor counts; or `file`. */
  survivors?: number[];
  file?: string;
  /** Periods to project (0..periods); default twice the longest cohort, at least 12. */
  periods?: number;
  /** Per period; adds the discounted expected residual lifetime by renewals. */
  discountRate?: number;
  delimiter: string;
};

export type RetentionResult = {
  alpha: number;
  beta: number;
  logLikelihood: number;
  converged: boolean;
  reason: string;
  standardErrors: { alpha: number; beta: number } | null;
  cohorts: { label: string; observed: number[] }[];
  customers: number;
  /** Retention rate from period t−1 to t, t = 1..periods. */
  retentionRates: number[];
  /** Survival S(t) for t = 0..periods, and expected active customers of all cohorts' starting customers. */
  projection: { period: number; survival: number; expected: number; observed: number | null }[];
  derl: { discountRate: number; byRenewals: { renewals: number; value: number }[] } | null;
};

export async function runRetention(o: RetentionOptions): Promise<RetentionResult> {
  if ((o.survivors === undefined) === (o.file === undefined))
    throw inputError('give either --survivors or a cohort CSV file, not both or neither');
  if (o.discountRate !== undefined && !(o.discountRate > 0))
    throw inputError(`the discount rate must be above 0 for a residual lifetime, got ${o.discountRate}`);
  const cohorts = o.survivors ? [{ label: 'cohort', observed: o.survivors }] : await readCohorts(o.file!, o.delimiter);
  let fit;
  try {
    fit = fitSbg(cohorts.map((c) => c.observed));
  } catch (err) {
    if (err instanceof ModelInputError)
      throw inputError(
        cohorts.length === 1 && o.survivors
          ? err.message.replace(/^cohort 0, /, '').replace(/^cohort 0: /, '')
          : err.message,
      );
    throw err;
  }
  const longest = Math.max(...cohorts.map((c) => c.observed.length - 1));
  const periods = o.periods ?? Math.max(12, 2 * longest);
  const size = cohorts.reduce((s, c) => s + c.observed[0], 0);
  const params = fit.params;
  return {
    alpha: params.alpha,
    beta: params.beta,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    reason: fit.reason,
    standardErrors: fit.standardErrors,
    cohorts,
    customers: size,
    retentionRates: Array.from({ length: periods }, (_, k) => sbgRetentionRate(params, k + 1)),
    projection: Array.from({ length: periods + 1 }, (_, t) => ({
      period: t,
      survival: sbgSurvival(params, t),
      expected: size * sbgSurvival(params, t),
      observed: cohorts.length === 1 && t < cohorts[0].observed.length ? cohorts[0].observed[t] : null,
    })),
    derl:
      o.discountRate === undefined
        ? null
        : {
            discountRate: o.discountRate,
            byRenewals: Array.from({ length: longest + 1 }, (_, r) => ({
              renewals: r,
              value: sbgDerl(params, r, o.discountRate!),
            })),
          },
  };
}

async function readCohorts(file: string, delimiter: string): Promise<{ label: string; observed: number[] }[]> {
  const table = await readCsvTable(file, { delimiter });
  if (table.header.length < 3)
    throw inputError(
      `${file}: expected a label column and the counts of at least two periods (periods 0 and 1), found ${table.header.length} column(s)`,
    );
  const [labelColumn, ...periodColumns] = table.header;
  const labels = table.columns.get(labelColumn)!;
  const counts = periodColumns.map((c) => table.columns.get(c)!);
  return labels.map((label, r) => {
    const line = table.lines[r];
    const cells = counts.map((col) => col[r].trim());
    const last = cells.findLastIndex((c) => c !== '');
    const observed = cells.slice(0, last + 1).map((c, t) => {
      const n = Number(c);
      if (c === '' || !Number.isInteger(n) || n < 0)
        throw inputError(
          `line ${line}: period ${t} of cohort ${JSON.stringify(label)} must be a whole number ≥ 0, got ${JSON.stringify(c)}${c === '' ? ' (only the last periods may be empty)' : ''}`,
        );
      if (t > 0 && n > Number(cells[t - 1]))
        throw inputError(
          `line ${line}: cohort ${JSON.stringify(label)} grows from ${cells[t - 1]} to ${n} in period ${t}: survivors cannot increase`,
        );
      return n;
    });
    if (observed.length < 2)
      throw inputError(
        `line ${line}: cohort ${JSON.stringify(label)} needs its starting count and at least one later count`,
      );
    if (observed[0] === 0) throw inputError(`line ${line}: cohort ${JSON.stringify(label)} starts with 0 customers`);
    return { label: label.trim(), observed };
  });
}
