// Server state of the loyalty screens: one query key per resource so a change anywhere
// (a reward edited, a redemption in the 360) refreshes every screen that shows it.
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../api.ts';

export const loyaltyKey = ['loyalty'] as const;

/** The program, or null when the workspace has none yet (the API answers 404). */
export function useProgram() {
  return useQuery({
    queryKey: [...loyaltyKey, 'program'],
    queryFn: async () => {
      try {
        return await api.GET('/loyalty/program');
      } catch (err) {
        if (err instanceof ApiError && err.problem.status === 404) return null;
        throw err;
      }
    },
  });
}

export function useLevels() {
  return useQuery({
    queryKey: [...loyaltyKey, 'levels'],
    queryFn: () => api.GET('/loyalty/levels').then((r) => r.items),
  });
}

export function useRewards() {
  return useQuery({
    queryKey: [...loyaltyKey, 'rewards'],
    queryFn: () => api.GET('/loyalty/rewards').then((r) => r.items),
  });
}

export function usePromotions() {
  return useQuery({
    queryKey: [...loyaltyKey, 'promotions'],
    queryFn: () => api.GET('/loyalty/promotions').then((r) => r.items),
  });
}
