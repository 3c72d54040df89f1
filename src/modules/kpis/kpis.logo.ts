// Owns the drill-down of logo churn (non-contractual): the customers who purchased in the period
// before and not in this one, by customer id, with their last purchase.
import type { Ctx } from '../../deps.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { lapsedPurchasers } from '../commerce/index.ts';
import type { KpiFilters } from './kpis.dto.ts';
import { customerFilter } from './kpis.filters.ts';
import { monthStart, resolvePeriod } from './kpis.period.ts';

export async function logoChurnCustomers(
  ctx: Ctx,
  workspaceId: string,
  q: { from?: string; to?: string; limit: number; cursor?: string } & KpiFilters,
) {
  const p = resolvePeriod(ctx.now(), q);
  const rows = await lapsedPurchasers(ctx.db, workspaceId, {
    before: monthStart(2 * p.from - p.to - 1),
    from: monthStart(p.from),
    to: monthStart(p.to + 1),
    filter: await customerFilter(ctx, workspaceId, q),
    afterId: q.cursor ? decodeIdCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const items = rows
    .slice(0, q.limit)
    .map((r) => ({ customerId: r.customer_id, lastPurchaseAt: r.last_purchase_at.toISOString() }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.customerId) : null };
}
