// Owns what the web app knows about churn diagnostics' API (model runs and card, retention
// curves, survival by segment, drivers, the at-risk worklist, a customer's risk) and tasks:
// response shapes from the OpenAPI document, query keys and hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type Schemas } from './api.ts';

export type ChurnRunDto = Schemas['ChurnRun'];
export type ModelCardDto = Schemas['ChurnModelCard'];
export type RetentionDto = Schemas['ChurnRetention'];
export type SurvivalDto = Schemas['ChurnSurvival'];
export type DriversDto = Schemas['ChurnDrivers'];
export type EffectDto = DriversDto['effects'][number];
export type RiskDriverDto = Schemas['ChurnRiskDriver'];
export type WorklistItemDto = Schemas['ChurnWorklistItem'];
export type SegmentKind = SurvivalDto['by'];
export type WorklistFilters = { tier?: 'platinum' | 'gold' | 'iron' | 'lead'; accountManagerId?: string };

const keys = {
  all: ['churn'] as const,
  runs: ['churn', 'runs'] as const,
  model: ['churn', 'model'] as const,
  retention: ['churn', 'retention'] as const,
  survival: (by: SegmentKind) => ['churn', 'survival', by] as const,
  drivers: ['churn', 'drivers'] as const,
  worklist: (f: WorklistFilters, cursor: string | null) => ['churn', 'worklist', f, cursor] as const,
};

export const useChurnModel = () =>
  useQuery({ queryKey: keys.model, retry: false, queryFn: ({ signal }) => api.GET('/churn/model', { signal }) });
export const useRetention = () =>
  useQuery({
    queryKey: keys.retention,
    retry: false,
    queryFn: ({ signal }) => api.GET('/churn/retention', { signal }),
  });
export const useSurvival = (by: SegmentKind) =>
  useQuery({
    queryKey: keys.survival(by),
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/churn/survival', { params: { query: { by } }, signal }),
  });
export const useDrivers = () =>
  useQuery({ queryKey: keys.drivers, retry: false, queryFn: ({ signal }) => api.GET('/churn/drivers', { signal }) });
export const useWorklist = (filters: WorklistFilters, cursor: string | null) =>
  useQuery({
    queryKey: keys.worklist(filters, cursor),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.GET('/churn/worklist', {
        params: { query: { ...filters, limit: 25, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
  });

const isFinished = (status: ChurnRunDto['status']) => status === 'succeeded' || status === 'failed';

export const useChurnRuns = () =>
  useQuery({
    queryKey: keys.runs,
    queryFn: async ({ signal }) =>
      (await api.GET('/churn/model/runs', { params: { query: { limit: 10 } }, signal })).items,
    refetchInterval: (q) => (q.state.data?.some((r) => !isFinished(r.status)) ? 3000 : false),
  });

/** Queues a run; when the newest run ends, every churn view is fetched again. */
export function useRunChurn() {
  const qc = useQueryClient();
  const runs = useChurnRuns();
  const run = useMutation({
    mutationFn: () => api.POST('/churn/model/runs', { body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.runs }),
  });
  const newest = runs.data?.[0];
  const ended = newest && isFinished(newest.status) ? `${newest.id}:${newest.status}` : null;
  useEffect(() => {
    if (ended) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'churn' && q.queryKey[1] !== 'runs' });
  }, [ended, qc]);
  return { run, busy: Boolean(newest && !isFinished(newest.status)) };
}

export const useCustomerChurn = (id: string) =>
  useQuery({
    queryKey: ['customer', id, 'churn'],
    queryFn: ({ signal }) => api.GET('/customers/{id}/churn', { params: { path: { id } }, signal }),
  });

export function useAssignTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateTask']) => api.POST('/tasks', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export const useMyTasks = (enabled: boolean) =>
  useQuery({
    queryKey: ['tasks', 'mine'],
    enabled,
    queryFn: ({ signal }) =>
      api.GET('/tasks', { params: { query: { assignee: 'me', status: 'open', limit: 50 } }, signal }),
  });
