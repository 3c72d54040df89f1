// SQL of the KPI roll-ups (tables in kpis.schema.ts): build them from commerce's transactions,
// analytics' tiers and contracts' MRR, take in the customers queued in `kpi_cohort_changes`, read
// the matrix (purchase activity: kpis.activity.repository.ts; MRR: kpis.mrr.repository.ts). A
// customer's row is recomputed whole from their transactions, so taking a customer in twice is
// harmless; the cells change by the difference between their new row and their old one.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { customerTiers } from '../analytics/index.ts';
import { transactionFacts } from '../commerce/index.ts';
import { addActivity } from './kpis.activity.repository.ts';
import { rebuildMrrSegments } from './kpis.mrr.repository.ts';

const monthNo = (at: SQL) =>
  sql`(extract(year from ${at} at time zone 'UTC')::int * 12 + extract(month from ${at} at time zone 'UTC')::int - 1)`;
const uuids = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** Per customer with a purchase (of those `scope` picks, a condition on `customer_id`): the roll-up's row. */
const customerRows = (workspaceId: string, scope: SQL) =>
  sql`select t.customer_id, min(t.m) filter (where t.bought) cohort, coalesce(min(s.tier), 'none') tier,
             array_agg(t.m order by t.m) months, array_agg(t.revenue order by t.m) revenues, array_agg(t.bought order by t.m) bought,
             array_agg(t.purchases order by t.m) purchases
      from (select customer_id, ${monthNo(sql`occurred_at`)} m, bool_or(kind = 'purchase') bought, sum(total_minor)::bigint revenue,
                   count(*) filter (where kind = 'purchase')::int purchases
            from (${transactionFacts(workspaceId)}) f where ${scope} group by 1, 2) t
      left join (${customerTiers(workspaceId)}) s on s.customer_id = t.customer_id
      group by t.customer_id having bool_or(t.bought)`;

/** Adds `sign` × the cells of the customer rows `rows` (an SQL query, or a CTE's name) yields to the stored cells. */
const addCells = (workspaceId: string, rows: SQL, sign: 1 | -1) =>
  sql`insert into kpi_cohort_cells (workspace_id, tier, cohort, month, customers, revenue_minor)
      select ${workspaceId}::uuid, r.tier, r.cohort, u.m, ${sign} * count(*) filter (where u.b), ${sign} * sum(u.rev)
      from ${rows} r, unnest(r.months, r.revenues, r.bought) u(m, rev, b)
      group by r.tier, r.cohort, u.m
      on conflict (workspace_id, tier, cohort, month) do update
      set customers = kpi_cohort_cells.customers + excluded.customers,
          revenue_minor = kpi_cohort_cells.revenue_minor + excluded.revenue_minor`;

const rowColumns = sql`customer_id, cohort, tier, months, revenues, bought, purchases`;

/** Whether the workspace's roll-up was ever built, and whether customers wait to be taken in. */
export async function rollupStatus(db: Db, workspaceId: string): Promise<{ built: boolean; pending: boolean }> {
  const [r] = await queryRows<{ built: boolean; pending: boolean }>(
    db,
    sql`select exists (select 1 from kpi_cohort_state where workspace_id = ${workspaceId}) built,
               exists (select 1 from kpi_cohort_changes where workspace_id = ${workspaceId}) pending`,
  );
  return r;
}

/** Workspaces with customers queued (a loose index scan of the queue's key: one probe per workspace). */
export async function workspacesWithChanges(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    // No min(uuid) in PostgreSQL: each probe is the first key in index order after the last one.
    sql`with recursive w as (
          (select workspace_id id from kpi_cohort_changes order by workspace_id limit 1)
          union all
          select (select c.workspace_id from kpi_cohort_changes c where c.workspace_id > w.id
                  order by c.workspace_id limit 1)
          from w where w.id is not null
        )
        select id::text id from w where id is not null`,
  );
  return rows.map((r) => r.id);
}

/** Empties the workspace's queue of changed customers; returns how many queue rows it held. */
export const clearChanges = (db: Db, workspaceId: string): Promise<number> =>
  execCount(db, sql`delete from kpi_cohort_changes where workspace_id = ${workspaceId}`);

/** Takes the queued customers off the queue (those committed by now); each id once. */
export async function claimChanges(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with d as (delete from kpi_cohort_changes where workspace_id = ${workspaceId} returning customer_id)
        select distinct customer_id::text id from d`,
  );
  return rows.map((r) => r.id);
}

/** Drops queued changes of these customers (a merge or an erasure took them in already). */
export const dropChanges = (db: Db, workspaceId: string, ids: string[]) =>
  db.execute(
    sql`delete from kpi_cohort_changes where workspace_id = ${workspaceId} and customer_id = any(${uuids(ids)})`,
  );

/**
 * Rebuilds the workspace's roll-ups from scratch: customer rows, then the cohort and activity cells
 * as their sums; the MRR segments from the contracts.
 */
export async function rebuildRollup(db: Db, workspaceId: string, now: Date): Promise<number> {
  await db.execute(sql`delete from kpi_cohort_cells where workspace_id = ${workspaceId}`);
  await db.execute(sql`delete from kpi_activity_cells where workspace_id = ${workspaceId}`);
  await db.execute(sql`delete from kpi_cohort_customers where workspace_id = ${workspaceId}`);
  const customers = await execCount(
    db,
    sql`insert into kpi_cohort_customers (workspace_id, ${rowColumns})
        select ${workspaceId}::uuid, ${rowColumns} from (${customerRows(workspaceId, sql`true`)}) r`,
  );
  const all = sql`(select * from kpi_cohort_customers where workspace_id = ${workspaceId})`;
  await db.execute(addCells(workspaceId, all, 1));
  await db.execute(addActivity(workspaceId, all, 1));
  await rebuildMrrSegments(db, workspaceId);
  await db.execute(
    sql`insert into kpi_cohort_state (workspace_id, built_at, refreshed_at) values (${workspaceId}, ${now}, ${now})
        on conflict (workspace_id) do update set built_at = excluded.built_at, refreshed_at = excluded.refreshed_at`,
  );
  return customers;
}

/**
 * Recomputes these customers' rows from their transactions and tiers, and moves the cohort and
 * activity cells by the difference; and their MRR segments from their contracts.
 */
export async function refreshCustomers(db: Db, workspaceId: string, ids: string[], now: Date): Promise<void> {
  if (!ids.length) return;
  await db.execute(
    sql`with old as (delete from kpi_cohort_customers where workspace_id = ${workspaceId} and customer_id = any(${uuids(ids)})
                     returning ${rowColumns}),
        cells as (${addCells(workspaceId, sql`old`, -1)})
        ${addActivity(workspaceId, sql`old`, -1)}`,
  );
  await db.execute(
    sql`with new as (insert into kpi_cohort_customers (workspace_id, ${rowColumns})
                     select ${workspaceId}::uuid, ${rowColumns} from (${customerRows(workspaceId, sql`customer_id = any(${uuids(ids)})`)}) r
                     returning ${rowColumns}),
        cells as (${addCells(workspaceId, sql`new`, 1)})
        ${addActivity(workspaceId, sql`new`, 1)}`,
  );
  await rebuildMrrSegments(db, workspaceId, { ids: uuids(ids) });
  await db.execute(sql`update kpi_cohort_state set refreshed_at = ${now} where workspace_id = ${workspaceId}`);
}

export type RollupCellRow = { cohort: number; k: number; customers: number; revenue_minor: number };

/** The cells of cohorts [from, to] (month numbers) up to month `to`, summed over tiers or of one tier. */
export async function rollupCells(
  db: Db,
  workspaceId: string,
  q: { from: number; to: number; tier?: string },
): Promise<RollupCellRow[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`select cohort, month - cohort k, sum(customers) customers, sum(revenue_minor) revenue_minor
        from kpi_cohort_cells
        where workspace_id = ${workspaceId} and cohort >= ${q.from} and cohort <= ${q.to} and month >= cohort and month <= ${q.to}
          ${q.tier === undefined ? sql`` : sql`and tier = ${q.tier}`}
        group by cohort, month`,
  );
  return rows.map((r) => ({
    cohort: Number(r.cohort),
    k: Number(r.k),
    customers: Number(r.customers),
    revenue_minor: Number(r.revenue_minor),
  }));
}

/**
 * The customers of one cohort cell (acquired in month `cohort`, purchasing in month `month`), of
 * all tiers or one, by id after `afterId`: their purchases and net revenue in that month.
 */
export async function rollupCellCustomers(
  db: Db,
  workspaceId: string,
  q: { cohort: number; month: number; tier?: string; afterId?: string; limit: number },
): Promise<{ customer_id: string; purchases: number; revenue_minor: number }[]> {
  const rows = await queryRows<Record<string, string | number>>(
    db,
    sql`select r.customer_id::text, r.purchases[i] purchases, r.revenues[i] revenue_minor
        from kpi_cohort_customers r, array_position(r.months, ${q.month}::int) i
        where r.workspace_id = ${workspaceId} and r.cohort = ${q.cohort} and i is not null and r.purchases[i] > 0
          ${q.tier === undefined ? sql`` : sql`and r.tier = ${q.tier}`}
          ${q.afterId ? sql`and r.customer_id > ${q.afterId}::uuid` : sql``}
        order by r.customer_id limit ${q.limit}`,
  );
  return rows.map((r) => ({
    customer_id: String(r.customer_id),
    purchases: Number(r.purchases),
    revenue_minor: Number(r.revenue_minor),
  }));
}
