// Owns what the web app knows about the KPI API (revenue retention, cohorts, the summary):
// response shapes from the OpenAPI document, query keys and hooks.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type RevenueRetentionDto = Schemas['RevenueRetention'];
export type CohortMatrixDto = Schemas['CohortMatrix'];
export type KpiSummaryDto = Schemas['KpiSummary'];
export type KpiRatio = KpiSummaryDto['logoRetention']['current'];
export type Period = { from: string; to: string };
export type CohortMetric = CohortMatrixDto['metric'];

const month = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** The last `months` whole months up to the current one (UTC), as the API counts them. */
export function lastMonths(months: number, now = new Date()): Period {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return { from: month(from), to: month(now) };
}

export const useRevenueRetention = (p: Period) =>
  useQuery({
    queryKey: ['kpis', 'revenue', p],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/revenue-retention', { params: { query: p }, signal }),
  });

export const useCohorts = (p: Period, metric: CohortMetric) =>
  useQuery({
    queryKey: ['kpis', 'cohorts', p, metric],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/cohorts', { params: { query: { ...p, metric } }, signal }),
  });

export const useKpiSummary = (p: Period) =>
  useQuery({
    queryKey: ['kpis', 'summary', p],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/kpis/summary', { params: { query: p }, signal }),
  });
