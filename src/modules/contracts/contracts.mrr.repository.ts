// SQL of the monthly recurring revenue per customer that the kpis domain reads (through
// contracts.sources.ts): at each UTC month end, the contracts that run then (started before it,
// not cancelled or expired by it; pending ones never count), each at the value in force then —
// its latest dated change at or before that instant, else its starting value.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type MrrRow = { customer_id: string; month: string; mrr: number };

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
        select f.customer_id::text, m.label as month, sum(coalesce(v.value, f.monthly_value_minor))::bigint mrr
        from months m
        join f on f.started_at < m.month_end and (f.ended_at is null or f.ended_at >= m.month_end)
        left join lateral (
          select ch.monthly_value_minor value from contract_value_changes ch
          where ch.workspace_id = ${workspaceId} and ch.contract_id = f.id and ch.effective_at < m.month_end
          order by ch.effective_at desc limit 1
        ) v on true
        group by f.customer_id, m.label
        having sum(coalesce(v.value, f.monthly_value_minor)) > 0`,
  );
  return rows.map((r) => ({ customer_id: r.customer_id, month: r.month, mrr: Number(r.mrr) }));
}
