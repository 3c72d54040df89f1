// Owns the cohort matrix: customers by acquisition month (first purchase, UTC) × months since,
// each cell the customers who purchased in that month (active) or the cohort's net revenue in it,
// observed up to the end of `to`; and the customers behind a cell. From commerce's transactions.
import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../../deps.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { formatMonth, parseMonth, type PyramidTier, scoreMatches } from '../analytics/index.ts';
import { cohortCellCustomers, cohortCells, type CustomerFilter } from '../commerce/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { CohortMatrixDto } from './kpis.dto.ts';
import { monthStart, resolvePeriod } from './kpis.period.ts';

export const tierFilter = (workspaceId: string, tier: PyramidTier | undefined): CustomerFilter | undefined =>
  tier === undefined ? undefined : (id: SQL) => scoreMatches(workspaceId, id, { tier });

/** A hand-checkable shape: one row per cohort month in [from, to], values for months since 0 … to − cohort. */
export async function cohortMatrix(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string; metric: 'customers' | 'revenue'; tier?: PyramidTier },
): Promise<CohortMatrixDto> {
  const p = resolvePeriod(ctx.now(), q);
  const [cells, ws] = await Promise.all([
    cohortCells(ctx.db, workspaceId, {
      from: monthStart(p.from),
      to: monthStart(p.to + 1),
      filter: tierFilter(workspaceId, q.tier),
    }),
    getWorkspace(ctx, workspaceId),
  ]);
  const byCohort = new Map<number, Map<number, (typeof cells)[number]>>();
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
      return cell ? (q.metric === 'customers' ? cell.customers : cell.revenue_minor) : 0;
    });
    const base = values[0];
    cohorts.push({
      cohort: formatMonth(m),
      size,
      values,
      shares: values.map((v) => (base > 0 ? Math.round((v / base) * 10_000) / 10_000 : null)),
    });
  }
  return { metric: q.metric, currency: ws.currency, ...{ from: formatMonth(p.from), to: formatMonth(p.to) }, cohorts };
}

export async function cohortCustomers(
  ctx: Ctx,
  workspaceId: string,
  q: { cohort: string; monthsSince: number; tier?: PyramidTier; limit: number; cursor?: string },
) {
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
  const items = rows
    .slice(0, q.limit)
    .map((r) => ({ customerId: r.customer_id, purchases: r.purchases, revenueMinor: r.revenue_minor }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.customerId) : null };
}
