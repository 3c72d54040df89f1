// Owns the CSV exports of the KPI home's tables: the cohort matrix (one row per acquisition month),
// the revenue movements (one row per month, then the period) and the summary's ratios. Column names are codes, not
// sentences, so a spreadsheet in any language reads them the same way.
import { csvLine } from '../../lib/csv.ts';
import type { CohortMatrixDto, KpiSummaryDto, RevenueRetentionDto } from './kpis.dto.ts';

export function cohortCsv(m: CohortMatrixDto): string {
  const width = m.cohorts.reduce((n, c) => Math.max(n, c.values.length), 0);
  const header = ['cohort', 'size', ...Array.from({ length: width }, (_, k) => `m${k}`)];
  return [csvLine(header), ...m.cohorts.map((c) => csvLine([c.cohort, c.size, ...c.values]))].join('');
}

const columns = [
  'startMrrMinor',
  'newMinor',
  'expansionMinor',
  'reactivationMinor',
  'contractionMinor',
  'churnedMinor',
  'endMrrMinor',
  'grr',
  'nrr',
  'logoChurn',
  'quickRatio',
] as const;

export function revenueCsv(r: RevenueRetentionDto): string {
  const row = (label: string, f: Record<(typeof columns)[number], number | null>) =>
    csvLine([label, ...columns.map((k) => f[k] ?? '')]);
  return [
    csvLine(['month', ...columns]),
    ...r.breakdown.months.map((m) => row(m.month, m)),
    row(`${r.breakdown.from}..${r.breakdown.to}`, { ...r, endMrrMinor: r.breakdown.endMrrMinor }),
  ].join('');
}

const ratios = [
  'logoRetention',
  'logoChurn',
  'repeatPurchaseRate',
  'defectionRate',
  'complaintsPer1000',
  'slaCompliance',
  'complimentsPer1000',
] as const;

/** One row per ratio KPI of the summary: numerator, denominator and value, this period then the previous one. */
export function summaryCsv(s: KpiSummaryDto): string {
  const parts = ['numerator', 'denominator', 'value'] as const;
  return [
    csvLine(['kpi', 'from', 'to', ...parts, 'previousFrom', 'previousTo', ...parts.map((p) => `previous_${p}`)]),
    ...ratios.map((k) =>
      csvLine([
        k,
        s.from,
        s.to,
        ...parts.map((p) => s[k].current[p] ?? ''),
        s.previousFrom,
        s.previousTo,
        ...parts.map((p) => s[k].previous[p] ?? ''),
      ]),
    ),
  ].join('');
}
