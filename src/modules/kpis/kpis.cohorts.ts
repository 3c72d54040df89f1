// Owns the cohort matrix: customers by acquisition month (first purchase, UTC) × months since,
// each cell the customers who purchased in that month (active) or the cohort's net revenue in it,
// observed up to the end of `to`; and the customers behind a cell. The matrix is read from the
// roll-up (kpis.rollup.ts), brought up to date first; with a customer filter other than the tier
// (an account manager, say) it is computed from commerce's transactions, as the tests' reference.
// A cell's customers come from the roll-up's customer rows too (rawCohortCustomers: the reference).
import { type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../deps.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { formatMonth, parseMonth, type PyramidTier, scoreMatches } from '../analytics/index.ts';
import { cohortCellCustomers, cohortCells, type CustomerFilter } from '../commerce/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { CohortMatrixDto } from './kpis.dto.ts';
import { monthStart, type Period, resolvePeriod } from './kpis.period.ts';
import { refreshCohortRollup } from './kpis.rollup.ts';
import { rollupCellCustomers, rollupCells } from './kpis.rollup.repository.ts';

export const tierFilter = (workspaceId: string, tier: PyramidTier | undefined): CustomerFilter | undefined =>
  tier === undefined ? undefined : (id: SQL) => scoreMatches(workspaceId, id, { tier });

type CohortCell = { cohort: number; k: number; customers: number; revenue_minor: number };
export type CohortMatrixQuery = { from?: string; to?: string; metric: 'customers' | 'revenue'; tier?: PyramidTier };

/** The matrix from the transactions themselves: the reference the roll-up is tested against, and the filtered path. */
export async function rawCohortMatrix(
  ctx: Ctx,
  workspaceId: string,
  q: CohortMatrixQuery,
  filter?: CustomerFilter,
): Promise<CohortMatrixDto> {
  const p = resolvePeriod(ctx.now(), q);
  const tier = tierFilter(workspaceId, q.tier);
  const both: CustomerFilter | undefined =
    tier && filter ? (id) => sql`(${tier(id)} and ${filter(id)})` : (tier ?? filter);
  const cells = await cohortCells(ctx.db, workspaceId, {
    from: monthStart(p.from),
    to: monthStart(p.to + 1),
    filter: both,
  });
  return shape(ctx, workspaceId, p, q.metric, cells);
}

/**
 * A hand-checkable shape: one row per cohort month in [from, to], values for months since 0 … to − cohort.
 * `filter` (a condition on the customer id beyond the tier) reads the transactions instead of the roll-up.
 */
export async function cohortMatrix(
  ctx: Ctx,
  workspaceId: string,
  q: CohortMatrixQuery,
  filter?: CustomerFilter,
): Promise<CohortMatrixDto> {
  if (filter) return rawCohortMatrix(ctx, workspaceId, q, filter);
  const p = resolvePeriod(ctx.now(), q);
  await refreshCohortRollup(ctx, workspaceId);
  const cells = await rollupCells(ctx.db, workspaceId, { from: p.from, to: p.to, tier: q.tier });
  return shape(ctx, workspaceId, p, q.metric, cells);
}

async function shape(
  ctx: Ctx,
  workspaceId: string,
  p: Period,
  metric: CohortMatrixQuery['metric'],
  cells: CohortCell[],
): Promise<CohortMatrixDto> {
  const ws = await getWorkspace(ctx, workspaceId);
  const byCohort = new Map<number, Map<number, CohortCell>>();
  for (const c of cells) {
    let row = byCohort.get(c.cohort);
    if (!row) byCohort.set(c.cohort, (row = new Map()));
    row.set(c.k, c);
  }
  const cohorts: CohortMatrixDto['cohorts'] = [];
  for (let m = p.from; m <= p.to; m++) {
    const row = byCohort.get(m) ?? new Map();
    const size = row.get(0)?.customers ?? 0;
    const values = Array.from({ length: p.to - m + 1 }, (_, k) => {
      const cell = row.get(k);
      return cell ? (metric === 'customers' ? cell.customers : cell.revenue_minor) : 0;
    });
    const base = values[0];
    cohorts.push({
      cohort: formatMonth(m),
      size,
      values,
      shares: values.map((v) => (base > 0 ? Math.round((v / base) * 10_000) / 10_000 : null)),
    });
  }
  return { metric, currency: ws.currency, ...{ from: formatMonth(p.from), to: formatMonth(p.to) }, cohorts };
}

type CellQuery = { cohort: string; monthsSince: number; tier?: PyramidTier; limit: number; cursor?: string };

/** The customers behind one cell, from the roll-up (brought up to date first), by customer id. */
export async function cohortCustomers(ctx: Ctx, workspaceId: string, q: CellQuery) {
  const cohort = parseMonth(q.cohort) as number;
  await refreshCohortRollup(ctx, workspaceId);
  const rows = await rollupCellCustomers(ctx.db, workspaceId, {
    cohort,
    month: cohort + q.monthsSince,
    tier: q.tier,
    afterId: q.cursor ? decodeIdCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  return cellPage(rows, q.limit);
}

/** The same from the transactions themselves (the reference the roll-up is tested against). */
export async function rawCohortCustomers(ctx: Ctx, workspaceId: string, q: CellQuery) {
  const cohort = parseMonth(q.cohort) as number;
  const rows = await cohortCellCustomers(ctx.db, workspaceId, {
    cohortFrom: monthStart(cohort),
    cohortTo: monthStart(cohort + 1),
    activeFrom: monthStart(cohort + q.monthsSince),
    activeTo: monthStart(cohort + q.monthsSince + 1),
    filter: tierFilter(workspaceId, q.tier),
    afterId: q.cursor ? decodeIdCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  return cellPage(rows, q.limit);
}

function cellPage(rows: { customer_id: string; purchases: number; revenue_minor: number }[], limit: number) {
  const items = rows
    .slice(0, limit)
    .map((r) => ({ customerId: r.customer_id, purchases: r.purchases, revenueMinor: r.revenue_minor }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeIdCursor(last.customerId) : null };
}
