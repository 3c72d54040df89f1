// The workspace's complaint categories, root causes and teams, read once per session.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export function useComplaintSettings() {
  return useQuery({
    queryKey: ['complaint-settings'],
    queryFn: () => api.GET('/complaint-settings'),
    staleTime: 60_000,
  });
}

export function useComplaintTeams() {
  const query = useQuery({
    queryKey: ['complaint-teams'],
    queryFn: () => api.GET('/complaint-teams'),
    staleTime: 60_000,
  });
  const teams = query.data?.items ?? [];
  const people = new Map<string, string>();
  for (const team of teams) for (const m of team.members) people.set(m.userId, m.name);
  return { query, teams, people };
}
