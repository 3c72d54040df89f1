// Owns reading a KPI period: whole UTC months [from, to], defaulting to the twelve months up to the
// current one, at most ten years long, and the same length just before it (the previous period).
import { invalidField } from '../../errors.ts';
import { formatMonth, type MonthNumber, parseMonth } from '../analytics/index.ts';
import { type Problem, problem } from '../../lib/problems.ts';

export type Period = { from: MonthNumber; to: MonthNumber };

const MAX_MONTHS = 120;

const invalid = (path: string, p: Problem) => invalidField(`query.${path}`, p, `The period ${p.message}`);

export const monthOf = (d: Date): MonthNumber => d.getUTCFullYear() * 12 + d.getUTCMonth();

/** The first instant of a month (UTC). */
export const monthStart = (m: MonthNumber): Date => new Date(Date.UTC(Math.floor(m / 12), m % 12, 1));

export function resolvePeriod(now: Date, q: { from?: string; to?: string }): Period {
  const to = q.to === undefined ? monthOf(now) : (parseMonth(q.to) as MonthNumber);
  const from = q.from === undefined ? to - 11 : (parseMonth(q.from) as MonthNumber);
  if (from > to) throw invalid('from', problem('not_after', { other: 'to' }));
  if (to - from + 1 > MAX_MONTHS) throw invalid('from', problem('span_months', { max: MAX_MONTHS }));
  return { from, to };
}

/** The period of the same length just before. */
export const previousPeriod = (p: Period): Period => ({ from: 2 * p.from - p.to - 1, to: p.from - 1 });

export const periodLabel = (p: Period) => ({ from: formatMonth(p.from), to: formatMonth(p.to) });
