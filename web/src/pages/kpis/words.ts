// Owns how KPI numbers become text on the KPI home: percentages, ratios, months and the change
// against the previous period, in the workspace's locale.
import { useFormat } from '../../format.ts';
import type { KpiRatio } from '../../kpis-api.ts';

export function useKpiWords() {
  const fmt = useFormat();
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmt.percent(v));
  const num = (v: number | null | undefined, digits = 2) =>
    v === null || v === undefined
      ? '—'
      : new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: digits }).format(v);
  /** "2025-03" as "Mar 2025" in the workspace's locale. */
  const month = (m: string) => fmt.month(m);
  /** A ratio's parts, "12 / 40". */
  const parts = (r: KpiRatio) => `${fmt.number(r.numerator)} / ${fmt.number(r.denominator)}`;
  return { fmt, pct, num, month, parts };
}
