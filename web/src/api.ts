// The web app's API client: same-origin fetch with the session cookie, JSON in and out, and
// problem+json errors turned into ApiError. Response types come from the server's DTOs.
export type { MeDto } from '../../src/modules/auth/auth.dto.ts';
export type { ApiTokenDto, CreatedInvitationDto, InvitationDto, InvitationPreviewDto } from '../../src/modules/auth/auth.dto.ts';
export type { MemberDto, Role } from '../../src/modules/users/users.dto.ts';
export type { WorkspaceDto } from '../../src/modules/workspaces/workspaces.dto.ts';
export type { Address, ConsentDto, CustomerDto, CustomFieldDto, ListCustomersQueryInput, UpdateCustomerInput } from '../../src/modules/customers/customers.dto.ts';
export type { TransactionDto, TransactionSummaryDto } from '../../src/modules/commerce/commerce.dto.ts';
export type { ContractDto } from '../../src/modules/contracts/contracts.dto.ts';
export type { SavedViewDto } from '../../src/modules/saved-views/saved-views.dto.ts';
export type { ComplaintDto, ComplaintSettingsDto, PublicStatusDto, TeamDto } from '../../src/modules/complaints/complaints.dto.ts';
export type { TimelineEvent } from '../../src/modules/timeline/timeline.ts';

/** One page of a cursor-paginated list. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type Problem = { code: string; detail: string; status: number; errors?: { path: string; message: string }[] };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** `signal` lets TanStack Query cancel a request nobody waits for any more (e.g. an older search). */
export async function api<T>(method: string, path: string, body?: unknown, options: { signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    signal: options.signal,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(data ?? { code: 'internal', detail: res.statusText, status: res.status });
  return data as T;
}

/** A query string from parameters, leaving out empty ones. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}
