// What the complaint use cases share: the context and actor types, the DTO mapping, status tokens
// and the shape of complaint events. The use cases have a file each: complaints.register.ts,
// complaints.read.ts, complaints.transition.ts, complaints.assign.ts (and compensation, teams,
// settings, the sweep and KPIs beside them). Every change and its domain events commit in one
// transaction.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { hashToken, newPublicToken, workspaceOfToken } from '../../lib/public-token.ts';
import type { Db } from '../../db/client.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { type NewEvent } from '../events/index.ts';
import { type Role } from '../users/index.ts';
import type { ComplaintDto } from './complaints.dto.ts';
import { type ComplaintRow, insertStatusToken } from './complaints.repository.ts';
import { type Severity, type Tier } from './complaints.sla.ts';
import { type ComplaintStatus } from './complaints.status.ts';

/**
 * Who acts: a person (userId) — signed in, or through an API token they made (tokenId too) — a
 * token made by no person (userId null), the customer on the status page, or the system (role null).
 */
export type Actor = { userId: string | null; tokenId: string | null; role: Role | null };

export const actorLabel = (a: Actor) => (a.tokenId ? `token:${a.tokenId}` : a.userId ? `user:${a.userId}` : 'system');
export const mayManage = (role: Role | null) => role === 'owner' || role === 'admin' || role === 'manager';

export function toComplaintDto(r: ComplaintRow): ComplaintDto {
  return {
    id: r.id,
    reference: r.reference,
    customerId: r.customerId,
    category: r.category,
    channel: r.channel,
    source: r.source as ComplaintDto['source'],
    subject: r.subject,
    description: r.description,
    attachments: r.attachments,
    locale: r.locale,
    status: r.status as ComplaintStatus,
    severity: r.severity as Severity | null,
    customerTier: r.customerTier as Tier | null,
    teamId: r.teamId,
    assigneeId: r.assigneeId,
    validityReason: r.validityReason,
    decidedAt: isoOrNull(r.decidedAt),
    slaHours: r.slaHours,
    slaBusinessHours: r.slaBusinessHours,
    deadlineAt: isoOrNull(r.deadlineAt),
    atRiskAt: isoOrNull(r.atRiskAt),
    slaState: r.slaState as ComplaintDto['slaState'],
    breachedAt: isoOrNull(r.breachedAt),
    escalatedAt: isoOrNull(r.escalatedAt),
    solution: r.solution,
    rootCause: r.rootCause,
    resolvedAt: isoOrNull(r.resolvedAt),
    resolvedBy: r.resolvedBy,
    satisfactionScore: r.satisfactionScore,
    satisfactionComment: r.satisfactionComment,
    satisfactionAt: isoOrNull(r.satisfactionAt),
    closedAt: isoOrNull(r.closedAt),
    handlingCostMinor: r.handlingCostMinor,
    registeredAt: r.registeredAt.toISOString(),
    registeredBy: r.registeredBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const invalid = (fields: FieldError[], detail = 'The complaint has invalid fields; see errors') =>
  new AppError('validation_failed', detail, { fields });

// ---- status tokens

export const statusPath = (token: string) => `/api/v1/public/complaints/${token}`;

/** A status-page token (src/lib/public-token.ts). */
export const newStatusToken = newPublicToken;
export { hashToken, workspaceOfToken };

/** Issues another link to the same status page (the resolution message carries a fresh one). */
export async function issueStatusToken(tx: Db, ctx: Ctx, workspaceId: string, complaintId: string): Promise<string> {
  const { token, hash } = newStatusToken(workspaceId);
  await insertStatusToken(tx, { workspaceId, tokenHash: hash, complaintId, createdAt: ctx.now() });
  return token;
}

// ---- events

/** What every complaint event carries, so notifications and webhooks need no second read. */
export function eventBase(r: ComplaintRow) {
  return {
    complaintId: r.id,
    reference: r.reference,
    customerId: r.customerId,
    category: r.category,
    severity: r.severity,
    status: r.status,
    channel: r.channel,
    source: r.source,
    locale: r.locale,
    teamId: r.teamId,
    assigneeId: r.assigneeId,
    deadlineAt: isoOrNull(r.deadlineAt),
    slaState: r.slaState,
  };
}

export const complaintEvent = (
  type: string,
  r: ComplaintRow,
  summary: string,
  extra: Record<string, unknown> = {},
  statusToken?: string,
): NewEvent => ({
  type,
  customerId: r.customerId,
  summary: `Complaint ${r.reference}: ${summary}`.slice(0, 500),
  payload: { ...eventBase(r), ...extra },
  // The customer's link goes to the notifier only, never to webhooks or the events API.
  ...(statusToken ? { secrets: { statusToken } } : {}),
});
