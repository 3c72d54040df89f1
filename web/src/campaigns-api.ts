// Owns what the web app knows about campaigns' API: the campaign list and a campaign's results
// (response shapes from the OpenAPI document, query keys and hooks).
import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type CampaignDto = Schemas['Campaign'];
export type CampaignResultsDto = Schemas['CampaignResults'];

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
