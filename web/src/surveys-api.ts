// Owns what the web app knows about surveys and the feedback register: response shapes from the
// OpenAPI document, query keys and hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type SurveySettingsDto = Schemas['SurveySettings'];
export type SurveyResultsDto = Schemas['SurveyResults'];
export type SurveyDto = Schemas['Survey'];
export type FeedbackDto = Schemas['Feedback'];
export type FeedbackKind = FeedbackDto['kind'];
export type SurveyCategory = 'promoter' | 'passive' | 'detractor' | 'satisfied' | 'dissatisfied';

const keys = {
  settings: ['surveys', 'settings'] as const,
  results: (from: string, to: string) => ['surveys', 'results', from, to] as const,
  list: (q: string, category: SurveyCategory | null) => ['surveys', 'list', q, category] as const,
  customerFeedback: (id: string) => ['feedback', 'customer', id] as const,
};

export const useSurveySettings = () =>
  useQuery({ queryKey: keys.settings, queryFn: ({ signal }) => api.GET('/survey-settings', { signal }) });

export function useSaveSurveySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<SurveySettingsDto>) => api.PATCH('/survey-settings', { body }),
    onSuccess: (data) => qc.setQueryData(keys.settings, data),
  });
}

export const useSurveyResults = (from: string, to: string) =>
  useQuery({
    queryKey: keys.results(from, to),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/surveys/results', { params: { query: { from, to } }, signal }),
  });

export const useSurveyAnswers = (q: string, category: SurveyCategory | null) =>
  useQuery({
    queryKey: keys.list(q, category),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.GET('/surveys', {
        params: { query: { answered: 'true', limit: 50, ...(q ? { q } : {}), ...(category ? { category } : {}) } },
        signal,
      }),
  });

export const useCustomerFeedback = (customerId: string) =>
  useQuery({
    queryKey: keys.customerFeedback(customerId),
    queryFn: ({ signal }) => api.GET('/feedback', { params: { query: { customerId, limit: 50 } }, signal }),
  });

export const useCustomerSurveys = (customerId: string) =>
  useQuery({
    queryKey: ['surveys', 'customer', customerId],
    queryFn: ({ signal }) => api.GET('/surveys', { params: { query: { customerId, limit: 20 } }, signal }),
  });

export function useRecordFeedback(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RecordFeedback']) => api.POST('/feedback', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.customerFeedback(customerId) }),
  });
}
