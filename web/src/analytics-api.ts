// Owns what the web app knows about the value engine's API (customer pyramid, RFM, CLV model,
// scoring runs, a customer's value) and the retention reports the home dashboard reads: the
// response shapes (from the OpenAPI document, so a renamed field fails the web typecheck), query
// keys and hooks.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { can } from '../../src/http/permissions.ts';
import { api, type MeDto, type Schemas } from './api.ts';

export type PyramidDto = Schemas['Pyramid'];
export type RfmDto = Schemas['RfmGrid'];
export type ClvModelDto = Schemas['ClvModel'];
export type ScoreRunDto = Schemas['ScoringRun'];
export type CustomerValueDto = Schemas['CustomerValue'];
export type ComplaintKpisDto = Schemas['ComplaintKpis'];
export type LoyaltyOverviewDto = Schemas['LoyaltyOverview'];
export type LoyaltyMonthlyDto = Schemas['LoyaltyMonthly'];
export type SlaState = NonNullable<Schemas['Complaint']['slaState']>;

export type Tier = PyramidDto['tiers'][number]['tier'];
export type RfmSegmentDto = RfmDto['segments'][number];
export type RfmSegment = RfmSegmentDto['segment'];
export type MetricDto = CustomerValueDto['metrics'][number];

export const analyticsKeys = {
  all: ['analytics'] as const,
  pyramid: ['analytics', 'pyramid'] as const,
  rfm: ['analytics', 'rfm'] as const,
  clvModel: ['analytics', 'clv-model'] as const,
  scoreRuns: ['analytics', 'score-runs'] as const,
};

export const usePyramid = (enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.pyramid,
    enabled,
    queryFn: ({ signal }) => api.GET('/analytics/pyramid', { signal }),
  });
export const useRfm = (enabled: boolean) =>
  useQuery({ queryKey: analyticsKeys.rfm, enabled, queryFn: ({ signal }) => api.GET('/analytics/rfm', { signal }) });
export const useClvModel = (enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.clvModel,
    enabled,
    retry: false,
    queryFn: ({ signal }) => api.GET('/analytics/clv/model', { signal }),
  });

const latestRuns = async (signal: AbortSignal) =>
  (await api.GET('/analytics/score-runs', { params: { query: { limit: 20 } }, signal })).items;

/** Newest first, as the server lists them. */
export const useScoreRuns = (enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.scoreRuns,
    enabled,
    queryFn: ({ signal }) => latestRuns(signal),
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
  const run = useMutation({ mutationFn: () => api.POST('/analytics/score-runs', { body: { mode: 'full' } }) });
  const queued = run.data;
  const watch = useQuery({
    queryKey: ['score-run-watch', queued?.id],
    enabled: Boolean(queued),
    queryFn: async ({ signal }) =>
      (await latestRuns(signal)).find((r) => r.id === queued?.id) ?? (queued as ScoreRunDto),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 2000),
  });
  const current = watch.data ?? queued ?? null;
  const ended = current && isFinished(current.status) ? `${current.id}:${current.status}` : null;
  useEffect(() => {
    if (ended)
      void qc.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'analytics' || (q.queryKey[0] === 'customer' && q.queryKey[2] === 'value'),
      });
  }, [ended, qc]);
  return { run, current };
}

export const useCustomerValue = (id: string) =>
  useQuery({
    queryKey: ['customer', id, 'value'],
    queryFn: ({ signal }) => api.GET('/customers/{id}/value', { params: { path: { id } }, signal }),
  });

/** Whether the caller's role may queue a scoring run (the server's own permission table). */
export const canRunScoring = (me: MeDto): boolean => can(me.role, 'analytics:write');
