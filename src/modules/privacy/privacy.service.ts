// Use cases of the data-subject request register and the law setting. Who may act is decided by
// the route's permission (`privacy:manage`, owners and admins); the customer must exist here.
import type { Ctx } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { customerExists } from '../customers/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type {
  CreatePrivacyRequestInput,
  ListPrivacyRequestsInput,
  PrivacyRequestDto,
  PrivacyTransitionInput,
} from './privacy.dto.ts';
import * as repo from './privacy.repository.ts';
import type { PrivacyLaw } from './privacy.schema.ts';
import { canMove, defaultLaw, dueAt, nextStatuses, openStatuses, type RequestStatus } from './privacy.status.ts';
import { problem } from '../../lib/problems.ts';

export type PrivacyActor = { userId: string | null; tokenId: string | null };
export const actorLabel = (a: PrivacyActor) =>
  a.tokenId ? `token:${a.tokenId}` : a.userId ? `user:${a.userId}` : 'system';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRequestDto(r: repo.RequestRow, now: Date): PrivacyRequestDto {
  return {
    id: r.id,
    customerId: r.customerId,
    kind: r.kind as PrivacyRequestDto['kind'],
    status: r.status as RequestStatus,
    law: r.law,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    overdue: (openStatuses as readonly string[]).includes(r.status) && r.dueAt < now,
    note: r.note,
    startedAt: iso(r.startedAt),
    closedAt: iso(r.closedAt),
    rejectionReason: r.rejectionReason,
    exportSha256: r.exportSha256,
    exportedAt: iso(r.exportedAt),
    proof: r.proof ?? null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The workspace's law: its choice, else the one its locale suggests. */
export async function privacyLawOf(ctx: Ctx, workspaceId: string): Promise<{ law: PrivacyLaw; chosen: boolean }> {
  const chosen = await repo.findLaw(ctx.db, workspaceId);
  if (chosen) return { law: chosen, chosen: true };
  const ws = await getWorkspace(ctx, workspaceId);
  return { law: defaultLaw(ws.locale), chosen: false };
}

const deadlineDescription = (law: PrivacyLaw) =>
  law === 'lgpd' ? 'LGPD: 15 days from the request' : 'GDPR: one calendar month from the request';

export async function getPrivacySettings(ctx: Ctx, workspaceId: string) {
  const r = await privacyLawOf(ctx, workspaceId);
  return { ...r, deadlineDescription: deadlineDescription(r.law) };
}

export async function updatePrivacySettings(ctx: Ctx, workspaceId: string, input: { law: PrivacyLaw }) {
  await repo.upsertLaw(ctx.db, workspaceId, input.law, ctx.now());
  return getPrivacySettings(ctx, workspaceId);
}

export async function createPrivacyRequest(
  ctx: Ctx,
  workspaceId: string,
  input: CreatePrivacyRequestInput,
  actor: PrivacyActor,
): Promise<PrivacyRequestDto> {
  const now = ctx.now();
  if (!(await customerExists(ctx.db, workspaceId, input.customerId)))
    throw new AppError('validation_failed', 'The customer does not exist', {
      fields: [{ path: 'customerId', ...problem('no_such_customer') }],
    });
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt > now)
    throw new AppError('validation_failed', 'A request cannot arrive in the future', {
      fields: [{ path: 'receivedAt', ...problem('future') }],
    });
  const { law } = await privacyLawOf(ctx, workspaceId);
  const row = await repo.insertRequest(ctx.db, {
    workspaceId,
    id: newId(),
    customerId: input.customerId,
    kind: input.kind,
    status: 'received',
    law,
    receivedAt,
    dueAt: dueAt(law, receivedAt),
    note: input.note ?? null,
    createdBy: actorLabel(actor),
    createdAt: now,
    updatedAt: now,
  });
  return toRequestDto(row, now);
}

async function requestRow(ctx: Ctx, workspaceId: string, id: string) {
  const row = await repo.findRequest(ctx.db, workspaceId, id);
  if (!row) throw notFound('Privacy request');
  return row;
}

export async function getPrivacyRequest(ctx: Ctx, workspaceId: string, id: string): Promise<PrivacyRequestDto> {
  return toRequestDto(await requestRow(ctx, workspaceId, id), ctx.now());
}

export async function listPrivacyRequests(ctx: Ctx, workspaceId: string, q: ListPrivacyRequestsInput) {
  const now = ctx.now();
  const after = q.cursor ? decodeTimeCursor(q.cursor) : undefined;
  const rows = await repo.listRequestRows(
    ctx.db,
    workspaceId,
    {
      status: q.status,
      customerId: q.customerId,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      now,
      after,
    },
    q.limit + 1,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toRequestDto(r, now)),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.receivedAt, last.id) : null,
  };
}

const required = (path: string, to: string) =>
  new AppError('validation_failed', `${path} is required to move a request to ${to}`, {
    fields: [{ path, ...problem('required_to_move', { status: to }) }],
  });

export async function transitionPrivacyRequest(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: PrivacyTransitionInput,
  actor: PrivacyActor,
): Promise<PrivacyRequestDto> {
  const row = await requestRow(ctx, workspaceId, id);
  const from = row.status as RequestStatus;
  const to = input.to as RequestStatus;
  if (!canMove(from, to)) {
    const next = nextStatuses[from];
    throw conflict(
      `A request that is ${from} cannot become ${to}${next.length ? `; it can become ${next.join(' or ')}` : '; it is closed'}`,
    );
  }
  if (to === 'completed' && !input.actions) throw required('actions', to);
  if (to === 'rejected' && !input.reason) throw required('reason', to);
  const now = ctx.now();
  const patch: Partial<repo.RequestInsert> = { status: to, updatedAt: now };
  if (to === 'in_progress') patch.startedAt = now;
  if (to === 'rejected') Object.assign(patch, { closedAt: now, rejectionReason: input.reason });
  if (to === 'completed')
    Object.assign(patch, {
      closedAt: now,
      proof: {
        actions: input.actions as string,
        completedAt: now.toISOString(),
        completedBy: actorLabel(actor),
        exportSha256: input.exportSha256 ?? row.exportSha256,
      },
    });
  const updated = await repo.updateRequestIf(ctx.db, workspaceId, id, from, patch);
  if (!updated) throw conflict('The request changed meanwhile; reload it and try again');
  return toRequestDto(updated, now);
}

/** Records the hash of an export made for a request (proof of what was handed over). */
export async function recordExportHash(ctx: Ctx, workspaceId: string, id: string, sha256: string): Promise<void> {
  await repo.setExportHash(ctx.db, workspaceId, id, sha256, ctx.now());
}

/** Checks an export or erasure names a request of this workspace about this customer. */
export async function assertRequestFor(ctx: Ctx, workspaceId: string, id: string, customerId: string) {
  const row = await repo.findRequest(ctx.db, workspaceId, id);
  if (!row || row.customerId !== customerId)
    throw new AppError('validation_failed', 'The request is not about this customer', {
      fields: [{ path: 'requestId', ...problem('no_such_request') }],
    });
  return row;
}
