// Owns what the web app knows about campaigns' API: the campaign list and a campaign's results
// and a campaign's actions, execution progress and conflicts (response shapes from the OpenAPI
// document, query keys and hooks).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type CampaignDto = Schemas['Campaign'];
export type CampaignResultsDto = Schemas['CampaignResults'];
export type CampaignActionDto = Schemas['CampaignAction'];
export type CampaignExecutionDto = Schemas['CampaignExecution'];

export const useCampaigns = () =>
  useQuery({
    queryKey: ['campaigns', 'list'],
    queryFn: ({ signal }) => api.GET('/campaigns', { signal, params: { query: { limit: 100 } } }),
  });

export const useCampaignResults = (id: string | null, days: number) =>
  useQuery({
    queryKey: ['campaigns', 'results', id, days],
    enabled: id !== null,
    retry: false,
    queryFn: ({ signal }) =>
      api.GET('/campaigns/{id}/results', { signal, params: { path: { id: id as string }, query: { days } } }),
  });

export const useCampaignExecution = (id: string) =>
  useQuery({
    queryKey: ['campaigns', 'execution', id],
    queryFn: ({ signal }) => api.GET('/campaigns/{id}/execution', { signal, params: { path: { id } } }),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 3000 : false),
  });

/** Replaces a draft's actions; the campaign list is fetched again. */
export function useSaveActions(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (actions: CampaignActionDto[]) =>
      api.PUT('/campaigns/{id}/actions', { params: { path: { id } }, body: { actions } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns', 'list'] }),
  });
}

export function useStartExecution(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.POST('/campaigns/{id}/execute', { params: { path: { id } } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
