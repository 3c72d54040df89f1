// Owns what the web app knows about the KPI API (revenue retention, cohorts, the summary, the
// complaints trend, the filters' choices):
// response shapes from the OpenAPI document, query keys and hooks.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';
import type { paths } from './api-types.ts';

export type RevenueRetentionDto = Schemas['RevenueRetention'];
export type CohortMatrixDto = Schemas['CohortMatrix'];
export type KpiSummaryDto = Schemas['KpiSummary'];
export type KpiRatio = KpiSummaryDto['logoRetention']['current'];
export type Period = { from: string; to: string };
export type CohortMetric = CohortMatrixDto['metric'];
export type ComplaintsTrendDto = Schemas['ComplaintsTrend'];
/** The KPI home's customer filters (tier, saved segment, account manager); absent: everyone. */
type FilterQuery = NonNullable<paths['/kpis/summary']['get']['parameters']['query']>;
/** The KPI home's customer filters (tier, RFM segment, saved segment, account manager); absent: everyone. */
export type KpiFilters = Partial<Pick<FilterQuery, 'tier' | 'rfmSegment' | 'segment' | 'accountManager'>>;

/** A period and the filters as a query string (for the CSV links). */
export const kpiQuery = (p: Period, f: KpiFilters, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    ...p,
    ...(Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>),
    ...extra,
  });

const month = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** The last `months` whole months up to the current one (UTC), as the API counts them. */
export function lastMonths(months: number, now = new Date()): Period {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return { from: month(from), to: month(now) };
}

export const useRevenueRetention = (p: Period, f: KpiFilters = {}) =>
  useQuery({
    queryKey: ['kpis', 'revenue', p, f],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/revenue-retention', { params: { query: { ...p, ...f } }, signal }),
  });

export const useCohorts = (p: Period, metric: CohortMetric) =>
  useQuery({
    queryKey: ['kpis', 'cohorts', p, metric],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/cohorts', { params: { query: { ...p, metric } }, signal }),
  });

export const useKpiSummary = (p: Period, f: KpiFilters = {}) =>
  useQuery({
    queryKey: ['kpis', 'summary', p, f],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/summary', { params: { query: { ...p, ...f } }, signal }),
  });

export const useComplaintsTrend = (p: Period, f: KpiFilters = {}) =>
  useQuery({
    queryKey: ['kpis', 'complaints-trend', p, f],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/complaints-trend', { params: { query: { ...p, ...f } }, signal }),
  });

/** Saved segments to filter by (the first 100, newest first). */
export const useSegmentChoices = (enabled: boolean) =>
  useQuery({
    queryKey: ['segments', 'choices'],
    enabled,
    staleTime: 60_000,
    queryFn: ({ signal }) => api.GET('/segments', { params: { query: { limit: 100 } }, signal }),
  });
