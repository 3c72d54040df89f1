// The web app's API client: same-origin fetch with the session cookie, JSON in and out, and
// problem+json errors turned into ApiError. Response types come from the server's DTOs.
export type { MeDto } from '../../src/modules/auth/auth.dto.ts';
export type { ApiTokenDto } from '../../src/modules/auth/auth.dto.ts';
export type { MemberDto, Role } from '../../src/modules/users/users.dto.ts';
export type { WorkspaceDto } from '../../src/modules/workspaces/workspaces.dto.ts';

export type Problem = { code: string; detail: string; status: number; errors?: { path: string; message: string }[] };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(data ?? { code: 'internal', detail: res.statusText, status: res.status });
  return data as T;
}
