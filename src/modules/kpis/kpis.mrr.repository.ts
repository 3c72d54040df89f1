// SQL of the month-end MRR roll-up (kpi_mrr_segments, kpis.schema.ts): each customer's runs of
// months with the same MRR, built from contracts' month-end MRR (contractMrrMonthEnds) and
// recomputed whole per customer, so taking a customer in twice is harmless (the cells derived from
// them: kpis.mrr-cells.repository.ts); and the reads of revenue retention from it under the filters
// the cells do not know — a period's movements (each customer's MRR at the two month ends compared)
// and each month's (the runs that start or stop in it) — and the drill-down. Month numbers: year × 12 + month − 1.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';
import { customerTiers, type MovementKind, type Movements } from '../analytics/index.ts';
import { contractMrrMonthEnds } from '../contracts/index.ts';
import { addMrrCells, clearMrrCells } from './kpis.mrr-cells.repository.ts';

/**
 * Replaces the segments of the customers `scope` picks (all, when undefined) with ones computed now
 * (under each customer's current tier), and moves the revenue-movement cells with them: their old
 * runs' cells taken off, the new ones' added.
 */
export async function rebuildMrrSegments(db: Db, workspaceId: string, scope?: { ids: SQL }): Promise<void> {
  const picked: CustomerFilter | undefined = scope ? (id) => sql`${id} = any(${scope.ids})` : undefined;
  await db.execute(scope ? addMrrCells(workspaceId, picked, -1) : clearMrrCells(workspaceId));
  await db.execute(
    sql`delete from kpi_mrr_segments where workspace_id = ${workspaceId} ${andCustomer(picked, sql`customer_id`)}`,
  );
  // Runs of equal MRR (gaps and islands over every month up to the customer's horizon, zeros
  // included, so consecutive runs touch); the run that reaches the horizon lasts for good.
  await db.execute(
    sql`insert into kpi_mrr_segments (workspace_id, customer_id, from_month, to_month, mrr_minor, prev_minor, seen_before, churns, tier)
        select ${workspaceId}::uuid, s.customer_id, from_m, case when open then null else to_m + 1 end, mrr, prev, seen > 0,
               not open and nxt = 0, coalesce(ct.tier, 'none')
        from (select i.*, lag(mrr, 1, 0::bigint) over w prev, lead(mrr) over w nxt,
                     count(*) filter (where mrr > 0) over (w rows between unbounded preceding and 1 preceding) seen
              from (select customer_id, mrr_minor mrr, min(month) from_m, max(month) to_m, bool_or(horizon) open
                    from (select r.*, r.month - row_number() over (partition by r.customer_id, r.mrr_minor order by r.month) grp
                          from (${contractMrrMonthEnds(workspaceId, picked)}) r) g
                    group by customer_id, mrr_minor, grp) i
              window w as (partition by customer_id order by from_m)) s
        left join (${customerTiers(workspaceId)}) ct on ct.customer_id = s.customer_id
        where mrr > 0`,
  );
  await db.execute(addMrrCells(workspaceId, picked, 1));
}

/** The segments running at the end of month `m`: `customer_id, v` (MRR). */
const runningAt = (workspaceId: string, m: number, filter: CustomerFilter | undefined) =>
  sql`select g.customer_id, g.mrr_minor v from kpi_mrr_segments g
      where g.workspace_id = ${workspaceId} and g.from_month <= ${m} and (g.to_month is null or g.to_month > ${m})
        ${andCustomer(filter, sql`g.customer_id`)}`;

/** Per customer with MRR at either end: `customer_id, start_minor, end_minor, kind` (null: no movement), `amount`. */
const movesBetween = (workspaceId: string, start: number, end: number, filter: CustomerFilter | undefined) =>
  sql`select x.*, case x.kind when 'new' then x.end_minor when 'reactivation' then x.end_minor when 'churned' then x.start_minor
                              when 'expansion' then x.end_minor - x.start_minor when 'contraction' then x.start_minor - x.end_minor
                              else 0 end amount
      from (select coalesce(s.customer_id, e.customer_id) customer_id, coalesce(s.v, 0) start_minor, coalesce(e.v, 0) end_minor,
                   case when s.v is null then
                          case when exists (select 1 from kpi_mrr_segments p where p.workspace_id = ${workspaceId}
                                            and p.customer_id = e.customer_id and p.from_month < ${start})
                               then 'reactivation' else 'new' end
                        when e.v is null then 'churned' when e.v > s.v then 'expansion' when e.v < s.v then 'contraction' end kind
            from (${runningAt(workspaceId, start, filter)}) s full join (${runningAt(workspaceId, end, filter)}) e
              on e.customer_id = s.customer_id) x`;

const toNumbers = <K extends string>(r: Record<K, string | number | null>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v ?? 0)])) as Record<K, number>;

/** The movements between the ends of months `start` and `end`, summed over the customers. */
export async function mrrMovesBetween(
  db: Db,
  workspaceId: string,
  q: { start: number; end: number; filter?: CustomerFilter },
): Promise<Movements> {
  const [r] = await queryRows<Record<keyof Movements, string | number | null>>(
    db,
    sql`select sum(start_minor) "start", sum(end_minor) "end", sum(amount) filter (where kind = 'new') "new",
               sum(amount) filter (where kind = 'expansion') expansion, sum(amount) filter (where kind = 'contraction') contraction,
               sum(amount) filter (where kind = 'churned') churned, sum(amount) filter (where kind = 'reactivation') reactivation,
               count(*) filter (where start_minor > 0) "customersAtStart", count(*) filter (where kind = 'churned') "customersLost"
        from (${movesBetween(workspaceId, q.start, q.end, q.filter)}) m`,
  );
  return toNumbers(r);
}

export type MrrMoverRow = {
  customer_id: string;
  kind: MovementKind;
  start_minor: number;
  end_minor: number;
  amount: number;
};

/** The customers of one movement between the ends of months `start` and `end`, by id after `afterId`. */
export async function mrrMovers(
  db: Db,
  workspaceId: string,
  q: { start: number; end: number; kind: MovementKind; filter?: CustomerFilter; afterId?: string; limit: number },
): Promise<MrrMoverRow[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`select customer_id::text, kind, start_minor, end_minor, amount from (${movesBetween(workspaceId, q.start, q.end, q.filter)}) m
        where kind = ${q.kind} ${q.afterId ? sql`and customer_id > ${q.afterId}::uuid` : sql``}
        order by customer_id limit ${q.limit}`,
  );
  return rows.map((r) => ({
    customer_id: String(r.customer_id),
    kind: r.kind as MovementKind,
    start_minor: Number(r.start_minor),
    end_minor: Number(r.end_minor),
    amount: Number(r.amount),
  }));
}

export type MrrMonthMoves = Omit<Movements, 'start' | 'end' | 'customersAtStart'> & { month: number; gained: number };

/** Per month of [from, to] with a movement: the movements from the month before's end to its end. */
export async function mrrMonthMoves(
  db: Db,
  workspaceId: string,
  q: { from: number; to: number; filter?: CustomerFilter },
): Promise<MrrMonthMoves[]> {
  const rows = await queryRows<Record<keyof MrrMonthMoves, string | number | null>>(
    db,
    sql`select m "month", sum(v) filter (where not churn and p = 0 and not seen) "new",
               sum(v) filter (where not churn and p = 0 and seen) reactivation,
               sum(v - p) filter (where not churn and p > 0 and v > p) expansion,
               sum(p - v) filter (where not churn and p > 0 and v < p) contraction,
               sum(v) filter (where churn) churned, count(*) filter (where not churn and p = 0) gained,
               count(*) filter (where churn) "customersLost"
        from (select g.from_month m, g.mrr_minor v, g.prev_minor p, g.seen_before seen, false churn from kpi_mrr_segments g
              where g.workspace_id = ${workspaceId} and g.from_month between ${q.from} and ${q.to} ${andCustomer(q.filter, sql`g.customer_id`)}
              union all
              select g.to_month, g.mrr_minor, 0, false, true from kpi_mrr_segments g
              where g.workspace_id = ${workspaceId} and g.churns and g.to_month between ${q.from} and ${q.to}
                ${andCustomer(q.filter, sql`g.customer_id`)}) e
        group by m`,
  );
  return rows.map(toNumbers);
}
