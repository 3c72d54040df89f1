// SQL for complaint KPIs and root-cause counts, scoped by workspace. One pass with grouping sets
// gives the workspace, per-agent and per-team figures over the same definitions.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { andCustomer, type CustomerFilter } from '../../db/customer-filter.ts';

export type KpiRow = {
  scope: 'all' | 'agent' | 'team';
  key: string | null;
  registered: number;
  resolved: number;
  resolvedWithDeadline: number;
  resolvedWithinSla: number;
  meanHours: number | null;
  p90Hours: number | null;
  responses: number;
  meanSatisfaction: number | null;
};

/** `customers`: only complaints of these customers (the KPI filters). */
type Window = { from: Date; to: Date; customers?: CustomerFilter };
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Registered = registered in the window; resolved = resolved in it (by whoever resolved it, or
 * the assignee); time to resolve = registration → resolution; satisfaction = ratings given in it.
 */
export async function kpiRows(db: Db, workspaceId: string, w: Window): Promise<KpiRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with c as (
          select coalesce(resolved_by, assignee_id) agent, team_id, deadline_at, resolved_at, satisfaction_score,
                 registered_at >= ${w.from} and registered_at < ${w.to} reg_in,
                 coalesce(resolved_at >= ${w.from} and resolved_at < ${w.to}, false) res_in,
                 coalesce(satisfaction_at >= ${w.from} and satisfaction_at < ${w.to}, false) sat_in,
                 extract(epoch from resolved_at - registered_at) / 3600.0 hours
          from complaints
          where workspace_id = ${workspaceId} ${andCustomer(w.customers, sql`customer_id`)}
            and ((registered_at >= ${w.from} and registered_at < ${w.to}) or (resolved_at >= ${w.from} and resolved_at < ${w.to}) or (satisfaction_at >= ${w.from} and satisfaction_at < ${w.to}))
        )
        select grouping(agent) g_agent, grouping(team_id) g_team, agent::text, team_id::text,
               count(*) filter (where reg_in) registered,
               count(*) filter (where res_in) resolved,
               count(*) filter (where res_in and deadline_at is not null) with_deadline,
               count(*) filter (where res_in and resolved_at <= deadline_at) within_sla,
               avg(hours) filter (where res_in) mean_hours,
               percentile_cont(0.9) within group (order by hours) filter (where res_in) p90_hours,
               count(*) filter (where sat_in) responses,
               avg(satisfaction_score) filter (where sat_in) mean_satisfaction
        from c group by grouping sets ((), (agent), (team_id))`,
  );
  return rows
    .map((r): KpiRow => ({
      scope: Number(r.g_agent) === 0 ? 'agent' : Number(r.g_team) === 0 ? 'team' : 'all',
      key: (Number(r.g_agent) === 0 ? r.agent : r.team_id) as string | null,
      registered: Number(r.registered),
      resolved: Number(r.resolved),
      resolvedWithDeadline: Number(r.with_deadline),
      resolvedWithinSla: Number(r.within_sla),
      meanHours: num(r.mean_hours),
      p90Hours: num(r.p90_hours),
      responses: Number(r.responses),
      meanSatisfaction: num(r.mean_satisfaction),
    }))
    .filter((r) => r.scope === 'all' || r.key !== null);
}

/** Complaints registered in the window by a customer who had complained in the 90 days before. */
export async function repeatComplaints(db: Db, workspaceId: string, w: Window): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from complaints c
        where c.workspace_id = ${workspaceId} and c.registered_at >= ${w.from} and c.registered_at < ${w.to}
          and exists (select 1 from complaints p where p.workspace_id = c.workspace_id and p.customer_id = c.customer_id
                      and p.registered_at < c.registered_at and p.registered_at >= c.registered_at - interval '90 days')`,
  );
  return Number(row.n);
}

export async function topRootCauses(
  db: Db,
  workspaceId: string,
  w: Window,
  limit: number,
): Promise<{ rootCause: string; count: number }[]> {
  const rows = await queryRows<{ root_cause: string; n: number }>(
    db,
    sql`select root_cause, count(*)::int n from complaints
        where workspace_id = ${workspaceId} and root_cause is not null and resolved_at >= ${w.from} and resolved_at < ${w.to}
          ${andCustomer(w.customers, sql`customer_id`)}
        group by root_cause order by n desc, root_cause limit ${limit}`,
  );
  return rows.map((r) => ({ rootCause: r.root_cause, count: Number(r.n) }));
}

/** Complaints registered in the window per UTC month (`YYYY-MM`) and root cause (null while unknown). */
export async function registeredByMonth(
  db: Db,
  workspaceId: string,
  w: Window,
): Promise<{ month: string; rootCause: string | null; count: number }[]> {
  const rows = await queryRows<{ month: string; root_cause: string | null; n: number }>(
    db,
    sql`select to_char(registered_at at time zone 'UTC', 'YYYY-MM') as month, root_cause, count(*)::int n
        from complaints
        where workspace_id = ${workspaceId} and registered_at >= ${w.from} and registered_at < ${w.to}
          ${andCustomer(w.customers, sql`customer_id`)}
        group by 1, 2 order by 1, 2 nulls last`,
  );
  return rows.map((r) => ({ month: r.month, rootCause: r.root_cause, count: Number(r.n) }));
}

/** Resolved complaints per root cause and period (week, month, quarter) in the workspace's time zone. */
export async function rootCauseSeries(
  db: Db,
  workspaceId: string,
  w: Window,
  interval: 'week' | 'month' | 'quarter',
  timeZone: string,
) {
  const rows = await queryRows<{ period: string; root_cause: string; n: number }>(
    db,
    sql`select to_char(date_trunc(${interval}, resolved_at at time zone ${timeZone}), 'YYYY-MM-DD') period, root_cause, count(*)::int n
        from complaints
        where workspace_id = ${workspaceId} and root_cause is not null and resolved_at >= ${w.from} and resolved_at < ${w.to}
        group by 1, 2 order by 1, n desc, 2`,
  );
  return rows.map((r) => ({ period: r.period, rootCause: r.root_cause, count: Number(r.n) }));
}
