// Owns what the web app knows about a campaign's after-the-fact learning: its uplift model (fit,
// read) and uploaded external results (upload a CSV, read the analyses); also saving "the top X %
// by uplift" as a segment for the next campaign.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type CampaignUpliftDto = Schemas['CampaignUplift'];
export type ExternalResultDto = Schemas['CampaignExternalResult'];

export const useCampaignUplift = (id: string) =>
  useQuery({
    queryKey: ['campaigns', 'uplift', id],
    retry: false,
    queryFn: ({ signal }) => api.GET('/campaigns/{id}/uplift', { signal, params: { path: { id } } }),
    refetchInterval: (q) => (q.state.data?.status === 'queued' || q.state.data?.status === 'running' ? 3000 : false),
  });

export function useFitUplift(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (days: number) => api.POST('/campaigns/{id}/uplift', { params: { path: { id } }, body: { days } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns', 'uplift', id] }),
  });
}

/** Saves a segment of the top `topPercent` % of the campaign's members by predicted uplift. */
export function useSaveUpliftSegment(id: string) {
  return useMutation({
    mutationFn: (input: { name: string; topPercent: number }) =>
      api.POST('/segments', {
        body: {
          name: input.name,
          definition: { all: [{ field: 'upliftTop', campaignId: id, topPercent: input.topPercent }] },
        },
      }),
  });
}

export const useExternalResults = (id: string) =>
  useQuery({
    queryKey: ['campaigns', 'external', id],
    queryFn: ({ signal }) => api.GET('/campaigns/{id}/results/external', { signal, params: { path: { id } } }),
  });

export function useUploadExternalResults(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { csv: string; armCol: string; control: string; outcomes: string }) =>
      api.POST('/campaigns/{id}/results', {
        params: {
          path: { id },
          query: { armCol: input.armCol, control: input.control, outcomes: input.outcomes, delimiter: ',' },
        },
        body: input.csv,
        bodySerializer: (b: string) => b,
        headers: { 'content-type': 'text/csv' },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns', 'external', id] }),
  });
}
