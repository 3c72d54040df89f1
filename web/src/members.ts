// The workspace's people, for naming account managers. Only roles that may list people ask.
import { useQuery } from '@tanstack/react-query';
import { api, type MeDto } from './api.ts';
import { allowed } from './session.ts';

export function useMembers(me: MeDto) {
  const enabled = allowed(me, 'users:read');
  const query = useQuery({ queryKey: ['users'], queryFn: () => api.GET('/users'), enabled, staleTime: 60_000 });
  const byId = new Map((query.data?.items ?? []).map((m) => [m.id, m]));
  return { enabled, members: query.data?.items ?? [], byId, query };
}
