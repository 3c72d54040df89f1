// Owns the complaints trend of the KPI home: complaints registered per UTC month per 1,000 active
// customers, in all and by root cause, from the complaint rows (the same definition as the
// summary's complaints per 1,000: the denominator is the customers active now), for the customers
// the KPI filters choose.
import type { Ctx } from '../../deps.ts';
import { formatMonth } from '../analytics/index.ts';
import { complaintsByMonth } from '../complaints/index.ts';
import { countActiveCustomers } from '../customers/index.ts';
import type { ComplaintsTrendDto, KpiFilters } from './kpis.dto.ts';
import { customerFilter } from './kpis.filters.ts';
import { monthStart, resolvePeriod } from './kpis.period.ts';

const per1000 = (n: number, active: number) => (active === 0 ? null : Math.round(((n * 1000) / active) * 1e4) / 1e4);

export async function complaintsTrend(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string } & KpiFilters,
): Promise<ComplaintsTrendDto> {
  const p = resolvePeriod(ctx.now(), q);
  const customers = await customerFilter(ctx, workspaceId, q);
  const [rows, active] = await Promise.all([
    complaintsByMonth(ctx.db, workspaceId, { from: monthStart(p.from), to: monthStart(p.to + 1), customers }),
    countActiveCustomers(ctx.db, workspaceId, customers),
  ]);
  const months: ComplaintsTrendDto['months'] = [];
  for (let m = p.from; m <= p.to; m++) {
    const month = formatMonth(m);
    const causes = rows.filter((r) => r.month === month);
    const complaints = causes.reduce((n, r) => n + r.count, 0);
    months.push({
      month,
      complaints,
      per1000: per1000(complaints, active),
      byRootCause: causes.map((r) => ({ rootCause: r.rootCause, count: r.count, per1000: per1000(r.count, active) })),
    });
  }
  return { from: formatMonth(p.from), to: formatMonth(p.to), activeCustomers: active, months };
}
