// Owns the status machine of a data-subject request as data, and its deadline clock.
import type { PrivacyLaw } from './privacy.schema.ts';

export const requestKinds = ['access', 'rectification', 'erasure', 'portability', 'objection'] as const;
export type RequestKind = (typeof requestKinds)[number];

export const requestStatuses = ['received', 'in_progress', 'completed', 'rejected'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** received → in_progress → completed | rejected; a request may also be rejected on arrival. */
export const nextStatuses: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['in_progress', 'rejected'],
  in_progress: ['completed', 'rejected'],
  completed: [],
  rejected: [],
};

export const canMove = (from: RequestStatus, to: RequestStatus) => nextStatuses[from].includes(to);
export const openStatuses = ['received', 'in_progress'] as const satisfies readonly RequestStatus[];

/**
 * When the answer is due. LGPD (art. 19, II): 15 days from the request. GDPR (art. 12(3)): one
 * month — the same day of the next month, or that month's last day when it has no such day
 * (Regulation 1182/71, as the EDPB reads it). Counted in UTC calendar days.
 */
export function dueAt(law: PrivacyLaw, receivedAt: Date): Date {
  if (law === 'lgpd') return new Date(receivedAt.getTime() + 15 * 86_400_000);
  const d = new Date(receivedAt);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 1);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The law a workspace follows when it has not chosen: Brazil's for a Brazilian-Portuguese workspace. */
export const defaultLaw = (workspaceLocale: string): PrivacyLaw => (workspaceLocale === 'pt-BR' ? 'lgpd' : 'gdpr');
