// Owns service recovery: a compensation proposal sized to the customer's value and the
// severity, recording what was offered with its cost, manager approval above the workspace's
// threshold, and posting goodwill points through the loyalty hook once approved.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { recordEvents } from '../events/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { CompensationDto, CreateCompensationInput } from './complaints.dto.ts';
import {
  type CompensationRow,
  findCompensation,
  insertCompensation,
  listCompensationRows,
  updateCompensationIf,
} from './complaints.compensation.repository.ts';
import { proposeCompensation } from './complaints.compensation-formula.ts';
import type { ComplaintHooks } from './complaints.hooks.ts';
import type { ComplaintRow } from './complaints.repository.ts';
import { type Actor, actorLabel, complaintEvent } from './complaints.service.ts';
import { getComplaintRow } from './complaints.read.ts';
import { loadSettings } from './complaints.settings.ts';
import type { Severity, Tier } from './complaints.sla.ts';
import { problem } from '../../lib/problems.ts';

const mayApprove = (actor: Actor) => actor.role === 'owner' || actor.role === 'admin' || actor.role === 'manager';
/** Compensation is offered once a complaint is graded, whatever happened after. */
const gradedStatuses = ['valid', 'in_resolution', 'resolved', 'satisfaction_checked', 'closed'];

export function toCompensationDto(r: CompensationRow): CompensationDto {
  return {
    id: r.id,
    complaintId: r.complaintId,
    customerId: r.customerId,
    type: r.type,
    amount: r.amount,
    costMinor: r.costMinor,
    currency: r.currency,
    status: r.status,
    requiresApproval: r.requiresApproval,
    note: r.note,
    proposedBy: r.proposedBy,
    proposedAt: r.proposedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: isoOrNull(r.decidedAt),
    decisionNote: r.decisionNote,
    postedAt: isoOrNull(r.postedAt),
  };
}

function assertGraded(c: ComplaintRow): asserts c is ComplaintRow & { severity: string } {
  if (!gradedStatuses.includes(c.status) || !c.severity)
    throw conflict(`Compensation is for valid complaints with a severity; this one is ${c.status}`);
}

export async function proposalFor(ctx: Ctx, hooks: ComplaintHooks, workspaceId: string, complaintId: string) {
  const complaint = await getComplaintRow(ctx, workspaceId, complaintId);
  assertGraded(complaint);
  const [settings, ws, tier, revenue] = await Promise.all([
    loadSettings(ctx.db, workspaceId),
    getWorkspace(ctx, workspaceId),
    complaint.customerTier
      ? Promise.resolve(complaint.customerTier as Tier)
      : hooks.tierOf(workspaceId, complaint.customerId).then((t) => t ?? 'none'),
    hooks.revenue12mOf(workspaceId, complaint.customerId, ctx.now()),
  ]);
  const p = proposeCompensation({
    revenue12mMinor: revenue,
    severity: complaint.severity as Severity,
    tier,
    capMinor: settings.compensationCapMinor,
    pointValueMinor: settings.pointValueMinor,
  });
  return { ...p, currency: ws.currency, requiresApproval: p.valueMinor > settings.approvalThresholdMinor };
}

/** Posts approved points through the loyalty hook, in the caller's transaction; other types stay approved. */
async function postIfPoints(
  tx: Db,
  ctx: Ctx,
  hooks: ComplaintHooks,
  row: CompensationRow,
  complaint: ComplaintRow,
): Promise<CompensationRow> {
  if (row.type !== 'points' || row.status !== 'approved' || !hooks.postGoodwillPoints) return row;
  await hooks.postGoodwillPoints(tx, {
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    points: row.amount,
    compensationId: row.id,
    complaintId: complaint.id,
    reference: complaint.reference,
    note: row.note,
  });
  return (
    (await updateCompensationIf(tx, row.workspaceId, row.id, 'approved', { status: 'posted', postedAt: ctx.now() })) ??
    row
  );
}

const approvedEvent = (complaint: ComplaintRow, c: CompensationRow) =>
  complaintEvent('complaint.compensation_approved', complaint, `compensation approved: ${c.type} ${c.amount}`, {
    compensationId: c.id,
    type: c.type,
    amount: c.amount,
    costMinor: c.costMinor,
    currency: c.currency,
    posted: c.status === 'posted',
  });

export async function recordCompensation(
  ctx: Ctx,
  hooks: ComplaintHooks,
  workspaceId: string,
  complaintId: string,
  input: CreateCompensationInput,
  actor: Actor,
): Promise<CompensationDto> {
  const complaint = await getComplaintRow(ctx, workspaceId, complaintId);
  assertGraded(complaint);
  const [settings, ws] = await Promise.all([loadSettings(ctx.db, workspaceId), getWorkspace(ctx, workspaceId)]);
  if (input.type === 'other' && input.costMinor === undefined) {
    throw new AppError('validation_failed', 'Say what an "other" compensation costs', {
      fields: [{ path: 'costMinor', ...problem('required_for_other') }],
    });
  }
  const costMinor =
    input.costMinor ?? (input.type === 'points' ? input.amount * settings.pointValueMinor : input.amount);
  const requiresApproval = costMinor > settings.approvalThresholdMinor;
  // Someone who may approve does not wait for their own approval.
  const approvedNow = !requiresApproval || mayApprove(actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    let row = await insertCompensation(tx, {
      workspaceId,
      id: newId(),
      complaintId,
      customerId: complaint.customerId,
      type: input.type,
      amount: input.amount,
      costMinor,
      currency: ws.currency,
      status: approvedNow ? 'approved' : 'pending_approval',
      requiresApproval,
      note: input.note ?? null,
      proposedBy: actorLabel(actor),
      proposedAt: now,
      decidedBy: approvedNow ? actorLabel(actor) : null,
      decidedAt: approvedNow ? now : null,
    });
    row = await postIfPoints(tx, ctx, hooks, row, complaint);
    const event = approvedNow
      ? approvedEvent(complaint, row)
      : complaintEvent(
          'complaint.compensation_requested',
          complaint,
          `compensation awaits approval: ${row.type} ${row.amount}`,
          {
            compensationId: row.id,
            type: row.type,
            amount: row.amount,
            costMinor: row.costMinor,
            currency: row.currency,
          },
        );
    await recordEvents(tx, ctx, workspaceId, [event]);
    return toCompensationDto(row);
  });
}

export async function decideCompensation(
  ctx: Ctx,
  hooks: ComplaintHooks,
  workspaceId: string,
  id: string,
  decision: 'approve' | 'reject',
  note: string | undefined,
  actor: Actor,
): Promise<CompensationDto> {
  const current = await findCompensation(ctx.db, workspaceId, id);
  if (!current) throw notFound('Compensation');
  if (current.status !== 'pending_approval') throw conflict(`This compensation is already ${current.status}`);
  const complaint = await getComplaintRow(ctx, workspaceId, current.complaintId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    let row = await updateCompensationIf(tx, workspaceId, id, 'pending_approval', {
      status: decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: actorLabel(actor),
      decidedAt: now,
      decisionNote: note ?? null,
    });
    if (!row) throw conflict('This compensation was decided meanwhile');
    if (decision === 'approve') row = await postIfPoints(tx, ctx, hooks, row, complaint);
    const event =
      decision === 'approve'
        ? approvedEvent(complaint, row)
        : complaintEvent(
            'complaint.compensation_rejected',
            complaint,
            `compensation rejected: ${row.type} ${row.amount}`,
            {
              compensationId: row.id,
              type: row.type,
              amount: row.amount,
              costMinor: row.costMinor,
              note: note ?? null,
            },
          );
    await recordEvents(tx, ctx, workspaceId, [event]);
    return toCompensationDto(row);
  });
}

export async function getCompensation(ctx: Ctx, workspaceId: string, id: string): Promise<CompensationDto> {
  const row = await findCompensation(ctx.db, workspaceId, id);
  if (!row) throw notFound('Compensation');
  return toCompensationDto(row);
}

export async function listCompensations(
  ctx: Ctx,
  workspaceId: string,
  q: { status?: string; complaintId?: string; limit: number },
): Promise<CompensationDto[]> {
  return (await listCompensationRows(ctx.db, workspaceId, q, q.limit)).map(toCompensationDto);
}
