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

export type BundleSuggestionDto = Schemas['BundleSuggestion'];
export type BundleDto = Schemas['Bundle'];
export type MicroSegmentDto = Schemas['MicroSegment'];
export type OfferEventDto = Schemas['OfferEvent'];
type Outcome = Schemas['OfferOutcome']['outcome'];

export const useBundleSuggestions = () =>
  useQuery({
    queryKey: ['affinity', 'bundle-suggestions'],
    queryFn: ({ signal }) => api.GET('/affinity/bundle-suggestions', { signal }),
  });

export const useBundles = () =>
  useQuery({
    queryKey: ['affinity', 'bundles'],
    queryFn: async ({ signal }) =>
      (await api.GET('/affinity/bundles', { params: { query: { status: 'active' } }, signal })).items,
  });

export function useDefineBundle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateBundle']) => api.POST('/affinity/bundles', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['affinity', 'bundles'] }),
  });
}

export function useArchiveBundle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.POST('/affinity/bundles/{id}/archive', { params: { path: { id } } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['affinity', 'bundles'] }),
  });
}

export const useMicroSegments = () =>
  useQuery({
    queryKey: ['affinity', 'segments'],
    queryFn: ({ signal }) => api.GET('/affinity/segments', { signal }),
  });

export const useOfferEvents = (id: string) =>
  useQuery({
    queryKey: ['customer', id, 'offer-events'],
    queryFn: async ({ signal }) =>
      (await api.GET('/customers/{id}/offer-events', { params: { path: { id } }, signal })).items,
  });

/** An offer's actions on one customer: as a task, into the campaign segment, accepted or declined. */
export function useOfferActions(id: string) {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: ['customer', id] });
  const path = (productId: string) => ({ path: { id, productId } });
  const outcome = useMutation({
    mutationFn: ({ productId, outcome }: { productId: string; outcome: Outcome }) =>
      api.POST('/customers/{id}/offers/{productId}/outcomes', { params: path(productId), body: { outcome } }),
    onSuccess,
  });
  const task = useMutation({
    mutationFn: ({ productId, assigneeId }: { productId: string; assigneeId: string }) =>
      api.POST('/customers/{id}/offers/{productId}/task', { params: path(productId), body: { assigneeId } }),
    onSuccess,
  });
  const campaign = useMutation({
    mutationFn: (productId: string) =>
      api.POST('/customers/{id}/offers/{productId}/campaign', { params: path(productId) }),
    onSuccess,
  });
  return { outcome, task, campaign };
}
