// Owns the contractual revenue KPIs: revenue movements (new, expansion, contraction, churn,
// reactivation), GRR, NRR, logo churn and the quick ratio over a period and per month, and the
// customers behind each movement. MRR is each customer's at every UTC month end, dated value
// changes applied, of the customers the KPI filters choose. It is read from the month-end MRR
// roll-up, brought up to date first: the movement cells (kpi_mrr_cells) for all customers or one
// tier, else the runs (kpi_mrr_segments; every filter applies to them, a condition on the
// customer); `rawRevenueRetention` computes the same from the contracts themselves with
// analytics' revenue-movements model — the one `tenure mrr` runs on a file — as the tests'
// reference (formulas in docs/kpis.md).
import type { Ctx } from '../../deps.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import {
  buildSeries,
  formatMonth,
  type MovementKind,
  parseMonth,
  type RetentionFigures,
  type RevenueRetention,
  retentionRatios,
  revenueRetention,
} from '../analytics/index.ts';
import { contractMrrByMonth } from '../contracts/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { KpiFilters, RevenueRetentionDto } from './kpis.dto.ts';
import { customerFilter } from './kpis.filters.ts';
import { mrrCellMoves } from './kpis.mrr-cells.repository.ts';
import { mrrMonthMoves, mrrMovers, mrrMovesBetween } from './kpis.mrr.repository.ts';
import { type Period, resolvePeriod } from './kpis.period.ts';
import { refreshCohortRollup } from './kpis.rollup.ts';

const figures = (f: RetentionFigures) => ({
  startMrrMinor: f.start,
  newMinor: f.new,
  expansionMinor: f.expansion,
  contractionMinor: f.contraction,
  churnedMinor: f.churned,
  reactivationMinor: f.reactivation,
  grr: f.grr,
  nrr: f.nrr,
  logoChurn: f.logoChurn,
  quickRatio: f.quickRatio,
});

const parts = (f: RetentionFigures) => ({
  endMrrMinor: f.end,
  customersAtStart: f.customersAtStart,
  customersLost: f.customersLost,
});

/** From the contracts themselves: every customer's MRR series, through analytics' model. */
async function rawRetention(ctx: Ctx, workspaceId: string, p: Period, customers: CustomerFilter | undefined) {
  const rows = await contractMrrByMonth(ctx.db, workspaceId, formatMonth(p.to), customers);
  const series = buildSeries(
    rows.map((r) => ({ customer: r.customer_id, month: parseMonth(r.month) as number, mrr: r.mrr })),
  );
  return revenueRetention(series, p.from, p.to);
}

/**
 * From the MRR runs, under any filter: the period's movements compare each customer's MRR at the
 * two month ends; a month's are the runs of MRR that start or stop in it, from the level at the end
 * of the month before (the period's start, then each month's end in turn).
 */
async function runRetention(
  ctx: Ctx,
  workspaceId: string,
  p: Period,
  filter: CustomerFilter | undefined,
): Promise<RevenueRetention> {
  const [period, moves] = await Promise.all([
    mrrMovesBetween(ctx.db, workspaceId, { start: p.from - 1, end: p.to, filter }),
    mrrMonthMoves(ctx.db, workspaceId, { from: p.from, to: p.to, filter }),
  ]);
  const byMonth = new Map(moves.map((m) => [m.month, m]));
  const none = { new: 0, expansion: 0, contraction: 0, churned: 0, reactivation: 0, customersLost: 0, gained: 0 };
  let level = period.start;
  let customers = period.customersAtStart;
  const months: RevenueRetention['months'] = [];
  for (let month = p.from; month <= p.to; month++) {
    const { month: _, gained, ...x } = byMonth.get(month) ?? { month, ...none };
    const end = level + x.new + x.reactivation + x.expansion - x.contraction - x.churned;
    months.push({ month, ...retentionRatios({ ...x, start: level, end, customersAtStart: customers }) });
    level = end;
    customers += gained - x.customersLost;
  }
  return { from: p.from, to: p.to, ...retentionRatios(period), months };
}

/** From the movement cells, for all customers or one tier: the period and each month, one read. */
async function cellRetention(ctx: Ctx, workspaceId: string, p: Period, tier?: string): Promise<RevenueRetention> {
  const months = Array.from({ length: p.to - p.from + 1 }, (_, i) => p.from + i);
  const [period, ...each] = await mrrCellMoves(ctx.db, workspaceId, {
    points: [{ start: p.from - 1, end: p.to }, ...months.map((m) => ({ start: m - 1, end: m }))],
    tier,
  });
  return {
    from: p.from,
    to: p.to,
    ...retentionRatios(period),
    months: each.map((m, i) => ({ month: months[i], ...retentionRatios(m) })),
  };
}

/**
 * The cells are per current tier: they answer for everyone or one tier; an RFM segment, a saved
 * segment or an account manager picks customers they do not know, and the runs answer.
 */
async function rollupRetention(ctx: Ctx, workspaceId: string, p: Period, q: KpiFilters, read: 'auto' | 'runs') {
  await refreshCohortRollup(ctx, workspaceId);
  const cells = q.rfmSegment === undefined && q.segment === undefined && q.accountManager === undefined;
  if (cells && read === 'auto') return cellRetention(ctx, workspaceId, p, q.tier);
  return runRetention(ctx, workspaceId, p, await customerFilter(ctx, workspaceId, q));
}

async function respond(ctx: Ctx, workspaceId: string, p: Period, r: RevenueRetention): Promise<RevenueRetentionDto> {
  const ws = await getWorkspace(ctx, workspaceId);
  return {
    ...figures(r),
    breakdown: {
      from: formatMonth(p.from),
      to: formatMonth(p.to),
      currency: ws.currency,
      ...parts(r),
      months: r.months.map((m) => ({ month: formatMonth(m.month), ...figures(m), ...parts(m) })),
    },
  };
}

/** `read: 'runs'` reads the MRR runs whatever the filters (the tests compare both roll-up paths with the raw one). */
export async function revenueRetentionKpi(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string } & KpiFilters,
  read: 'auto' | 'runs' = 'auto',
): Promise<RevenueRetentionDto> {
  const p = resolvePeriod(ctx.now(), q);
  return respond(ctx, workspaceId, p, await rollupRetention(ctx, workspaceId, p, q, read));
}

/** The same from the contracts themselves (the reference the roll-up is tested and benchmarked against). */
export async function rawRevenueRetentionKpi(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string } & KpiFilters,
): Promise<RevenueRetentionDto> {
  const p = resolvePeriod(ctx.now(), q);
  const r = await rawRetention(ctx, workspaceId, p, await customerFilter(ctx, workspaceId, q));
  return respond(ctx, workspaceId, p, r);
}

/** The customers behind one movement of the period, by customer id. */
export async function revenueMovers(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string; movement: MovementKind; limit: number; cursor?: string } & KpiFilters,
) {
  const p = resolvePeriod(ctx.now(), q);
  await refreshCohortRollup(ctx, workspaceId);
  const rows = await mrrMovers(ctx.db, workspaceId, {
    start: p.from - 1,
    end: p.to,
    kind: q.movement,
    filter: await customerFilter(ctx, workspaceId, q),
    afterId: q.cursor ? decodeIdCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((m) => ({
    customerId: m.customer_id,
    movement: m.kind,
    startMrrMinor: m.start_minor,
    endMrrMinor: m.end_minor,
    amountMinor: m.amount,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.customerId) : null };
}
