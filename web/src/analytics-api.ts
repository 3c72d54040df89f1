// Owns what the web app knows about the value engine's API (customer pyramid, RFM, CLV model,
// scoring runs, a customer's value) and the retention reports the home dashboard reads: the
// operations, query keys and hooks (the shapes are in analytics-types.ts). Screens show each part
// only when /openapi.json has the operation (capabilities.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { can } from '../../src/http/permissions.ts';
import { api, type MeDto, qs } from './api.ts';
import type { Operation } from './capabilities.ts';
import type { ClvModelDto, CustomerValueDto, PyramidDto, RfmDto, ScoreRunDto } from './analytics-types.ts';

export * from './analytics-types.ts';

/** The operations each screen part reads. */
export const ops = {
  pyramid: 'get /api/v1/analytics/pyramid',
  rfm: 'get /api/v1/analytics/rfm',
  clvModel: 'get /api/v1/analytics/clv/model',
  scoreRuns: 'get /api/v1/analytics/score-runs',
  runScoring: 'post /api/v1/analytics/score-runs',
  customerValue: 'get /api/v1/customers/{id}/value',
  complaintKpis: 'get /api/v1/complaints/kpis',
  complaints: 'get /api/v1/complaints',
  loyaltyOverview: 'get /api/v1/loyalty/reports/overview',
  loyaltyMonthly: 'get /api/v1/loyalty/reports/monthly',
  /** The customers list accepts these filters (query parameters, see capabilities.ts). */
  customersByTier: 'get /api/v1/customers?tier',
  customersBySegment: 'get /api/v1/customers?rfmSegment',
} as const satisfies Record<string, Operation>;

export const analyticsKeys = {
  all: ['analytics'] as const,
  pyramid: ['analytics', 'pyramid'] as const,
  rfm: ['analytics', 'rfm'] as const,
  clvModel: ['analytics', 'clv-model'] as const,
  scoreRuns: ['analytics', 'score-runs'] as const,
};

export const usePyramid = (enabled: boolean) => useQuery({ queryKey: analyticsKeys.pyramid, enabled, queryFn: ({ signal }) => api<PyramidDto>('GET', '/analytics/pyramid', undefined, { signal }) });
export const useRfm = (enabled: boolean) => useQuery({ queryKey: analyticsKeys.rfm, enabled, queryFn: ({ signal }) => api<RfmDto>('GET', '/analytics/rfm', undefined, { signal }) });
export const useClvModel = (enabled: boolean) =>
  useQuery({ queryKey: analyticsKeys.clvModel, enabled, retry: false, queryFn: ({ signal }) => api<ClvModelDto>('GET', '/analytics/clv/model', undefined, { signal }) });

/** Newest first, as the server lists them. */
export const useScoreRuns = (enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.scoreRuns,
    enabled,
    queryFn: async ({ signal }) => (await api<{ items: ScoreRunDto[] }>('GET', `/analytics/score-runs${qs({ limit: 20 })}`, undefined, { signal })).items,
    // While a run is queued or running, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.some((r) => !isFinished(r.status)) ? 3000 : false),
  });

export const isFinished = (status: ScoreRunDto['status']) => status === 'succeeded' || status === 'failed';

/**
 * Queues a full scoring run and follows it; when it ends, everything scores feed (analytics
 * views, customers' value) is fetched again.
 */
export function useRunScoring() {
  const qc = useQueryClient();
  const run = useMutation({ mutationFn: () => api<ScoreRunDto>('POST', '/analytics/score-runs', { mode: 'full' }) });
  const queued = run.data;
  const watch = useQuery({
    queryKey: ['score-run-watch', queued?.id],
    enabled: Boolean(queued),
    queryFn: async ({ signal }) => (await api<{ items: ScoreRunDto[] }>('GET', `/analytics/score-runs${qs({ limit: 20 })}`, undefined, { signal })).items.find((r) => r.id === queued?.id) ?? (queued as ScoreRunDto),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 2000),
  });
  const current = watch.data ?? queued ?? null;
  const ended = current && isFinished(current.status) ? `${current.id}:${current.status}` : null;
  useEffect(() => {
    if (ended) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'analytics' || (q.queryKey[0] === 'customer' && q.queryKey[2] === 'value') });
  }, [ended, qc]);
  return { run, current };
}

export const useCustomerValue = (id: string) =>
  useQuery({ queryKey: ['customer', id, 'value'], queryFn: ({ signal }) => api<CustomerValueDto>('GET', `/customers/${id}/value`, undefined, { signal }) });

/** Whether the caller's role may queue a scoring run (the server's own permission table). */
export const canRunScoring = (me: MeDto): boolean => can(me.role, 'analytics:write');
