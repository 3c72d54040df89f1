// SQL of the revenue-movement cells (kpi_mrr_cells, kpis.schema.ts): for every pair of month ends
// s < e, the movements between them, kept as a two-dimensional difference table per tier so that
// any period and each of its months are a sum over a few thousand rows. Derived from the month-end
// MRR runs (kpi_mrr_segments): each customer's contribution is added when their runs are computed
// and taken off before they are recomputed, so the cells are exactly as fresh as the runs.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';
import type { Movements } from '../analytics/index.ts';

/** A month after every month ("for good"); month 0 stands for "ever since". */
const FOREVER = 2_147_483_647;

/**
 * Adds `sign` × the cells of the runs of the customers `picked` chooses (all when undefined).
 *
 * A customer's month ends fall into pieces of constant state: each run of MRR, and the gaps
 * between them (the one before the first run, where nothing was seen before; the ones after, where
 * something was). Between a month end s in piece S and one e in piece E the movement is the same
 * for every s and e: start a = S's MRR, end b = E's; new (a = 0, nothing seen before) or
 * reactivation (a = 0, seen) b; expansion b − a; contraction a − b; churned a (b = 0). So each
 * pair of pieces with some s < e, not both gaps, adds its movement to the rectangle S × E of the
 * (s, e) plane: + at (S.lo, E.lo) and (S.hi, E.hi), − at (S.hi, E.lo) and (S.lo, E.hi), no corner
 * at FOREVER. The movement between s and e is then the sum of the corners at or before (s, e).
 */
export const addMrrCells = (workspaceId: string, picked: CustomerFilter | undefined, sign: 1 | -1) =>
  sql`with seg as (
        select customer_id, tier, from_month f, coalesce(to_month, ${FOREVER}) t, mrr_minor v,
               lag(coalesce(to_month, ${FOREVER})) over w prev_t, lead(from_month) over w next_f
        from kpi_mrr_segments where workspace_id = ${workspaceId} ${andCustomer(picked, sql`customer_id`)}
        window w as (partition by customer_id order by from_month)),
      pieces as (
        select customer_id, tier, f lo, t hi, v, true seen from seg
        union all
        select customer_id, tier, coalesce(prev_t, 0), f, 0, prev_t is not null from seg where coalesce(prev_t, 0) < f
        union all
        select customer_id, tier, t, ${FOREVER}, 0, true from seg where next_f is null and t < ${FOREVER}),
      rect as (
        select s.tier, s.lo s0, s.hi s1, e.lo e0, e.hi e1, s.v a, e.v b, s.seen
        from pieces s join pieces e on e.customer_id = s.customer_id
        where (s.v > 0 or e.v > 0) and e.hi > s.lo + 1)
      insert into kpi_mrr_cells (workspace_id, tier, start_month, end_month, start_minor, end_minor, new_minor, expansion_minor,
                                 contraction_minor, churned_minor, reactivation_minor, customers_at_start, customers_lost)
      select ${workspaceId}::uuid, r.tier, c.s, c.e, ${sign} * sum(c.k * r.a)::bigint, ${sign} * sum(c.k * r.b)::bigint,
             ${sign} * sum(c.k * case when r.a = 0 and not r.seen then r.b else 0 end)::bigint,
             ${sign} * sum(c.k * case when r.a > 0 and r.b > r.a then r.b - r.a else 0 end)::bigint,
             ${sign} * sum(c.k * case when r.b > 0 and r.b < r.a then r.a - r.b else 0 end)::bigint,
             ${sign} * sum(c.k * case when r.b = 0 then r.a else 0 end)::bigint,
             ${sign} * sum(c.k * case when r.a = 0 and r.seen then r.b else 0 end)::bigint,
             ${sign} * sum(c.k * case when r.a > 0 then 1 else 0 end)::int,
             ${sign} * sum(c.k * case when r.a > 0 and r.b = 0 then 1 else 0 end)::int
      from rect r cross join lateral (values (r.s0, r.e0, 1), (r.s1, r.e0, -1), (r.s0, r.e1, -1), (r.s1, r.e1, 1)) c(s, e, k)
      where c.s < ${FOREVER} and c.e < ${FOREVER}
      group by r.tier, c.s, c.e
      on conflict (workspace_id, tier, start_month, end_month) do update
      set start_minor = kpi_mrr_cells.start_minor + excluded.start_minor,
          end_minor = kpi_mrr_cells.end_minor + excluded.end_minor,
          new_minor = kpi_mrr_cells.new_minor + excluded.new_minor,
          expansion_minor = kpi_mrr_cells.expansion_minor + excluded.expansion_minor,
          contraction_minor = kpi_mrr_cells.contraction_minor + excluded.contraction_minor,
          churned_minor = kpi_mrr_cells.churned_minor + excluded.churned_minor,
          reactivation_minor = kpi_mrr_cells.reactivation_minor + excluded.reactivation_minor,
          customers_at_start = kpi_mrr_cells.customers_at_start + excluded.customers_at_start,
          customers_lost = kpi_mrr_cells.customers_lost + excluded.customers_lost`;

/** Empties the workspace's cells (a full rebuild adds them all again). */
export const clearMrrCells = (workspaceId: string) =>
  sql`delete from kpi_mrr_cells where workspace_id = ${workspaceId}`;

export type MrrPoint = { start: number; end: number };

/**
 * The movements between the ends of months `start` < `end`, for each pair asked (in that order),
 * of all tiers or one: each the sum of the cells at or before it.
 */
export async function mrrCellMoves(
  db: Db,
  workspaceId: string,
  q: { points: MrrPoint[]; tier?: string },
): Promise<Movements[]> {
  const points = sql.join(
    q.points.map((p, i) => sql`(${i}::int, ${p.start}::int, ${p.end}::int)`),
    sql`, `,
  );
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select p.i, sum(c.start_minor) "start", sum(c.end_minor) "end", sum(c.new_minor) "new", sum(c.expansion_minor) expansion,
               sum(c.contraction_minor) contraction, sum(c.churned_minor) churned, sum(c.reactivation_minor) reactivation,
               sum(c.customers_at_start) "customersAtStart", sum(c.customers_lost) "customersLost"
        from (values ${points}) p(i, s, e)
        join kpi_mrr_cells c on c.start_month <= p.s and c.end_month <= p.e
        where c.workspace_id = ${workspaceId} ${q.tier === undefined ? sql`` : sql`and c.tier = ${q.tier}`}
        group by p.i`,
  );
  const byPoint = new Map(rows.map((r) => [Number(r.i), r]));
  return q.points.map((_, i) => {
    const r = byPoint.get(i);
    const n = (k: string) => Number(r?.[k] ?? 0);
    return {
      start: n('start'),
      end: n('end'),
      new: n('new'),
      expansion: n('expansion'),
      contraction: n('contraction'),
      churned: n('churned'),
      reactivation: n('reactivation'),
      customersAtStart: n('customersAtStart'),
      customersLost: n('customersLost'),
    };
  });
}
