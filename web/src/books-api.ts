// Owns what the web app knows about tasks, account books and people (my tasks, my book, the
// scoreboard, kudos): response shapes from the OpenAPI document, query keys and hooks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type MyTaskDto = Schemas['MyTask'];
export type BookKpisDto = Schemas['BookKpis'];
export type BookCustomerDto = Schemas['BookCustomer'];
export type ScoreboardDto = Schemas['Scoreboard'];
export type FiguresDto = Schemas['PeopleFigures'];
export type KudosDto = Schemas['Kudos'];
export type TaskSource = NonNullable<MyTaskDto['source']>;
export const taskSources: TaskSource[] = [
  'manual',
  'churn_worklist',
  'survey_detractor',
  'campaign',
  'complaint',
  'offer',
];

export type MyTasksFilter = { status: 'open' | 'done' | 'cancelled'; source?: TaskSource; overdue?: 'true' | 'false' };

export const useMyTasks = (f: MyTasksFilter) =>
  useQuery({
    queryKey: ['tasks', 'mine', f],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/me/tasks', { params: { query: { ...f, limit: 200 } }, signal }),
  });

export function useUpdateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Schemas['UpdateTask'] & { id: string }) =>
      api.PATCH('/tasks/{id}', { params: { path: { id } }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export const useMyBook = () =>
  useQuery({
    queryKey: ['books', 'mine'],
    queryFn: ({ signal }) => api.GET('/me/book', { params: { query: { limit: 200 } }, signal }),
  });

export const useScoreboard = (p: { from?: string; to?: string }) =>
  useQuery({
    queryKey: ['people', 'scoreboard', p],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.GET('/people/scoreboard', { params: { query: p }, signal }),
  });

export const useKudos = () =>
  useQuery({
    queryKey: ['people', 'kudos'],
    queryFn: ({ signal }) => api.GET('/kudos', { params: { query: { limit: 100 } }, signal }),
  });

export const usePeople = () =>
  useQuery({
    queryKey: ['people', 'directory'],
    queryFn: ({ signal }) => api.GET('/people', { signal }),
    staleTime: 60_000,
  });

export function useGiveKudos() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['GiveKudos']) => api.POST('/kudos', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['people'] }),
  });
}
