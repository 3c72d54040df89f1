// Owns who is acting in the current request, for audit rows written deep inside services: the
// HTTP middleware opens the scope, services that know before/after values read it. Carried by
// AsyncLocalStorage so the services' signatures stay the same for every caller (CLI, jobs).
import { AsyncLocalStorage } from 'node:async_hooks';

export type AuditRequest = {
  workspaceId: string | null;
  actorType: 'user' | 'token' | 'system';
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  method: string;
  route: string | null;
  requestId: string | null;
  /** Rows a service wrote for this request (inside its own transaction). */
  recorded: number;
};

const storage = new AsyncLocalStorage<AuditRequest>();

export const withAuditRequest = <T>(request: AuditRequest, fn: () => Promise<T>): Promise<T> =>
  storage.run(request, fn);

export const currentAuditRequest = (): AuditRequest | undefined => storage.getStore();
