// The churn domain's facts, scoped by workspace: the feature and survival numbers as SQL over the
// other domains' declared sources (contracts, complaints, interactions, loyalty, value engine,
// customers — never their tables), which the run's reads of the book compose
// (churn.book.repository.ts); the column tables they fill; the features of the contracts running
// at an instant as objects (the uplift model's members); the sub-cohort counts; and the value
// engine's customers without a running contract. Numbers travel as one float8[] text per row
// (db/number-columns.ts): at 1M contracts, parsing ~27 fields into an object per row cost the run
// more than the queries did, and kept a million objects alive for the collector.
import { sql, type SQL } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { packed, unpack } from '../../db/number-columns.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import { complaintChurnFacts } from '../complaints/index.ts';
import { contractFacts } from '../contracts/index.ts';
import { liveCustomers } from '../customers/index.ts';
import { interactionChurnFacts } from '../interactions/index.ts';
import { loyaltyChurnFacts } from '../loyalty/index.ts';

/** Average month (365.25 / 12 days) in seconds: tenure and durations are in months. */
const MONTH_SECONDS = 2_629_800;

/** A contract's numeric facts, in the order they travel. */
export const FEATURE_NUMBERS = [
  'tenure_months',
  'monthly_value_minor',
  'term_months',
  'products_held',
  'contacts_90d',
  'contact_cost_minor',
  'complaints',
  'open_complaints',
  'sla_breaches',
  'dissatisfied',
  'loyalty_member',
  'loyalty_balance',
  'loyalty_activity_90d',
  'r_score',
  'f_score',
  'm_score',
  'churned',
  'follow_months',
] as const;
export type FeatureNumber = (typeof FEATURE_NUMBERS)[number];

/**
 * Contracts' features as known at an instant, column by column, in customer order: numbers (NaN
 * where unknown: no term, no score, no follow-up; booleans 1/0) and the categorical labels.
 */
export type FeatureTable = {
  n: number;
  num: Record<FeatureNumber, Float64Array>;
  plan: string[];
  payment_method: (string | null)[];
  tier: (string | null)[];
};

/** Scoring rows also say whose contract it is and what a worklist files it under. */
export type ScoringTable = FeatureTable & {
  customer_id: string[];
  cohort_month: string[];
  rfm_segment: (string | null)[];
  account_manager_id: (string | null)[];
};

/** A table's categorical labels from rows that carry them. */
export const labelsOf = (rows: { plan: string; payment_method: string | null; tier: string | null }[]) => ({
  plan: rows.map((r) => r.plan),
  payment_method: rows.map((r) => r.payment_method),
  tier: rows.map((r) => r.tier),
});

/** The same facts as one object per contract (the uplift model's members). */
export type FeatureRow = {
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

/** The facts of other domains a contract's features read at `at`, joined as `i<alias>`, `q<alias>`, `l<alias>`. */
export const factJoins = (workspaceId: string, at: Date, alias: string): SQL => {
  const [i, q, l] = ['i', 'q', 'l'].map((x) => sql.raw(x + alias));
  return sql`left join (${interactionChurnFacts(workspaceId, at)}) ${i} on ${i}.customer_id = c.customer_id
        left join (${complaintChurnFacts(workspaceId, at)}) ${q} on ${q}.customer_id = c.customer_id
        left join (${loyaltyChurnFacts(workspaceId, at)}) ${l} on ${l}.customer_id = c.customer_id`;
};

/**
 * A contract `c`'s feature numbers at `at`, over the fact joins of `alias`, the scores `s` and
 * `held` (its customer's contracts running then). `labelEnd` set: `churned` says whether it was
 * cancelled in (at, labelEnd] and `follow_months` how long it was followed (training rows).
 */
export function featureNumbers(at: Date, labelEnd: Date | null, held: SQL, alias: string): Record<FeatureNumber, SQL> {
  const [i, q, l] = ['i', 'q', 'l'].map((x) => sql.raw(x + alias));
  return {
    tenure_months: sql`extract(epoch from (${at}::timestamptz - c.started_at))::float8 / ${MONTH_SECONDS}`,
    monthly_value_minor: sql`c.monthly_value_minor`,
    term_months: sql`c.term_months`,
    products_held: held,
    contacts_90d: sql`coalesce(${i}.contacts_90d, 0)`,
    contact_cost_minor: sql`coalesce(${i}.contact_cost_minor, 0)`,
    complaints: sql`coalesce(${q}.complaints, 0)`,
    open_complaints: sql`coalesce(${q}.open_complaints, 0)`,
    sla_breaches: sql`coalesce(${q}.sla_breaches, 0)`,
    dissatisfied: sql`coalesce(${q}.dissatisfied, 0)`,
    loyalty_member: sql`(${l}.customer_id is not null)::int`,
    loyalty_balance: sql`coalesce(${l}.balance, 0)`,
    loyalty_activity_90d: sql`coalesce(${l}.activity_90d, 0)`,
    r_score: sql`s.r_score`,
    f_score: sql`s.f_score`,
    m_score: sql`s.m_score`,
    churned: labelEnd ? sql`(c.cancelled and c.ended_at <= ${labelEnd})::int` : sql`0`,
    follow_months: labelEnd
      ? sql`extract(epoch from (least(coalesce(c.ended_at, ${labelEnd}), ${labelEnd}::timestamptz) - ${at}::timestamptz))::float8 / ${MONTH_SECONDS}`
      : sql`null`,
  };
}

/** A contract's start month as a number, year × 100 + month (a month's label built once, not per row). */
export const cohortNumber = sql`extract(year from c.started_at at time zone 'UTC') * 100 + extract(month from c.started_at at time zone 'UTC')`;

const cohortLabels = new Map<number, string>();
/** 'YYYY-MM' of a `cohortNumber`. */
export function cohortLabel(x: number): string {
  let label = cohortLabels.get(x);
  if (label === undefined) {
    label = `${String(Math.floor(x / 100)).padStart(4, '0')}-${String(x % 100).padStart(2, '0')}`;
    if (cohortLabels.size < 10_000) cohortLabels.set(x, label);
  }
  return label;
}

/** The contracts running at `at` with their features then, one object each, in customer order (the uplift model's members). */
export async function featureRows(db: Db, workspaceId: string, at: Date): Promise<FeatureRow[]> {
  const numbers = featureNumbers(at, null, sql`count(*) over (partition by c.customer_id)`, '');
  const rows = await queryRows<{
    v: string;
    customer_id: string;
    plan: string;
    payment_method: string | null;
    tier: string | null;
    rfm_segment: string | null;
    account_manager_id: string | null;
  }>(
    db,
    sql`with c as (select * from (${contractFacts(workspaceId)}) f where started_at <= ${at} and (ended_at is null or ended_at > ${at}))
        select c.customer_id, c.plan, c.payment_method, s.tier, s.rfm_segment, lc.account_manager_id,
          ${packed([...FEATURE_NUMBERS.map((f) => numbers[f]), cohortNumber])} as v
        from c
        join (${liveCustomers(workspaceId)}) lc on lc.id = c.customer_id
        ${factJoins(workspaceId, at, '')}
        left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.customer_id
        order by c.customer_id, c.id`,
  );
  const num = unpack(rows, [...FEATURE_NUMBERS, 'cohort'] as const);
  return rowsOf({
    n: rows.length,
    num,
    ...labelsOf(rows),
    customer_id: rows.map((r) => r.customer_id),
    cohort_month: Array.from(num.cohort, cohortLabel),
    rfm_segment: rows.map((r) => r.rfm_segment),
    account_manager_id: rows.map((r) => r.account_manager_id),
  });
}

/** A table's rows as objects (a training table has no ids: they read empty). */
export function rowsOf(t: FeatureTable & Partial<Omit<ScoringTable, keyof FeatureTable>>): FeatureRow[] {
  const { num } = t;
  return Array.from({ length: t.n }, (_, i) => ({
    customer_id: t.customer_id?.[i] ?? '',
    cohort_month: t.cohort_month?.[i] ?? '',
    plan: t.plan[i],
    payment_method: t.payment_method[i],
    term_months: orNull(num.term_months[i]),
    monthly_value_minor: num.monthly_value_minor[i],
    tenure_months: num.tenure_months[i],
    products_held: num.products_held[i],
    contacts_90d: num.contacts_90d[i],
    contact_cost_minor: num.contact_cost_minor[i],
    complaints: num.complaints[i],
    open_complaints: num.open_complaints[i],
    sla_breaches: num.sla_breaches[i],
    dissatisfied: num.dissatisfied[i],
    loyalty_member: num.loyalty_member[i] === 1,
    loyalty_balance: num.loyalty_balance[i],
    loyalty_activity_90d: num.loyalty_activity_90d[i],
    tier: t.tier[i],
    rfm_segment: t.rfm_segment?.[i] ?? null,
    r_score: orNull(num.r_score[i]),
    f_score: orNull(num.f_score[i]),
    m_score: orNull(num.m_score[i]),
    account_manager_id: t.account_manager_id?.[i] ?? null,
    churned: num.churned[i] === 1,
    follow_months: orNull(num.follow_months[i]),
  }));
}

const orNull = (x: number) => (Number.isNaN(x) ? null : x);

/** Contracts as of `asOf` with how long they ran (`until`): those started by then, of live customers. */
export const ranBy = (workspaceId: string, asOf: Date) =>
  sql`select c.*, lc.account_manager_id, least(coalesce(c.ended_at, ${asOf}), ${asOf}) as until,
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

/** A survival record's numbers, in the order they travel (booleans 1/0; NaN: no term, not cancelled). */
export const SURVIVAL_NUMBERS = ['months', 'cancelled', 'expired', 'active', 'whole_months', 'term_months'] as const;
export type SurvivalNumber = (typeof SURVIVAL_NUMBERS)[number];

/**
 * Every contract that ran, as a survival record, column by column: months followed, cancelled or
 * not, its segments, and what the sBG curves count it by (start month, plan, fate, whole months
 * lived: the renewals of a cancelled contract) — so one read serves the Kaplan–Meier curves and
 * the cohort counts (`cohortCountsOf`), which `cohortCountRows` gives from a second scan of the book.
 */
export type SurvivalTable = {
  n: number;
  num: Record<SurvivalNumber, Float64Array>;
  plan: string[];
  payment_method: (string | null)[];
  tier: (string | null)[];
  cohort_month: string[];
};

/** A contract `c`'s survival numbers as of `asOf` (`c` carries `until`, `months` and `ended_cancelled`, see `ranBy`). */
export const survivalNumbers = (asOf: Date): Record<SurvivalNumber, SQL> => ({
  months: sql`c.months`,
  cancelled: sql`c.ended_cancelled::int`,
  expired: sql`(not c.cancelled and c.ended_at is not null and c.ended_at <= ${asOf})::int`,
  active: sql`(c.ended_at is null or c.ended_at > ${asOf})::int`,
  whole_months: sql`case when c.ended_cancelled then extract(year from age(c.until, c.started_at)) * 12 + extract(month from age(c.until, c.started_at)) end`,
  term_months: sql`c.term_months`,
});

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
