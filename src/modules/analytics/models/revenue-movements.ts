// Contractual revenue movements and retention over a customer × month MRR series — pure, no I/O;
// shared by GET /kpis/revenue-retention (MRR from contracts, integer minor units) and
// `tenure mrr FILE` (MRR from a file, scaled to whole units by the caller so sums are exact).
//
// MRR is a month-end snapshot: `mrr(c, m)` is customer c's recurring revenue at the end of month
// m, 0 for a month without a row. A period [from, to] (whole months) compares each customer's MRR
// at the end of the month before `from` (start) with the end of `to` (end):
//   new           start 0, end > 0, no MRR in any month before the start      → + end
//   reactivation  start 0, end > 0, MRR in some earlier month                  → + end
//   expansion     start > 0, end > start                                      → + (end − start)
//   contraction   start > 0, 0 < end < start                                  → + (start − end)
//   churned       start > 0, end 0                                            → + start
// so that end MRR = start + new + reactivation + expansion − contraction − churned, and
//   GRR = (start − contraction − churned) / start, NRR = (start + expansion − contraction − churned) / start
//   logo churn = customers with MRR at the start and none at the end / customers with MRR at the start
//   quick ratio = (new + expansion + reactivation) / (contraction + churned)
// (null where the denominator is 0). GRR and NRR thus only see the customers of the start (the
// cohort convention of ChartMogul, Baremetrics and KeyBanc's SaaS survey); a customer who came and
// went inside the period moves nothing at the period level but shows in the per-month breakdown,
// where each month is a period of its own (its start is the end of the month before).
import { ModelInputError } from './rows.ts';

/** Months as a count since year 0 (`year × 12 + month − 1`), so consecutive months differ by 1. */
export type MonthNumber = number;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → its month number; null if the text is not a month from 1900-01 to 2199-12. */
export function parseMonth(text: string): MonthNumber | null {
  const m = MONTH.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2199) return null;
  return year * 12 + Number(m[2]) - 1;
}

export const formatMonth = (n: MonthNumber): string =>
  `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;

export type MrrPoint = { customer: string; month: MonthNumber; mrr: number };

export const movementKinds = ['new', 'expansion', 'contraction', 'churned', 'reactivation'] as const;
export type MovementKind = (typeof movementKinds)[number];

export type Movements = {
  start: number;
  end: number;
  new: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  customersAtStart: number;
  customersLost: number;
};

export type RetentionFigures = Movements & {
  grr: number | null;
  nrr: number | null;
  logoChurn: number | null;
  quickRatio: number | null;
};

export type CustomerMovement = { customer: string; kind: MovementKind; start: number; end: number; amount: number };

export type RevenueRetention = RetentionFigures & {
  from: MonthNumber;
  to: MonthNumber;
  months: (RetentionFigures & { month: MonthNumber })[];
};

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function retentionRatios(m: Movements): RetentionFigures {
  return {
    ...m,
    grr: ratio(m.start - m.contraction - m.churned, m.start),
    nrr: ratio(m.start + m.expansion - m.contraction - m.churned, m.start),
    logoChurn: ratio(m.customersLost, m.customersAtStart),
    quickRatio: ratio(m.new + m.expansion + m.reactivation, m.contraction + m.churned),
  };
}

/** How one customer moved between two snapshots; null when nothing moved. */
export function classify(
  start: number,
  end: number,
  seenBefore: boolean,
): { kind: MovementKind; amount: number } | null {
  if (start === 0 && end > 0) return { kind: seenBefore ? 'reactivation' : 'new', amount: end };
  if (start > 0 && end === 0) return { kind: 'churned', amount: start };
  if (start > 0 && end > start) return { kind: 'expansion', amount: end - start };
  if (start > 0 && end < start) return { kind: 'contraction', amount: start - end };
  return null;
}

type Series = Map<string, Map<MonthNumber, number>>;

/** Sums the points per customer and month (one row per subscription is fine); refuses negative MRR. */
export function buildSeries(points: Iterable<MrrPoint>): Series {
  const series: Series = new Map();
  for (const p of points) {
    if (!Number.isFinite(p.mrr) || p.mrr < 0)
      throw new ModelInputError(`customer ${p.customer}: MRR must be a number of 0 or more`);
    let months = series.get(p.customer);
    if (!months) series.set(p.customer, (months = new Map()));
    months.set(p.month, (months.get(p.month) ?? 0) + p.mrr);
  }
  return series;
}

const firstPositive = (months: Map<MonthNumber, number>): MonthNumber => {
  let first = Infinity;
  for (const [m, v] of months) if (v > 0 && m < first) first = m;
  return first;
};

type Firsts = Map<string, MonthNumber>;
const firstsOf = (series: Series): Firsts => new Map([...series].map(([c, months]) => [c, firstPositive(months)]));

/** Each customer's movement between the end of `startMonth` and the end of `endMonth`. */
export function customerMovements(series: Series, startMonth: MonthNumber, endMonth: MonthNumber): CustomerMovement[] {
  const out: CustomerMovement[] = [];
  const firsts = firstsOf(series);
  for (const [customer, months] of series) {
    const start = months.get(startMonth) ?? 0;
    const end = months.get(endMonth) ?? 0;
    const moved = classify(start, end, (firsts.get(customer) as number) < startMonth);
    if (moved) out.push({ customer, start, end, ...moved });
  }
  return out.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
}

function between(series: Series, firsts: Firsts, startMonth: MonthNumber, endMonth: MonthNumber): RetentionFigures {
  const m: Movements = {
    start: 0,
    end: 0,
    new: 0,
    expansion: 0,
    contraction: 0,
    churned: 0,
    reactivation: 0,
    customersAtStart: 0,
    customersLost: 0,
  };
  for (const [customer, months] of series) {
    const start = months.get(startMonth) ?? 0;
    const end = months.get(endMonth) ?? 0;
    m.start += start;
    m.end += end;
    if (start > 0) m.customersAtStart++;
    const moved = classify(start, end, (firsts.get(customer) as number) < startMonth);
    if (!moved) continue;
    m[moved.kind] += moved.amount;
    if (moved.kind === 'churned') m.customersLost++;
  }
  return retentionRatios(m);
}

/** The period [from, to] (inclusive months) and each of its months. */
export function revenueRetention(series: Series, from: MonthNumber, to: MonthNumber): RevenueRetention {
  if (to < from) throw new ModelInputError('the period must not end before it starts');
  const firsts = firstsOf(series);
  const months: RevenueRetention['months'] = [];
  for (let m = from; m <= to; m++) months.push({ month: m, ...between(series, firsts, m - 1, m) });
  return { from, to, ...between(series, firsts, from - 1, to), months };
}

/** The months the series covers (with MRR > 0), or null when it is empty. */
export function seriesSpan(series: Series): { first: MonthNumber; last: MonthNumber } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const months of series.values())
    for (const [m, v] of months)
      if (v > 0) {
        if (m < first) first = m;
        if (m > last) last = m;
      }
  return first === Infinity ? null : { first, last };
}
