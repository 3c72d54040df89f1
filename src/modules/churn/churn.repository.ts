// The only file of the churn domain with SQL, scoped by workspace. Features are read in one
// set-based query that joins the other domains' declared sources (contracts, complaints,
// interactions, loyalty, value engine, customers), never their tables by name.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import { complaintChurnFacts } from '../complaints/index.ts';
import { contractFacts } from '../contracts/index.ts';
import { liveCustomers } from '../customers/index.ts';
import { interactionChurnFacts } from '../interactions/index.ts';
import { loyaltyChurnFacts } from '../loyalty/index.ts';
import type { RetentionModel } from './churn.curves.ts';
import { churnModelRuns, churnRisk, type RiskDriver } from './churn.schema.ts';

type RetentionParams = RetentionModel['params'];

export type ChurnRunRow = typeof churnModelRuns.$inferSelect;
export type ChurnRiskRow = typeof churnRisk.$inferSelect;

/** Average month (365.25 / 12 days) in seconds: tenure and durations are in months. */
const MONTH_SECONDS = 2_629_800;

/** One contract's features as known at an instant, and whether it was cancelled by the label's end. */
export type FeatureRow = {
  contract_id: string;
  customer_id: string;
  cohort_month: string;
  plan: string;
  payment_method: string | null;
  term_months: number | null;
  monthly_value_minor: string | number;
  tenure_months: number;
  products_held: number;
  contacts_90d: number;
  contact_cost_minor: string | number;
  complaints: number;
  open_complaints: number;
  sla_breaches: number;
  dissatisfied: number;
  loyalty_member: boolean;
  loyalty_balance: string | number;
  loyalty_activity_90d: number;
  tier: string | null;
  rfm_segment: string | null;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  account_manager_id: string | null;
  churned: boolean;
  /** Training rows: months from `at` to the cancellation or the label's end (Cox follow-up). */
  follow_months: number | null;
};

/**
 * Contracts running at `at` with their features then. `labelEnd` set: `churned` says whether the
 * contract was cancelled in (at, labelEnd] (training rows); unset: every row is false (scoring).
 */
export async function featureRows(db: Db, workspaceId: string, at: Date, labelEnd?: Date): Promise<FeatureRow[]> {
  const churned = labelEnd ? sql`(c.cancelled and c.ended_at <= ${labelEnd})` : sql`false`;
  const follow = labelEnd
    ? sql`extract(epoch from (least(coalesce(c.ended_at, ${labelEnd}), ${labelEnd}::timestamptz) - ${at}::timestamptz))::float8 / ${MONTH_SECONDS}`
    : sql`null::float8`;
  return queryRows<FeatureRow>(
    db,
    sql`with c as (select * from (${contractFacts(workspaceId)}) f where started_at <= ${at} and (ended_at is null or ended_at > ${at}))
        select c.id as contract_id, c.customer_id, c.plan,
          to_char(date_trunc('month', c.started_at at time zone 'UTC'), 'YYYY-MM') as cohort_month, c.payment_method, c.term_months, c.monthly_value_minor,
          extract(epoch from (${at}::timestamptz - c.started_at))::float8 / ${MONTH_SECONDS} as tenure_months,
          (count(*) over (partition by c.customer_id))::int as products_held,
          coalesce(i.contacts_90d, 0) as contacts_90d, coalesce(i.contact_cost_minor, 0) as contact_cost_minor,
          coalesce(q.complaints, 0) as complaints, coalesce(q.open_complaints, 0) as open_complaints,
          coalesce(q.sla_breaches, 0) as sla_breaches, coalesce(q.dissatisfied, 0) as dissatisfied,
          l.customer_id is not null as loyalty_member, coalesce(l.balance, 0) as loyalty_balance,
          coalesce(l.activity_90d, 0) as loyalty_activity_90d,
          s.tier, s.rfm_segment, s.r_score, s.f_score, s.m_score, lc.account_manager_id,
          ${churned} as churned, ${follow} as follow_months
        from c
        join (${liveCustomers(workspaceId)}) lc on lc.id = c.customer_id
        left join (${interactionChurnFacts(workspaceId, at)}) i on i.customer_id = c.customer_id
        left join (${complaintChurnFacts(workspaceId, at)}) q on q.customer_id = c.customer_id
        left join (${loyaltyChurnFacts(workspaceId, at)}) l on l.customer_id = c.customer_id
        left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.customer_id
        order by c.customer_id, c.id`,
  );
}

/** Contracts as of `asOf` with how long they ran (`until`): those started by then, of live customers. */
const ranBy = (workspaceId: string, asOf: Date) =>
  sql`select c.*, least(coalesce(c.ended_at, ${asOf}), ${asOf}) as until,
        greatest(extract(epoch from (least(coalesce(c.ended_at, ${asOf}), ${asOf}) - c.started_at))::float8, 0) / ${MONTH_SECONDS} as months,
        (c.cancelled and c.ended_at <= ${asOf}) as ended_cancelled
      from (${contractFacts(workspaceId)}) c
      join (${liveCustomers(workspaceId)}) lc on lc.id = c.customer_id
      where c.started_at <= ${asOf}`;

/**
 * Contracts that ran, counted by sub-cohort (start month × plan) and fate — what the sBG curves
 * read, a few thousand rows however large the book.
 */
export type CohortCountRow = {
  cohort_month: string;
  plan: string;
  cancelled: boolean;
  expired: boolean;
  active: boolean;
  /** Whole months a cancelled contract lived (its renewals); null for the others. */
  whole_months: number | null;
  n: number;
};

/**
 * Sub-cohorts in the order their first (shortest) non-expired contract comes by months run: the
 * order the curves meet them in, which fixes the order of the sums in each fit.
 */
export async function cohortCountRows(db: Db, workspaceId: string, asOf: Date): Promise<CohortCountRow[]> {
  return queryRows<CohortCountRow>(
    db,
    sql`with c as (${ranBy(workspaceId, asOf)}),
        g as (select to_char(date_trunc('month', started_at at time zone 'UTC'), 'YYYY-MM') as cohort_month, plan,
            ended_cancelled as cancelled,
            (not cancelled and ended_at is not null and ended_at <= ${asOf}) as expired,
            (ended_at is null or ended_at > ${asOf}) as active,
            case when ended_cancelled then (extract(year from age(until, started_at)) * 12 + extract(month from age(until, started_at)))::int end as whole_months,
            count(*)::int as n, min(months) filter (where not (not cancelled and ended_at is not null and ended_at <= ${asOf})) as first
          from c group by 1, 2, 3, 4, 5, 6)
        select cohort_month, plan, cancelled, expired, active, whole_months, n from g
        order by min(first) over (partition by cohort_month, plan) nulls last, cohort_month, plan`,
  );
}

/**
 * Every contract that ran, as a survival record: months followed, cancelled or not, its segments,
 * and what the sBG curves count it by (start month, plan, fate, whole months lived) — so one read
 * serves the Kaplan–Meier curves and the cohort counts (`cohortCountsOf`), which `cohortCountRows`
 * gives from a second scan of the book.
 */
export type SurvivalRow = {
  plan: string;
  payment_method: string | null;
  term_months: number | null;
  tier: string | null;
  months: number;
  cancelled: boolean;
  cohort_month: string;
  expired: boolean;
  active: boolean;
  /** Whole months a cancelled contract lived (its renewals); null for the others. */
  whole_months: number | null;
};

/** Survival records by months followed, shortest first. */
export async function survivalRows(db: Db, workspaceId: string, asOf: Date): Promise<SurvivalRow[]> {
  return queryRows<SurvivalRow>(
    db,
    sql`select c.plan, c.payment_method, c.term_months, s.tier, c.months, c.ended_cancelled as cancelled,
          to_char(date_trunc('month', c.started_at at time zone 'UTC'), 'YYYY-MM') as cohort_month,
          (not c.cancelled and c.ended_at is not null and c.ended_at <= ${asOf}) as expired,
          (c.ended_at is null or c.ended_at > ${asOf}) as active,
          case when c.ended_cancelled then (extract(year from age(c.until, c.started_at)) * 12 + extract(month from age(c.until, c.started_at)))::int end as whole_months
        from (${ranBy(workspaceId, asOf)}) c
        left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.customer_id
        -- By time: the Kaplan–Meier curves and log-rank tests need that order (see survivalBySegments).
        order by c.months`,
  );
}

/** Customers of the value engine without a running contract: their P(alive), predicted CLV and tier. */
export type PurchaseRiskRow = {
  customer_id: string;
  p_alive: number;
  clv_minor: string | number | null;
  tier: string | null;
  rfm_segment: string | null;
  account_manager_id: string | null;
};

export async function purchaseRiskRows(db: Db, workspaceId: string, asOf: Date): Promise<PurchaseRiskRow[]> {
  return queryRows<PurchaseRiskRow>(
    db,
    sql`select s.customer_id, s.p_alive, s.clv_minor, s.tier, s.rfm_segment, lc.account_manager_id
        from (${customerScoreFacts(workspaceId)}) s
        join (${liveCustomers(workspaceId)}) lc on lc.id = s.customer_id
        where s.p_alive is not null
          and not exists (select 1 from (${contractFacts(workspaceId)}) c
                          where c.customer_id = s.customer_id and c.started_at <= ${asOf} and (c.ended_at is null or c.ended_at > ${asOf}))`,
  );
}

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

/** Takes a queued run; false when another worker already has it. */
export async function claimRun(db: Db, workspaceId: string, id: string, now: Date): Promise<boolean> {
  return (
    (await execCount(
      db,
      sql`update churn_model_runs set status = 'running', started_at = ${now}
          where workspace_id = ${workspaceId} and id = ${id} and status = 'queued'`,
    )) === 1
  );
}

export async function finishRun(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof churnModelRuns.$inferInsert>,
): Promise<void> {
  await db
    .update(churnModelRuns)
    .set(patch)
    .where(and(eq(churnModelRuns.workspaceId, workspaceId), eq(churnModelRuns.id, id)));
}

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
