// Owns the SLA sweep: complaints past 75 % of their allowed time become at_risk (their assignee
// is warned through `complaint.at_risk`); complaints past their deadline become breached and are
// escalated to a manager (`complaint.breached` + `complaint.escalated`). Each state change is a
// conditional UPDATE over rows claimed with SKIP LOCKED, and its events commit with it, so any
// number of sweeps may run at once and a complaint is warned, breached and escalated once.
// The sweep covers every workspace, so one complaint that cannot be moved must not stop it: a
// failed batch is swept again in halves down to single complaints; one that fails on its own is
// logged and left for the next sweep while the others move.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { isolateFailures } from '../../lib/isolate.ts';
import type { Logger } from '../../logger.ts';
import { type NewEvent, recordEvents } from '../events/index.ts';
import {
  claimAtRisk,
  claimBreached,
  type ComplaintRow,
  dueForSweep,
  type SweepKey,
  updateComplaintIf,
} from './complaints.repository.ts';
import { complaintEvent } from './complaints.service.ts';
import { pickEscalationManager } from './complaints.teams.repository.ts';

export type SweepResult = { atRisk: number; breached: number; escalated: number };
type LoggedCtx = Ctx & { log?: Logger };
/** A retry's own complaints (claimed only if still due); without it, whatever is due. */
type Only = { breached: SweepKey[]; atRisk: SweepKey[] };

const byWorkspace = (events: { workspaceId: string; event: NewEvent }[]) => {
  const groups = new Map<string, NewEvent[]>();
  for (const e of events) groups.set(e.workspaceId, [...(groups.get(e.workspaceId) ?? []), e.event]);
  return groups;
};

async function escalate(tx: Db, now: Date, row: ComplaintRow): Promise<{ row: ComplaintRow; to: string | null }> {
  const managerId = await pickEscalationManager(tx, row.workspaceId, row.teamId, row.assigneeId);
  const updated = await updateComplaintIf(tx, row.workspaceId, row.id, null, {
    assigneeId: managerId ?? row.assigneeId,
    escalatedAt: now,
    updatedAt: now,
  });
  return { row: updated ?? row, to: managerId ?? null };
}

/** One bounded batch in one transaction; returns what it changed. */
async function sweepBatch(ctx: LoggedCtx, batch: number, only?: Only): Promise<SweepResult> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const events: { workspaceId: string; event: NewEvent }[] = [];
    const breached = only?.breached.length === 0 ? [] : await claimBreached(tx, now, batch, only?.breached);
    let escalated = 0;
    for (const row of breached) {
      events.push({
        workspaceId: row.workspaceId,
        event: complaintEvent('complaint.breached', row, `missed its deadline ${row.deadlineAt?.toISOString()}`, {
          breachedAt: now.toISOString(),
          assigneeId: row.assigneeId,
        }),
      });
      const result = await escalate(tx, now, row);
      if (result.to) escalated++;
      events.push({
        workspaceId: row.workspaceId,
        event: complaintEvent(
          'complaint.escalated',
          result.row,
          result.to ? 'escalated to a manager' : 'breached with no manager to escalate to',
          { reason: 'sla_breach', fromAssigneeId: row.assigneeId, toAssigneeId: result.to },
        ),
      });
    }
    const atRisk = only?.atRisk.length === 0 ? [] : await claimAtRisk(tx, now, batch, only?.atRisk);
    for (const row of atRisk) {
      events.push({
        workspaceId: row.workspaceId,
        event: complaintEvent('complaint.at_risk', row, `at risk: due ${row.deadlineAt?.toISOString()}`, {
          atRiskAt: row.atRiskAt?.toISOString() ?? null,
        }),
      });
    }
    for (const [workspaceId, list] of byWorkspace(events)) await recordEvents(tx, ctx, workspaceId, list);
    return { atRisk: atRisk.length, breached: breached.length, escalated };
  });
}

/** After a failed batch: what is due, swept in halves; returns what moved and whether a list was full. */
async function sweepIsolated(ctx: LoggedCtx, batch: number): Promise<SweepResult & { full: boolean }> {
  const due = await dueForSweep(ctx.db, ctx.now(), batch);
  const total = {
    atRisk: 0,
    breached: 0,
    escalated: 0,
    full: due.breached.length === batch || due.atRisk.length === batch,
  };
  const sweep = async (only: Only) => {
    const r = await sweepBatch(ctx, batch, only);
    total.atRisk += r.atRisk;
    total.breached += r.breached;
    total.escalated += r.escalated;
  };
  const failed = async (key: SweepKey, err: unknown) => {
    ctx.log?.error(
      { err, workspaceId: key.workspaceId, complaintId: key.id },
      'the SLA sweep failed for a complaint; the others moved, and it is tried again next sweep',
    );
  };
  await isolateFailures(due.breached, (piece) => sweep({ breached: piece, atRisk: [] }), failed);
  await isolateFailures(due.atRisk, (piece) => sweep({ breached: [], atRisk: piece }), failed);
  return total;
}

/** Sweeps every workspace in batches of `batch`, at most `maxBatches` per run (the next run goes on). */
export async function sweepSla(
  ctx: LoggedCtx,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<SweepResult> {
  const batch = options.batch ?? 200;
  const total: SweepResult = { atRisk: 0, breached: 0, escalated: 0 };
  for (let i = 0; i < (options.maxBatches ?? 10); i++) {
    let r: SweepResult;
    let more: boolean;
    try {
      r = await sweepBatch(ctx, batch);
      more = r.atRisk === batch || r.breached === batch;
    } catch (err) {
      ctx.log?.warn({ err }, 'an SLA sweep batch failed; sweeping its complaints in smaller pieces');
      const isolated = await sweepIsolated(ctx, batch);
      r = isolated;
      // Go on only while this made progress: a batch of nothing but bad complaints waits for the next sweep.
      more = isolated.full && isolated.atRisk + isolated.breached > 0;
    }
    total.atRisk += r.atRisk;
    total.breached += r.breached;
    total.escalated += r.escalated;
    if (!more) break;
  }
  return total;
}
