// Owns the contractual revenue KPIs: revenue movements (new, expansion, contraction, churn,
// reactivation), GRR, NRR, logo churn and the quick ratio over a period and per month, and the
// customers behind each movement. MRR comes from contracts (each customer's MRR at every UTC
// month end, dated value changes applied; of the customers the KPI filters choose); the arithmetic is analytics' revenue-movements model,
// the same one `tenure mrr` runs on a file (formulas in docs/kpis.md).
import type { Ctx } from '../../deps.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import {
  buildSeries,
  customerMovements,
  formatMonth,
  type MovementKind,
  parseMonth,
  type RetentionFigures,
  revenueRetention,
} from '../analytics/index.ts';
import { contractMrrByMonth } from '../contracts/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { KpiFilters, RevenueRetentionDto } from './kpis.dto.ts';
import { customerFilter } from './kpis.filters.ts';
import { type Period, resolvePeriod } from './kpis.period.ts';

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

async function mrrSeries(ctx: Ctx, workspaceId: string, p: Period, q: KpiFilters) {
  const customers = await customerFilter(ctx, workspaceId, q);
  const rows = await contractMrrByMonth(ctx.db, workspaceId, formatMonth(p.to), customers);
  return buildSeries(rows.map((r) => ({ customer: r.customer_id, month: parseMonth(r.month) as number, mrr: r.mrr })));
}

export async function revenueRetentionKpi(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string } & KpiFilters,
): Promise<RevenueRetentionDto> {
  const p = resolvePeriod(ctx.now(), q);
  const [series, ws] = await Promise.all([mrrSeries(ctx, workspaceId, p, q), getWorkspace(ctx, workspaceId)]);
  const r = revenueRetention(series, p.from, p.to);
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

/** The customers behind one movement of the period, by customer id. */
export async function revenueMovers(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string; movement: MovementKind; limit: number; cursor?: string } & KpiFilters,
) {
  const p = resolvePeriod(ctx.now(), q);
  const after = q.cursor ? decodeIdCursor(q.cursor) : undefined;
  const all = customerMovements(await mrrSeries(ctx, workspaceId, p, q), p.from - 1, p.to).filter(
    (m) => m.kind === q.movement && (after === undefined || m.customer > after),
  );
  const items = all.slice(0, q.limit).map((m) => ({
    customerId: m.customer,
    movement: m.kind,
    startMrrMinor: m.start,
    endMrrMinor: m.end,
    amountMinor: m.amount,
  }));
  const last = items.at(-1);
  return { items, nextCursor: all.length > q.limit && last ? encodeIdCursor(last.customerId) : null };
}
