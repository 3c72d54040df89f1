// Owns the SLA sweep: complaints past 75 % of their allowed time become at_risk (their assignee
// is warned through `complaint.at_risk`); complaints past their deadline become breached and are
// escalated to a manager (`complaint.breached` + `complaint.escalated`). Each state change is a
// conditional UPDATE over rows claimed with SKIP LOCKED, and its events commit with it, so any
// number of sweeps may run at once and a complaint is warned, breached and escalated once.
import type { Db } from '../../db/client.ts';
import { type NewEvent, recordEvents } from '../events/index.ts';
import { claimAtRisk, claimBreached, type ComplaintRow, updateComplaintIf } from './complaints.repository.ts';
import { complaintEvent } from './complaints.service.ts';
import { pickEscalationManager } from './complaints.teams.repository.ts';

export type SweepResult = { atRisk: number; breached: number; escalated: number };

const byWorkspace = (events: { workspaceId: string; event: NewEvent }[]) => {
  const groups = new Map<string, NewEvent[]>();
  for (const e of events) groups.set(e.workspaceId, [...(groups.get(e.workspaceId) ?? []), e.event]);
  return groups;
};

async function escalate(tx: Db, now: Date, row: ComplaintRow): Promise<{ row: ComplaintRow; to: string | null }> {
  const managerId = await pickEscalationManager(tx, row.workspaceId, row.teamId, row.assigneeId);
  const updated = await updateComplaintIf(tx, row.workspaceId, row.id, null, { assigneeId: managerId ?? row.assigneeId, escalatedAt: now, updatedAt: now });
  return { row: updated ?? row, to: managerId ?? null };
}

/** One bounded batch in one transaction; returns what it changed. */
async function sweepBatch(ctx: { db: Db; now: () => Date }, batch: number): Promise<SweepResult> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const events: { workspaceId: string; event: NewEvent }[] = [];
    const breached = await claimBreached(tx, now, batch);
    let escalated = 0;
    for (const row of breached) {
      events.push({ workspaceId: row.workspaceId, event: complaintEvent('complaint.breached', row, `missed its deadline ${row.deadlineAt?.toISOString()}`, { breachedAt: now.toISOString(), assigneeId: row.assigneeId }) });
      const result = await escalate(tx, now, row);
      if (result.to) escalated++;
      events.push({
        workspaceId: row.workspaceId,
        event: complaintEvent('complaint.escalated', result.row, result.to ? 'escalated to a manager' : 'breached with no manager to escalate to', { reason: 'sla_breach', fromAssigneeId: row.assigneeId, toAssigneeId: result.to }),
      });
    }
    const atRisk = await claimAtRisk(tx, now, batch);
    for (const row of atRisk) {
      events.push({ workspaceId: row.workspaceId, event: complaintEvent('complaint.at_risk', row, `at risk: due ${row.deadlineAt?.toISOString()}`, { atRiskAt: row.atRiskAt?.toISOString() ?? null }) });
    }
    for (const [workspaceId, list] of byWorkspace(events)) await recordEvents(tx, ctx, workspaceId, list);
    return { atRisk: atRisk.length, breached: breached.length, escalated };
  });
}

/** Sweeps every workspace in batches of `batch`, at most `maxBatches` per run (the next run goes on). */
export async function sweepSla(ctx: { db: Db; now: () => Date }, options: { batch?: number; maxBatches?: number } = {}): Promise<SweepResult> {
  const batch = options.batch ?? 200;
  const total: SweepResult = { atRisk: 0, breached: 0, escalated: 0 };
  for (let i = 0; i < (options.maxBatches ?? 10); i++) {
    const r = await sweepBatch(ctx, batch);
    total.atRisk += r.atRisk;
    total.breached += r.breached;
    total.escalated += r.escalated;
    if (r.atRisk < batch && r.breached < batch) break;
  }
  return total;
}
