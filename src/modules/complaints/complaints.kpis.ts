// Owns complaint KPIs: complaints per 1,000 active customers, share resolved within SLA, mean and
// p90 time to resolve, satisfaction after resolution, repeat complaints within 90 days and the top
// root causes, for the workspace and per agent and team; and root causes over time.
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { countActiveCustomers } from '../customers/index.ts';
import { listWorkspaceMembers } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { KpiBlockDto, KpisDto } from './complaints.dto.ts';
import {
  kpiRows,
  type KpiRow,
  repeatComplaints,
  rootCauseSeries,
  topRootCauses,
} from './complaints.kpis.repository.ts';
import { listTeamRows } from './complaints.teams.repository.ts';
import { problem } from '../../lib/problems.ts';

const DAY = 86_400_000;
const round = (v: number | null, digits = 2) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export function resolveWindow(now: Date, q: { from?: string; to?: string }): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * DAY);
  if (from >= to)
    throw new AppError('validation_failed', '`from` must be before `to`', {
      fields: [{ path: 'query.from', ...problem('before', { other: 'to' }) }],
    });
  if (to.getTime() - from.getTime() > 3 * 366 * DAY)
    throw new AppError('validation_failed', 'The window may span at most three years', {
      fields: [{ path: 'query.from', ...problem('span_months', { max: 36 }) }],
    });
  return { from, to };
}

const block = (r: KpiRow | undefined): KpiBlockDto => ({
  registered: r?.registered ?? 0,
  resolved: r?.resolved ?? 0,
  resolvedWithinSla: r?.resolvedWithinSla ?? 0,
  shareResolvedWithinSla:
    r && r.resolvedWithDeadline > 0 ? round(r.resolvedWithinSla / r.resolvedWithDeadline, 4) : null,
  meanHoursToResolve: round(r?.meanHours ?? null),
  p90HoursToResolve: round(r?.p90Hours ?? null),
  satisfactionResponses: r?.responses ?? 0,
  meanSatisfaction: round(r?.meanSatisfaction ?? null),
});

export async function complaintKpis(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string },
): Promise<KpisDto> {
  const w = resolveWindow(ctx.now(), q);
  const [rows, repeats, causes, active, members, teams] = await Promise.all([
    kpiRows(ctx.db, workspaceId, w),
    repeatComplaints(ctx.db, workspaceId, w),
    topRootCauses(ctx.db, workspaceId, w, 10),
    countActiveCustomers(ctx.db, workspaceId),
    listWorkspaceMembers(ctx, workspaceId),
    listTeamRows(ctx.db, workspaceId),
  ]);
  const overall = block(rows.find((r) => r.scope === 'all'));
  const names = new Map(members.map((m) => [m.id, m.name]));
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  return {
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    activeCustomers: active,
    complaintsPer1000ActiveCustomers: active > 0 ? round((overall.registered / active) * 1000) : null,
    repeatComplaints90d: repeats,
    shareRepeat90d: overall.registered > 0 ? round(repeats / overall.registered, 4) : null,
    overall,
    topRootCauses: causes,
    byAgent: rows
      .filter((r) => r.scope === 'agent')
      .map((r) => ({ userId: r.key as string, name: names.get(r.key as string) ?? null, ...block(r) })),
    byTeam: rows
      .filter((r) => r.scope === 'team')
      .map((r) => ({ teamId: r.key as string, name: teamNames.get(r.key as string) ?? null, ...block(r) })),
  };
}

export async function rootCausesOverTime(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string; interval: 'week' | 'month' | 'quarter' },
) {
  const w = resolveWindow(ctx.now(), q);
  const ws = await getWorkspace(ctx, workspaceId);
  return { interval: q.interval, items: await rootCauseSeries(ctx.db, workspaceId, w, q.interval, ws.timeZone) };
}
