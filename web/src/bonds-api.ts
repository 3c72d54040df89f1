// Owns what the web app knows about the bonds API: a customer's bonds and their records (with
// add/edit/delete), the workspace summary with the churn validation. Shapes from the OpenAPI document.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from './api.ts';

export type CustomerBondsDto = Schemas['CustomerBonds'];
export type BondExplanationDto = Schemas['BondExplanation'];
export type BondSummaryDto = Schemas['BondSummary'];
export type RelationshipDto = Schemas['BondRelationship'];
export type PreferenceDto = Schemas['BondPreference'];
export type StructuralDto = Schemas['BondStructural'];
export type BondRecordKind = 'relationships' | 'preferences' | 'structural';
export type BondComponent = keyof CustomerBondsDto['components'];
export const bondComponents: BondComponent[] = ['social', 'customisation', 'structural', 'financial'];

const keys = {
  customer: (id: string) => ['bonds', 'customer', id] as const,
  summary: ['bonds', 'summary'] as const,
};

export const useCustomerBonds = (id: string) =>
  useQuery({
    queryKey: keys.customer(id),
    queryFn: ({ signal }) => api.GET('/customers/{id}/bonds', { params: { path: { id } }, signal }),
  });

export const useBondSummary = () =>
  useQuery({ queryKey: keys.summary, queryFn: ({ signal }) => api.GET('/bonds/summary', { signal }) });

type Body = Record<string, unknown>;

/** Creates (no recordId) or changes a record of one kind; refreshes the customer's bonds. */
export function useSaveBondRecord(customerId: string, kind: BondRecordKind) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ recordId, body }: { recordId?: string; body: Body }): Promise<{ id: string }> => {
      const params = { path: { id: customerId, recordId: recordId ?? '' } };
      if (kind === 'relationships')
        return recordId
          ? api.PATCH('/customers/{id}/bonds/relationships/{recordId}', { params, body })
          : api.POST('/customers/{id}/bonds/relationships', {
              params,
              body: body as Schemas['CreateBondRelationship'],
            });
      if (kind === 'preferences')
        return recordId
          ? api.PATCH('/customers/{id}/bonds/preferences/{recordId}', { params, body })
          : api.POST('/customers/{id}/bonds/preferences', { params, body: body as Schemas['CreateBondPreference'] });
      return recordId
        ? api.PATCH('/customers/{id}/bonds/structural/{recordId}', { params, body })
        : api.POST('/customers/{id}/bonds/structural', { params, body: body as Schemas['CreateBondStructural'] });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.customer(customerId) }),
  });
}

export function useDeleteBondRecord(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, recordId }: { kind: BondRecordKind; recordId: string }) => {
      const params = { path: { id: customerId, recordId } };
      if (kind === 'relationships') return api.DELETE('/customers/{id}/bonds/relationships/{recordId}', { params });
      if (kind === 'preferences') return api.DELETE('/customers/{id}/bonds/preferences/{recordId}', { params });
      return api.DELETE('/customers/{id}/bonds/structural/{recordId}', { params });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.customer(customerId) }),
  });
}

export function useActedOn(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (recordId: string) =>
      api.POST('/customers/{id}/bonds/preferences/{recordId}/acted-on', {
        params: { path: { id: customerId, recordId } },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.customer(customerId) }),
  });
}
