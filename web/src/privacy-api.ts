// Owns what the web app knows about privacy: the data-subject request register, the law setting,
// a customer's export links and erasure. Shapes come from the OpenAPI document.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type PrivacyRequestDto = Schemas['PrivacyRequest'];
export type PrivacyKind = PrivacyRequestDto['kind'];
export type PrivacyStatus = PrivacyRequestDto['status'];
export type PrivacyTransition = Schemas['PrivacyTransition'];
export const privacyKinds: PrivacyKind[] = ['access', 'rectification', 'erasure', 'portability', 'objection'];

export type RequestFilter = { status: PrivacyStatus | null; overdue: boolean };

const keys = {
  all: ['privacy'] as const,
  list: (f: RequestFilter) => ['privacy', 'requests', f.status, f.overdue] as const,
  settings: ['privacy', 'settings'] as const,
};

export const usePrivacyRequests = (f: RequestFilter) =>
  useQuery({
    queryKey: keys.list(f),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.GET('/privacy/requests', {
        params: {
          query: { limit: 200, ...(f.status ? { status: f.status } : {}), ...(f.overdue ? { overdue: 'true' } : {}) },
        },
        signal,
      }),
  });

export const usePrivacySettings = () =>
  useQuery({ queryKey: keys.settings, queryFn: ({ signal }) => api.GET('/privacy/settings', { signal }) });

export function useSavePrivacyLaw() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (law: 'lgpd' | 'gdpr') => api.PUT('/privacy/settings', { body: { law } }),
    onSuccess: (data) => qc.setQueryData(keys.settings, data),
  });
}

export function useCreatePrivacyRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreatePrivacyRequest']) => api.POST('/privacy/requests', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useTransitionPrivacyRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PrivacyTransition }) =>
      api.POST('/privacy/requests/{id}/transitions', { params: { path: { id } }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useEraseCustomer(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.POST('/customers/{id}/erase', { params: { path: { id: customerId } }, body: { confirm: 'ERASE' } }),
    onSuccess: () => qc.invalidateQueries(),
  });
}

/** The export is a download the browser makes itself (the session cookie goes with it). */
export const exportUrl = (customerId: string, format: 'json' | 'csv') =>
  `/api/v1/customers/${encodeURIComponent(customerId)}/export?format=${format}`;
