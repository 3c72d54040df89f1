// SQL of the monthly recurring revenue per customer that the kpis domain reads (through
// contracts.sources.ts): at each UTC month end, the contracts that run then (started before it,
// not cancelled or expired by it; pending ones never count), each at the value in force then —
// its latest dated change at or before that instant, else its starting value.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type MrrRow = { customer_id: string; month: string; mrr: number };

/** Whether contract `f` (a contractFacts row) runs at the instant `end` (a month end). */
const runsAt = (f: SQL, end: SQL) =>
  sql`${f}.started_at < ${end} and (${f}.ended_at is null or ${f}.ended_at >= ${end})`;

/** Contract `f`'s monthly value at the instant `end`: its latest dated change before it, else its starting value. */
const valueAt = (workspaceId: string, f: SQL, end: SQL) =>
  sql`coalesce((select ch.monthly_value_minor from contract_value_changes ch
                where ch.workspace_id = ${workspaceId} and ch.contract_id = ${f}.id and ch.effective_at < ${end}
                order by ch.effective_at desc limit 1), ${f}.monthly_value_minor)`;

const monthNo = (at: SQL) =>
  sql`(extract(year from ${at} at time zone 'UTC')::int * 12 + extract(month from ${at} at time zone 'UTC')::int - 1)`;

/**
 * Per customer of `facts` (contracts.sources' contractFacts, filtered): `customer_id, month` (year ×
 * 12 + month − 1), `mrr_minor` (MRR at that month's end, 0 included) and `horizon`, for every month
 * from the customer's first contract month to the last month in which anything of theirs happens (a
 * start, an end, a dated change): from `horizon` on, the MRR stays what it is then.
 */
export const mrrMonthEnds = (workspaceId: string, facts: SQL): SQL =>
  sql`with f as (${facts}),
      span as (
        select f.customer_id, min(${monthNo(sql`f.started_at`)}) first_m,
               max(greatest(${monthNo(sql`f.started_at`)}, coalesce(${monthNo(sql`f.ended_at`)}, 0), coalesce(${monthNo(sql`ch.last_at`)}, 0))) last_m
        from f left join lateral (
          select max(effective_at) last_at from contract_value_changes c where c.workspace_id = ${workspaceId} and c.contract_id = f.id
        ) ch on true
        group by f.customer_id
      ),
      months as (
        select customer_id, m, m = last_m horizon, make_timestamptz((m + 1) / 12, (m + 1) % 12 + 1, 1, 0, 0, 0, 'UTC') month_end
        from span, generate_series(first_m, last_m) m
      )
      select mo.customer_id, mo.m as month, mo.horizon,
             coalesce(sum(${valueAt(workspaceId, sql`f`, sql`mo.month_end`)}), 0)::bigint mrr_minor
      from months mo left join f on f.customer_id = mo.customer_id and ${runsAt(sql`f`, sql`mo.month_end`)}
      group by mo.customer_id, mo.m, mo.horizon`;

/**
 * One row per customer and month with MRR > 0, from the workspace's first contract month through
 * `toMonth` (YYYY-MM); months without a row are worth 0. `facts` is contracts.sources' contractFacts.
 */
export async function mrrByMonthRows(db: Db, workspaceId: string, facts: SQL, toMonth: string): Promise<MrrRow[]> {
  const toStart = `${toMonth}-01`;
  const rows = await queryRows<{ customer_id: string; month: string; mrr: string | number }>(
    db,
    sql`with f as (${facts}),
        b as (select date_trunc('month', min(started_at) at time zone 'UTC') first_m from f),
        months as (
          select to_char(b.first_m + make_interval(months => k), 'YYYY-MM') label,
                 (b.first_m + make_interval(months => k + 1)) at time zone 'UTC' month_end
          from b, generate_series(0,
            ((extract(year from ${toStart}::timestamp) - extract(year from b.first_m)) * 12
              + extract(month from ${toStart}::timestamp) - extract(month from b.first_m))::int) k
          where b.first_m is not null
        )
        select f.customer_id::text, m.label as month, sum(v.value)::bigint mrr
        from months m
        join f on ${runsAt(sql`f`, sql`m.month_end`)}
        cross join lateral (select ${valueAt(workspaceId, sql`f`, sql`m.month_end`)} value) v
        group by f.customer_id, m.label
        having sum(v.value) > 0`,
  );
  return rows.map((r) => ({ customer_id: r.customer_id, month: r.month, mrr: Number(r.mrr) }));
}
