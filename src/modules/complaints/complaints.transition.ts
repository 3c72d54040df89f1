// Moving a complaint through its status machine (complaints.status.ts): who may act, what each
// move requires and records, and the customer's rating from the status page.
import { changedFields, recordChange } from '../audit/index.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { conflict, forbidden } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { type NewEvent, recordEvents } from '../events/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { ComplaintDto, TransitionInput } from './complaints.dto.ts';
import type { ComplaintHooks } from './complaints.hooks.ts';
import {
  type ComplaintInsert,
  type ComplaintRow,
  insertTransition,
  updateComplaintIf,
} from './complaints.repository.ts';
import { calendarOf, loadSettings, type Settings } from './complaints.settings.ts';
import { planSla, type Severity, type Tier } from './complaints.sla.ts';
import { canMove, type ComplaintStatus, nextStatuses } from './complaints.status.ts';
import {
  actorLabel,
  complaintEvent,
  invalid,
  issueStatusToken,
  mayManage,
  toComplaintDto,
  type Actor,
} from './complaints.service.ts';
import { getComplaintRow } from './complaints.read.ts';
import { problem } from '../../lib/problems.ts';

/**
 * People other than managers act only on complaints assigned to them (or on unassigned ones),
 * through a session or a token alike; a token made by no person is nobody's assignee.
 */
function assertMayAct(row: ComplaintRow, actor: Actor) {
  if (actor.role === null || mayManage(actor.role)) return;
  if (row.assigneeId && row.assigneeId !== actor.userId)
    throw forbidden('Only the assignee or a manager may change this complaint');
}

function requireFields(input: TransitionInput, names: (keyof TransitionInput)[], to: string) {
  const missing = names
    .filter((n) => input[n] === undefined)
    .map((n) => ({ path: n, ...problem('required_to_move_complaint', { status: to }) }));
  if (missing.length) throw invalid(missing);
}

type Change = { patch: Partial<ComplaintInsert>; events: (row: ComplaintRow, tx: Db) => Promise<NewEvent[]> };

async function changeFor(
  ctx: Ctx,
  hooks: ComplaintHooks,
  row: ComplaintRow,
  input: TransitionInput,
  actor: Actor,
  settings: Settings,
): Promise<Change> {
  const now = ctx.now();
  const to = input.to as ComplaintStatus;
  const none = async () => [];
  switch (to) {
    case 'under_analysis':
      // Taking an unassigned complaint makes it yours.
      return { patch: row.assigneeId || !actor.userId ? {} : { assigneeId: actor.userId }, events: none };
    case 'valid': {
      requireFields(input, ['severity', 'reason'], to);
      const tier: Tier = (await hooks.tierOf(row.workspaceId, row.customerId)) ?? 'none';
      const ws = await getWorkspace(ctx, row.workspaceId);
      const plan = planSla({
        registeredAt: row.registeredAt,
        severity: input.severity as Severity,
        tier,
        matrix: settings.slaMatrix,
        calendar: calendarOf(settings, ws.timeZone),
      });
      return {
        patch: {
          severity: input.severity,
          validityReason: input.reason,
          decidedAt: now,
          decidedBy: actorLabel(actor),
          customerTier: tier,
          slaHours: plan.hours,
          slaBusinessHours: plan.businessHours,
          deadlineAt: plan.deadlineAt,
          atRiskAt: plan.atRiskAt,
          slaState: 'on_track',
        },
        events: async (r) => [
          complaintEvent(
            'complaint.validated',
            r,
            `found valid (${r.severity}); due ${plan.deadlineAt.toISOString()}`,
            {
              reason: r.validityReason,
              tier,
              slaHours: plan.hours,
              slaBusinessHours: plan.businessHours,
              atRiskAt: plan.atRiskAt.toISOString(),
            },
          ),
        ],
      };
    }
    case 'invalid':
      requireFields(input, ['reason'], to);
      return {
        patch: { validityReason: input.reason, decidedAt: now, decidedBy: actorLabel(actor) },
        events: async (r) => [
          complaintEvent('complaint.invalidated', r, 'found not valid', { reason: r.validityReason }),
        ],
      };
    case 'in_resolution':
      return { patch: {}, events: none };
    case 'resolved': {
      requireFields(input, ['solution', 'rootCause'], to);
      if (!settings.rootCauses.includes(input.rootCause as string))
        throw invalid([
          { path: 'rootCause', ...problem('custom_field_option', { allowed: settings.rootCauses.join(', ') }) },
        ]);
      const late = row.deadlineAt !== null && now > row.deadlineAt;
      const slaState = row.slaState === null ? null : late ? 'breached' : 'met';
      return {
        patch: {
          solution: input.solution,
          rootCause: input.rootCause,
          resolvedAt: now,
          resolvedBy: actor.userId ?? row.assigneeId,
          slaState,
          breachedAt: late ? (row.breachedAt ?? row.deadlineAt) : row.breachedAt,
        },
        events: async (r, tx) => {
          const token = await issueStatusToken(tx, ctx, r.workspaceId, r.id);
          return [
            complaintEvent(
              'complaint.resolved',
              r,
              `resolved (${r.rootCause})`,
              {
                solution: r.solution,
                rootCause: r.rootCause,
                resolvedAt: now.toISOString(),
                resolvedBy: r.resolvedBy,
                slaMet: r.slaState === null ? null : r.slaState === 'met',
              },
              token,
            ),
          ];
        },
      };
    }
    case 'satisfaction_checked':
      requireFields(input, ['satisfactionScore'], to);
      return {
        patch: {
          satisfactionScore: input.satisfactionScore,
          satisfactionComment: input.note ?? null,
          satisfactionAt: now,
        },
        events: async (r) => [satisfactionEvent(r, 'agent')],
      };
    case 'closed':
      return {
        patch: { closedAt: now },
        events: async (r) => [
          complaintEvent('complaint.closed', r, 'closed', {
            previousStatus: row.status,
            satisfactionScore: r.satisfactionScore,
            rootCause: r.rootCause,
          }),
        ],
      };
    default:
      throw conflict(`A complaint cannot move back to ${to}`);
  }
}

export const satisfactionEvent = (r: ComplaintRow, via: 'customer' | 'agent') =>
  complaintEvent('complaint.satisfaction_rated', r, `rated ${r.satisfactionScore}/5`, {
    score: r.satisfactionScore,
    comment: r.satisfactionComment,
    resolvedBy: r.resolvedBy,
    via,
  });

export async function transitionComplaint(
  ctx: Ctx,
  hooks: ComplaintHooks,
  workspaceId: string,
  id: string,
  input: TransitionInput,
  actor: Actor,
): Promise<ComplaintDto> {
  const row = await getComplaintRow(ctx, workspaceId, id);
  const to = input.to as ComplaintStatus;
  if (!canMove(row.status as ComplaintStatus, to)) {
    const next = nextStatuses[row.status as ComplaintStatus];
    throw conflict(
      `A complaint that is ${row.status} cannot become ${to}${next.length ? `; it can become ${next.join(' or ')}` : '; it is closed'}`,
    );
  }
  assertMayAct(row, actor);
  const settings = await loadSettings(ctx.db, workspaceId);
  const change = await changeFor(ctx, hooks, row, input, actor, settings);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const updated = await updateComplaintIf(tx, workspaceId, id, row.status, {
      ...change.patch,
      status: to,
      updatedAt: now,
    });
    if (!updated) throw conflict('The complaint changed meanwhile; reload it and try again');
    await insertTransition(tx, {
      workspaceId,
      id: newId(),
      complaintId: id,
      fromStatus: row.status,
      toStatus: to,
      actor: actorLabel(actor),
      note: input.note ?? null,
      occurredAt: now,
    });
    const events = await change.events(updated, tx);
    if (change.patch.assigneeId)
      events.push(
        complaintEvent('complaint.assigned', updated, 'taken by its analyst', {
          by: actorLabel(actor),
          previousAssigneeId: null,
        }),
      );
    await recordEvents(tx, ctx, workspaceId, events);
    if (to === 'resolved' && hooks.followUpResolved)
      await hooks.followUpResolved(tx, {
        workspaceId,
        complaintId: id,
        reference: updated.reference,
        customerId: updated.customerId,
        resolvedBy: updated.resolvedBy,
        resolvedAt: now,
      });
    const fields = Object.keys(change.patch) as (keyof typeof change.patch)[];
    const pick = (r: Record<string, unknown>) =>
      Object.fromEntries(['status', ...fields].map((k) => [k, r[k] ?? null]));
    await recordChange(tx, now, {
      workspaceId,
      action: 'complaint.transition',
      entityType: 'complaints',
      entityId: id,
      customerId: row.customerId,
      detail: { ...changedFields(pick(row), pick(updated)), note: input.note ?? null },
    });
    return toComplaintDto(updated);
  });
}

/** The customer's rating through the status link: once, and only after resolution. */
export async function rateFromStatusPage(
  ctx: Ctx,
  row: ComplaintRow,
  input: { score: number; comment?: string },
): Promise<ComplaintRow> {
  if (row.status !== 'resolved') {
    throw conflict(
      row.satisfactionScore !== null
        ? 'This complaint has already been rated'
        : 'A complaint can be rated once it is resolved',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const updated = await updateComplaintIf(tx, row.workspaceId, row.id, 'resolved', {
      status: 'satisfaction_checked',
      satisfactionScore: input.score,
      satisfactionComment: input.comment ?? null,
      satisfactionAt: now,
      updatedAt: now,
    });
    if (!updated) throw conflict('This complaint has already been rated');
    await insertTransition(tx, {
      workspaceId: row.workspaceId,
      id: newId(),
      complaintId: row.id,
      fromStatus: 'resolved',
      toStatus: 'satisfaction_checked',
      actor: 'customer',
      note: null,
      occurredAt: now,
    });
    await recordEvents(tx, ctx, row.workspaceId, [satisfactionEvent(updated, 'customer')]);
    return updated;
  });
}
