// SQL of the purchase-activity roll-up (kpi_activity_cells, kpis.schema.ts): each purchase keyed by
// its month and the months of the customer's two purchases before it, counted per tier — kept from
// the cohort roll-up's customer rows (their purchases per month) by the same refresh, and the
// counts of active, retained and repeat customers over whole months read from it.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { PurchaseActivityRow } from '../commerce/index.ts';

/**
 * Adds `sign` × the activity cells of the customer rows `rows` (an SQL query or a CTE's name with
 * `customer_id, tier, months, purchases`) to the stored ones. Purchases of one month are in no
 * particular order among themselves: they share the month, which is all a cell keeps.
 */
export const addActivity = (workspaceId: string, rows: SQL, sign: 1 | -1) =>
  sql`insert into kpi_activity_cells (workspace_id, tier, month, prev_month, prev2_month, purchases)
      select ${workspaceId}::uuid, tier, m, p1, p2, ${sign} * count(*)
      from (select r.tier, u.m, lag(u.m, 1, -1) over w p1, lag(u.m, 2, -1) over w p2
            from ${rows} r, unnest(r.months, r.purchases) u(m, n), generate_series(1, u.n) k
            window w as (partition by r.customer_id order by u.m)) x
      group by tier, m, p1, p2
      on conflict (workspace_id, tier, month, prev_month, prev2_month) do update
      set purchases = kpi_activity_cells.purchases + excluded.purchases`;

/**
 * purchaseActivity's four counts for the months [before, from) and [from, to) (month numbers, `to`
 * exclusive), of all tiers or one. Customers active in [a, b): the purchases with a ≤ month < b
 * whose previous one is before a; retained: active in both windows = active before + active now −
 * active in the two together; repeaters: purchases before `to` whose previous one is in the window
 * and the one before that is not (each such customer's second purchase in it).
 */
export async function rollupActivity(
  db: Db,
  workspaceId: string,
  w: { before: number; from: number; to: number; tier?: string },
): Promise<PurchaseActivityRow> {
  const activeIn = (a: number, b: number) =>
    sql`coalesce(sum(purchases) filter (where month >= ${a} and month < ${b} and prev_month < ${a}), 0)`;
  const [r] = await queryRows<Record<string, string | number>>(
    db,
    sql`select ${activeIn(w.before, w.from)} active_before, ${activeIn(w.from, w.to)} active, ${activeIn(w.before, w.to)} active_both,
               coalesce(sum(purchases) filter (where month < ${w.to} and prev_month >= ${w.from} and prev2_month < ${w.from}), 0) repeaters
        from kpi_activity_cells
        where workspace_id = ${workspaceId} and month >= ${w.before} and month < ${w.to}
          ${w.tier === undefined ? sql`` : sql`and tier = ${w.tier}`}`,
  );
  const activeBefore = Number(r.active_before);
  const active = Number(r.active);
  return {
    activeBefore,
    retained: activeBefore + active - Number(r.active_both),
    active,
    repeaters: Number(r.repeaters),
  };
}
