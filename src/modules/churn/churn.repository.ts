// The churn domain's runs and stored risks, scoped by workspace (the run's reads are in
// churn.facts.repository.ts, the swap of a run's risks in churn.risks.repository.ts).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { runRecords } from '../../db/runs.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { contractFacts } from '../contracts/index.ts';
import { liveCustomers } from '../customers/index.ts';
import type { RetentionModel } from './churn.curves.ts';
import { churnModelRuns, churnRisk, type RiskDriver } from './churn.schema.ts';

type RetentionParams = RetentionModel['params'];

export type ChurnRunRow = typeof churnModelRuns.$inferSelect;
export type ChurnRiskRow = typeof churnRisk.$inferSelect;

// ---- runs

export async function insertRun(db: Db, row: typeof churnModelRuns.$inferInsert): Promise<ChurnRunRow> {
  const [created] = await db.insert(churnModelRuns).values(row).returning();
  return created;
}

export async function findRun(db: Db, workspaceId: string, id: string): Promise<ChurnRunRow | undefined> {
  const [row] = await db
    .select()
    .from(churnModelRuns)
    .where(and(eq(churnModelRuns.workspaceId, workspaceId), eq(churnModelRuns.id, id)));
  return row;
}

/** A run's claim from 'queued' (false when another worker has it) and its outcome. */
export const { claim: claimRun, finish: finishRun } = runRecords(churnModelRuns);

/** Makes `runId` the workspace's one used model. */
export async function markOnlyUsed(db: Db, workspaceId: string, runId: string): Promise<void> {
  await db.execute(
    sql`update churn_model_runs set used = (id = ${runId}) where workspace_id = ${workspaceId} and (used or id = ${runId})`,
  );
}

export async function listRuns(db: Db, workspaceId: string, limit: number): Promise<ChurnRunRow[]> {
  return db
    .select()
    .from(churnModelRuns)
    .where(eq(churnModelRuns.workspaceId, workspaceId))
    .orderBy(desc(churnModelRuns.queuedAt), desc(churnModelRuns.id))
    .limit(limit);
}

/** The latest run whose model is used (its card feeds the drivers table). */
export async function latestUsedRun(db: Db, workspaceId: string): Promise<ChurnRunRow | undefined> {
  const [row] = await db
    .select()
    .from(churnModelRuns)
    .where(and(eq(churnModelRuns.workspaceId, workspaceId), eq(churnModelRuns.used, true)))
    .orderBy(desc(churnModelRuns.finishedAt))
    .limit(1);
  return row;
}

/** The latest succeeded run (its curves are current even when its model was flagged). */
export async function latestSucceededRun(db: Db, workspaceId: string): Promise<ChurnRunRow | undefined> {
  const [row] = await db
    .select()
    .from(churnModelRuns)
    .where(and(eq(churnModelRuns.workspaceId, workspaceId), eq(churnModelRuns.status, 'succeeded')))
    .orderBy(desc(churnModelRuns.finishedAt))
    .limit(1);
  return row;
}

/** The lifetime model a run stored (sBG parameters per cohort and plan): fixed once the run succeeded. */
export type RunLifetime = { params: RetentionParams; horizonMonths: number; monthlyDiscount: number };

export async function runLifetime(db: Db, workspaceId: string, runId: string): Promise<RunLifetime | undefined> {
  const [row] = await db
    .select({ lifetime: churnModelRuns.lifetime })
    .from(churnModelRuns)
    .where(and(eq(churnModelRuns.workspaceId, workspaceId), eq(churnModelRuns.id, runId)));
  return (row?.lifetime as RunLifetime | null) ?? undefined;
}

export type RunningContract = {
  id: string;
  plan: string;
  cohort_month: string;
  whole_months: number;
  monthly_value_minor: string;
};

/** Everything one customer's risk read needs, in one round trip. */
export type CustomerRiskRead = {
  live: boolean;
  risk: Omit<ChurnRiskRow, 'workspaceId' | 'tier' | 'segment' | 'accountManagerId' | 'runId'> | null;
  /** The latest succeeded run: its id (to find its lifetime model) and instant. */
  latestRunId: string | null;
  asOf: Date | null;
  /** The customer's contracts running at that instant, oldest first. */
  contracts: RunningContract[];
};

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const asJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * A customer's risk row, whether the customer is live, the latest succeeded run and the
 * contracts running at its instant — one statement (a single primary-key probe per table).
 */
export async function customerRiskRead(db: Db, workspaceId: string, customerId: string): Promise<CustomerRiskRead> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`with lr as (select id, as_of from churn_model_runs
                    where workspace_id = ${workspaceId} and status = 'succeeded' order by finished_at desc limit 1)
        select exists (select 1 from (${liveCustomers(workspaceId)}) lc where lc.id = ${customerId}) as live,
          r.customer_id, r.basis, r.risk, r.drivers, r.value_at_stake_minor, r.expected_loss_minor, r.computed_at,
          lr.id as latest_run_id, lr.as_of,
          (select coalesce(json_agg(x order by x.started_at), '[]'::json) from (
             select id, plan, started_at, to_char(date_trunc('month', started_at at time zone 'UTC'), 'YYYY-MM') as cohort_month,
               (extract(year from age(lr.as_of, started_at)) * 12 + extract(month from age(lr.as_of, started_at)))::int as whole_months,
               monthly_value_minor::text as monthly_value_minor
             from (${contractFacts(workspaceId)}) c
             where customer_id = ${customerId} and started_at <= lr.as_of and (ended_at is null or ended_at > lr.as_of)) x
          ) as contracts
        from (select 1) one
        left join churn_risk r on r.workspace_id = ${workspaceId} and r.customer_id = ${customerId}
        left join lr on true`,
  );
  return {
    live: Boolean(row.live),
    risk:
      row.customer_id == null
        ? null
        : {
            customerId: row.customer_id as string,
            basis: row.basis as 'contract' | 'purchase',
            risk: Number(row.risk),
            drivers: asJson<RiskDriver[]>(row.drivers),
            valueAtStakeMinor: Number(row.value_at_stake_minor),
            expectedLossMinor: Number(row.expected_loss_minor),
            computedAt: asDate(row.computed_at),
          },
    latestRunId: (row.latest_run_id as string | null) ?? null,
    asOf: row.as_of == null ? null : asDate(row.as_of),
    contracts: row.latest_run_id == null ? [] : asJson<RunningContract[]>(row.contracts),
  };
}

export type WorklistFilter = {
  tier?: string;
  segment?: string;
  accountManagerId?: string;
  after?: { loss: number; customerId: string };
};

/** At-risk customers by expected loss, highest first; keyset on (expected loss, customer id). */
export async function worklistRows(
  db: Db,
  workspaceId: string,
  f: WorklistFilter,
  limit: number,
): Promise<(ChurnRiskRow & { customerName: string | null })[]> {
  const where: SQL[] = [sql`r.workspace_id = ${workspaceId}`];
  if (f.tier) where.push(sql`r.tier = ${f.tier}`);
  if (f.segment) where.push(sql`r.segment = ${f.segment}`);
  if (f.accountManagerId) where.push(sql`r.account_manager_id = ${f.accountManagerId}`);
  if (f.after)
    where.push(sql`(r.expected_loss_minor, r.customer_id) < (${f.after.loss}::bigint, ${f.after.customerId}::uuid)`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.*, c.name as customer_name from churn_risk r
        join (${liveCustomers(workspaceId)}) c on c.id = r.customer_id
        where ${sql.join(where, sql` and `)}
        order by r.expected_loss_minor desc, r.customer_id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    workspaceId: r.workspace_id as string,
    customerId: r.customer_id as string,
    runId: r.run_id as string,
    basis: r.basis as 'contract' | 'purchase',
    risk: Number(r.risk),
    drivers: (typeof r.drivers === 'string' ? JSON.parse(r.drivers) : r.drivers) as RiskDriver[],
    valueAtStakeMinor: Number(r.value_at_stake_minor),
    expectedLossMinor: Number(r.expected_loss_minor),
    tier: r.tier as string | null,
    segment: r.segment as string | null,
    accountManagerId: r.account_manager_id as string | null,
    computedAt: r.computed_at instanceof Date ? r.computed_at : new Date(String(r.computed_at)),
    customerName: r.customer_name as string | null,
  }));
}
