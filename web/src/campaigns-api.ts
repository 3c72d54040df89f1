// Owns what the web app knows about campaigns' API: the campaign list and a campaign's results
// and a campaign's actions, execution progress and conflicts (response shapes from the OpenAPI
// document, query keys and hooks).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 2000 : false),
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

// ---- the builder: segments, the plan, the global holdout, creating, scheduling and launching

export type SegmentDto = Schemas['Segment'];
export type SegmentDefinitionDto = Schemas['SegmentDefinition'];
export type SegmentConditionDto = SegmentDefinitionDto['all'][number];
export type SegmentPreviewDto = Schemas['SegmentPreview'];
export type CreateCampaignInput = Schemas['CreateCampaign'];
export type EligibilityDto = Schemas['CampaignEligibility'];
export type PlanInput = Schemas['CampaignPlan'];

export const useSegments = () =>
  useQuery({
    queryKey: ['campaigns', 'segments'],
    queryFn: ({ signal }) => api.GET('/segments', { signal, params: { query: { limit: 200 } } }),
  });

/** The live count and first members of a definition (kept while the next one loads). */
export const useSegmentPreview = (definition: SegmentDefinitionDto | null) =>
  useQuery({
    queryKey: ['campaigns', 'preview', definition],
    enabled: definition !== null,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.POST('/segments/preview', { signal, body: { definition: definition!, limit: 10 } }),
  });

export const useHoldout = () =>
  useQuery({
    queryKey: ['campaigns', 'settings'],
    queryFn: ({ signal }) => api.GET('/campaign-settings', { signal }),
  });

/** Sample size and minimum detectable effect; null input asks nothing. */
export const usePlan = (input: PlanInput | null) =>
  useQuery({
    queryKey: ['campaigns', 'plan', input],
    enabled: input !== null,
    retry: false,
    queryFn: ({ signal }) => api.POST('/campaigns/plan', { signal, body: input! }),
  });

export const useCampaign = (id: string | null) =>
  useQuery({
    queryKey: ['campaigns', 'one', id],
    enabled: id !== null,
    queryFn: ({ signal }) => api.GET('/campaigns/{id}', { signal, params: { path: { id: id! } } }),
  });

export type BuiltCampaign = {
  segment: { id: string } | { name: string; definition: SegmentDefinitionDto };
  campaign: Omit<CreateCampaignInput, 'segmentId'>;
  actions: CampaignActionDto[];
  eligibility: EligibilityDto;
  /** Launch now (and start executing the actions), or leave a draft (scheduled or not). */
  launchNow: boolean;
};

/**
 * The builder's last step: saves the segment when new, drafts the campaign, sets its actions and
 * eligibility, and when asked launches it and starts its execution. Resolves to the campaign.
 */
export function useBuildCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (b: BuiltCampaign) => {
      const segmentId = 'id' in b.segment ? b.segment.id : (await api.POST('/segments', { body: b.segment })).id;
      let campaign = await api.POST('/campaigns', { body: { ...b.campaign, segmentId } });
      const path = { params: { path: { id: campaign.id } } };
      campaign = await api.PUT('/campaigns/{id}/actions', {
        ...path,
        body: { actions: b.actions, eligibility: b.eligibility },
      });
      if (!b.launchNow) return campaign;
      campaign = await api.POST('/campaigns/{id}/launch', path);
      if (b.actions.length > 0) await api.POST('/campaigns/{id}/execute', path);
      return campaign;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

/** Launch or finish a campaign, or set or clear a draft's scheduled launch. */
export function useCampaignMove(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (move: { to: 'launch' | 'finish' } | { scheduledAt: string | null }) => {
      const path = { params: { path: { id } } };
      if ('scheduledAt' in move) return api.PUT('/campaigns/{id}/schedule', { ...path, body: move });
      if (move.to === 'finish') return api.POST('/campaigns/{id}/finish', path);
      const launched = await api.POST('/campaigns/{id}/launch', path);
      if (launched.actions.length > 0) await api.POST('/campaigns/{id}/execute', path);
      return launched;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
