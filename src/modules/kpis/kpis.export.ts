// Owns the CSV exports of the KPI home's tables: the cohort matrix (one row per acquisition month)
// and the revenue movements (one row per month, then the period). Column names are codes, not
// sentences, so a spreadsheet in any language reads them the same way.
import { csvLine } from '../../lib/csv.ts';
import type { CohortMatrixDto, RevenueRetentionDto } from './kpis.dto.ts';

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
