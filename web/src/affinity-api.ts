// Owns what the web app knows about product affinity's API (runs, rules, the offers' model card,
// a customer's next-best offers): response shapes from the OpenAPI document, query keys and hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type Schemas } from './api.ts';

export type AffinityRuleDto = Schemas['AffinityRule'];
export type AffinityModelDto = Schemas['AffinityModelCard'];
export type AffinityRunDto = Schemas['AffinityRun'];
export type OfferDto = Schemas['NextBestOffer'];
export type RuleFilters = { level: 'product' | 'category'; source: 'basket' | 'portfolio'; minLift?: number };

const isFinished = (status: AffinityRunDto['status']) => status === 'succeeded' || status === 'failed';

export const useAffinityModel = () =>
  useQuery({
    queryKey: ['affinity', 'model'],
    retry: false,
    queryFn: ({ signal }) => api.GET('/affinity/model', { signal }),
  });

export const useAffinityRules = (filters: RuleFilters, cursor: string | null) =>
  useQuery({
    queryKey: ['affinity', 'rules', filters, cursor],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.GET('/affinity/rules', {
        params: { query: { ...filters, limit: 25, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
  });

export const useAffinityRuns = () =>
  useQuery({
    queryKey: ['affinity', 'runs'],
    queryFn: async ({ signal }) =>
      (await api.GET('/affinity/runs', { params: { query: { limit: 10 } }, signal })).items,
    refetchInterval: (q) => (q.state.data?.some((r) => !isFinished(r.status)) ? 3000 : false),
  });

/** Queues a run; when the newest run ends, the rules and the model card are fetched again. */
export function useRunAffinity() {
  const qc = useQueryClient();
  const runs = useAffinityRuns();
  const run = useMutation({
    mutationFn: () => api.POST('/affinity/runs', { body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['affinity', 'runs'] }),
  });
  const newest = runs.data?.[0];
  const ended = newest && isFinished(newest.status) ? `${newest.id}:${newest.status}` : null;
  useEffect(() => {
    if (ended)
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'affinity' && q.queryKey[1] !== 'runs' });
  }, [ended, qc]);
  return { run, busy: Boolean(newest && !isFinished(newest.status)) };
}

export const useCustomerOffers = (id: string) =>
  useQuery({
    queryKey: ['customer', id, 'offers'],
    queryFn: ({ signal }) =>
      api.GET('/customers/{id}/offers', { params: { path: { id }, query: { limit: 5 } }, signal }),
  });
