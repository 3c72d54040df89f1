// Owns the program's reports: liability (outstanding points × cost per point, in minor units),
// breakage (expired / earned), earn and burn per month, members per level.
import type { Ctx } from '../../deps.ts';
import { fraction, mul, normaliseDecimal, parseDecimal, roundFraction } from '../../lib/decimal.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { queueDepth } from './loyalty.queue.sources.ts';
import { listLevelRows } from './loyalty.program.repository.ts';
import { membersPerLevel, monthlyTotals, periodTotals, programTotals } from './loyalty.reports.repository.ts';
import { requireProgram } from './loyalty.service.ts';

type Period = { from?: string; to?: string };

/** outstanding × cost per point, rounded half up to a minor unit (exact: no floats). */
export function liabilityMinor(outstanding: number, costPerPointMinor: string): number {
  const value = mul(fraction(Math.abs(outstanding)), parseDecimal(costPerPointMinor));
  const rounded = Number(roundFraction(value, 'nearest'));
  return outstanding < 0 ? -rounded : rounded;
}

export async function overview(ctx: Ctx, workspaceId: string, q: Period) {
  const program = await requireProgram(ctx.db, workspaceId);
  const now = ctx.now();
  const [workspace, totals, flows, perLevel, levels, queued] = await Promise.all([
    getWorkspace(ctx, workspaceId),
    programTotals(ctx.db, workspaceId, now),
    periodTotals(ctx.db, workspaceId, q.from ? new Date(q.from) : undefined, q.to ? new Date(q.to) : undefined),
    membersPerLevel(ctx.db, workspaceId),
    listLevelRows(ctx.db, workspaceId),
    queueDepth(ctx.db, workspaceId),
  ]);
  const count = new Map(perLevel.map((p) => [p.levelId, p.members]));
  return {
    pointsUnit: program.pointsUnit,
    members: totals.members,
    outstanding: totals.outstanding,
    spendable: totals.spendable,
    pending: totals.pending,
    debt: totals.debt,
    costPerPointMinor: normaliseDecimal(program.costPerPointMinor),
    liabilityMinor: liabilityMinor(totals.outstanding, program.costPerPointMinor),
    currency: workspace.currency,
    earned: flows.earned,
    redeemed: flows.redeemed,
    expired: flows.expired,
    breakage: flows.earned > 0 ? Math.round((flows.expired / flows.earned) * 10_000) / 10_000 : null,
    membersPerLevel: [
      ...levels.map((l) => ({
        levelId: l.id as string | null,
        name: l.name as string | null,
        members: count.get(l.id) ?? 0,
      })),
      { levelId: null, name: null, members: count.get(null) ?? 0 },
    ],
    queued,
  };
}

export async function monthly(ctx: Ctx, workspaceId: string, q: Period) {
  await requireProgram(ctx.db, workspaceId);
  const { timeZone } = await getWorkspace(ctx, workspaceId);
  return {
    items: await monthlyTotals(
      ctx.db,
      workspaceId,
      timeZone,
      q.from ? new Date(q.from) : undefined,
      q.to ? new Date(q.to) : undefined,
    ),
  };
}
