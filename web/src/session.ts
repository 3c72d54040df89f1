// Owns who is signed in, for the whole app: the /auth/me query and its mutations.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, type Permission } from '../../src/http/permissions.ts';
import { ApiError, api, type MeDto } from './api.ts';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.GET('/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.problem.status === 401) return null;
        throw err;
      }
    },
  });
}

export function useSessionActions() {
  const qc = useQueryClient();
  // A new caller (or workspace) invalidates everything cached for the previous one.
  const become = (me: MeDto | null) => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    qc.setQueryData(['me'], me);
  };
  const login = useMutation({
    mutationFn: (body: { email: string; password: string; code?: string }) => api.POST('/auth/login', { body }),
    onSuccess: become,
  });
  const logout = useMutation({
    mutationFn: () => api.POST('/auth/logout'),
    onSettled: () => become(null),
  });
  const switchWorkspace = useMutation({
    mutationFn: (workspaceId: string) => api.POST('/auth/switch', { body: { workspaceId } }),
    onSuccess: become,
  });
  return { login, logout, switchWorkspace };
}

/** The same permission table the server enforces, so the UI only offers what will work. */
export const allowed = (me: MeDto | null | undefined, permission: Permission) =>
  Boolean(me && can(me.role, permission));
