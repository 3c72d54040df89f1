// The only file of the analytics domain with SQL. Scoring is set-based: a run stages its work in
// temporary tables (dropped at commit, so the caller must be inside a transaction), computes
// every customer's metrics and pyramid tier in a few INSERT … SELECT statements, and exchanges
// only the model's inputs and outputs (and the RFM scores, ranked in JavaScript) as whole columns.
// Every query is scoped by workspace.
import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import {
  analyticsSettings,
  customerScores,
  customerTierChanges,
  type RunCutoffs,
  scoringRuns,
} from './analytics.schema.ts';
import type { ActivitySource, CostSource } from './analytics.sources.ts';

export type ScoringRunRow = typeof scoringRuns.$inferSelect;
export type ScoreRow = typeof customerScores.$inferSelect;
// ---- settings

export async function findSettings(db: Db, workspaceId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ settings: analyticsSettings.settings })
    .from(analyticsSettings)
    .where(eq(analyticsSettings.workspaceId, workspaceId));
  return row?.settings;
}

export async function saveSettings(
  db: Db,
  workspaceId: string,
  settings: Record<string, unknown>,
  updatedBy: string | null,
  now: Date,
): Promise<void> {
  await db
    .insert(analyticsSettings)
    .values({ workspaceId, settings, updatedBy, updatedAt: now })
    .onConflictDoUpdate({ target: analyticsSettings.workspaceId, set: { settings, updatedBy, updatedAt: now } });
}

// ---- runs

export async function insertRun(db: Db, row: typeof scoringRuns.$inferInsert): Promise<ScoringRunRow> {
  const [created] = await db.insert(scoringRuns).values(row).returning();
  return created;
}

export async function findRun(db: Db, workspaceId: string, id: string): Promise<ScoringRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRuns)
    .where(and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.id, id)));
  return row;
}

export async function listRuns(db: Db, workspaceId: string, limit: number): Promise<ScoringRunRow[]> {
  return db
    .select()
    .from(scoringRuns)
    .where(eq(scoringRuns.workspaceId, workspaceId))
    .orderBy(desc(scoringRuns.queuedAt), desc(scoringRuns.id))
    .limit(limit);
}

/** Moves a queued run to running; false when another worker took it (or it is not queued). */
export async function claimRun(db: Db, workspaceId: string, id: string, now: Date): Promise<boolean> {
  return (
    (await execCount(
      db,
      sql`update scoring_runs set status = 'running', started_at = ${now} where workspace_id = ${workspaceId} and id = ${id} and status = 'queued'`,
    )) === 1
  );
}

export async function finishRun(
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<typeof scoringRuns.$inferInsert>,
): Promise<void> {
  await db
    .update(scoringRuns)
    .set(set)
    .where(and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.id, id)));
}

/** The newest succeeded run (any mode), and the newest succeeded run that fitted a model. */
export async function latestRuns(
  db: Db,
  workspaceId: string,
): Promise<{ latest: ScoringRunRow | undefined; fitted: ScoringRunRow | undefined }> {
  const done = and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.status, 'succeeded'));
  const [latest] = await db.select().from(scoringRuns).where(done).orderBy(desc(scoringRuns.finishedAt)).limit(1);
  const [fitted] = await db
    .select()
    .from(scoringRuns)
    .where(and(done, isNotNull(scoringRuns.model)))
    .orderBy(desc(scoringRuns.finishedAt))
    .limit(1);
  return { latest, fitted };
}

/** The newest succeeded full run: its cut-offs and fitted model serve incremental runs. */
export async function latestFullRun(db: Db, workspaceId: string): Promise<ScoringRunRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRuns)
    .where(
      and(eq(scoringRuns.workspaceId, workspaceId), eq(scoringRuns.status, 'succeeded'), eq(scoringRuns.mode, 'full')),
    )
    .orderBy(desc(scoringRuns.finishedAt))
    .limit(1);
  return row;
}

/** Serialises scoring runs of one workspace (held to the end of the caller's transaction). */
export async function lockWorkspaceScoring(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('tenure.analytics.score'), hashtext(${workspaceId}))`);
  // The run's sorts and hash aggregates (ntile, ranks, per-customer groups) stay in memory, for this transaction only.
  await db.execute(sql`set local work_mem = '256MB'`);
  // The run's statements are big but few: compiling them (JIT) cost more than it saved (2.5 s of a 4.4 s statement at 100k customers).
  await db.execute(sql`set local jit = off`);
}

// ---- scoring, stage 1: which customers, and their purchase days

export type Scope = { kind: 'all' } | { kind: 'changed'; since: Date };

/**
 * `score_scope(customer_id)`: the live customers a run scores. Incremental: those with any new
 * fact since the last run (transactions, contacts, complaints, compensations, redemptions,
 * profile changes) and those never scored.
 */
export async function stageScope(
  db: Db,
  workspaceId: string,
  scope: Scope,
  activity: ActivitySource[],
): Promise<number> {
  const live = sql`c.workspace_id = ${workspaceId} and c.deleted_at is null and c.merged_into_id is null`;
  const count =
    scope.kind === 'all'
      ? await execCount(
          db,
          sql`create temp table score_scope on commit drop as select c.id customer_id from customers c where ${live}`,
        )
      : await changedScope(db, workspaceId, scope.since, activity);
  // Temporary tables have no statistics until analysed; without them the planner guesses 200 rows per group and picks sort-merge plans.
  await db.execute(sql`analyze score_scope`);
  return count;
}

function changedScope(db: Db, workspaceId: string, since: Date, activity: ActivitySource[]): Promise<number> {
  const live = sql`c.workspace_id = ${workspaceId} and c.deleted_at is null and c.merged_into_id is null`;
  const others = activity.map((source) => sql` union ${source(workspaceId, since)}`);
  return execCount(
    db,
    sql`create temp table score_scope on commit drop as
        select c.id customer_id from customers c where ${live} and (
          c.updated_at > ${since}
          or not exists (select 1 from customer_scores s where s.workspace_id = ${workspaceId} and s.customer_id = c.id)
          or c.id in (
            select customer_id from transactions where workspace_id = ${workspaceId} and (created_at > ${since} or occurred_at > ${since})${sql.join(others)}))`,
  );
}

export type DayWindow = { asOf: Date; asOfDay: number; windowStart: Date; calibrationEndDay: number; currency: string };

/**
 * `score_tx`: per customer, the purchase-model summary (first and last purchase day, purchase
 * days, repeat spend, calibration/holdout split, the purchase days themselves for the tracking
 * series) and the window's revenue, margin and purchase count. Same-day purchases are one
 * transaction for the purchase model. Transactions in other currencies than the workspace's are
 * left out.
 *
 * One pass in (customer, time) order, which the transactions index gives: a window marks each
 * purchase that starts a new purchase day (the previous purchase's day differs) and carries the
 * first purchase day, and a streaming group-by sums per customer. An earlier per-customer-day hash
 * table needed ~600 bytes per transaction and would spill to disk at millions of transactions.
 */
export async function stageTransactions(db: Db, workspaceId: string, w: DayWindow): Promise<void> {
  const cal = w.calibrationEndDay;
  await db.execute(
    sql`create temp table score_tx on commit drop as
        select customer_id,
          min(day) filter (where p) first_day,
          max(day) filter (where p) last_day,
          count(*) filter (where new_day)::int purchase_days,
          count(*) filter (where new_day and day <= ${cal})::int cal_days,
          max(day) filter (where p and day <= ${cal}) cal_last,
          count(*) filter (where new_day and day > ${cal})::int hold_days,
          coalesce(sum(total_minor) filter (where p), 0)::bigint spend_all,
          -- The first purchase day's spend (no earlier purchase, or only on this day): the spend model wants repeat purchases only.
          sum(total_minor) filter (where p and (first_before is null or first_before = day))::bigint first_spend,
          array_agg(day) filter (where new_day) days,
          count(*) filter (where p and in_window)::int purchases_w,
          coalesce(sum(total_minor) filter (where in_window), 0)::bigint revenue_w,
          coalesce(sum(gross_margin_minor) filter (where in_window), 0)::bigint margin_w,
          sum(total_minor)::bigint revenue_all, sum(gross_margin_minor)::bigint margin_all
        from (
          select customer_id, p, day, total_minor, gross_margin_minor, in_window, first_before, p and prev_pday is distinct from day new_day
          from (
            -- Over the customer's earlier transactions: the last and the first purchase day (days never decrease in this order).
            -- One frame for both, so one window pass.
            select t.customer_id, t.kind = 'purchase' p, d.day, t.total_minor, t.gross_margin_minor, t.occurred_at >= ${w.windowStart} in_window,
              max(d.day) filter (where t.kind = 'purchase') over w prev_pday,
              min(d.day) filter (where t.kind = 'purchase') over w first_before
            from transactions t join score_scope s on s.customer_id = t.customer_id
            -- The UTC day number (days since 1970-01-01), without numeric arithmetic.
            cross join lateral (select (t.occurred_at at time zone 'UTC')::date - date '1970-01-01' as day) d
            where t.workspace_id = ${workspaceId} and t.occurred_at < ${w.asOf} and t.currency = ${w.currency}
            window w as (partition by t.customer_id order by t.occurred_at rows between unbounded preceding and 1 preceding)
          ) v
        ) f
        group by customer_id`,
  );
  await db.execute(sql`analyze score_tx`);
}

export type ModelInputRows = {
  customerIds: string[];
  firstDay: Int32Array;
  lastDay: Int32Array;
  purchaseDays: Int32Array;
  repeatSpend: Float64Array;
  calDays: Int32Array;
  calLast: Int32Array;
  holdDays: Int32Array;
  /** Every customer's purchase days: those of customer i are `days[dayStart[i] .. dayStart[i + 1])`. */
  dayStart: Int32Array;
  days: Int32Array;
  /** Purchases and revenue (minor units) in the metrics window, for the RFM scores. */
  purchasesW: Int32Array;
  revenueW: Float64Array;
  /** Gross margin ÷ revenue over the window, of every scoped customer (null without revenue). */
  observedMargin: number | null;
};

/** Integers in a text separated by commas. */
const ints = (text: string | null, n: number) => {
  const out = new Int32Array(n);
  if (!text) return out;
  let v = 0;
  let neg = false;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44) {
      out[k++] = neg ? -v : v;
      v = 0;
      neg = false;
    } else if (ch === 45) neg = true;
    else v = v * 10 + (ch - 48);
  }
  out[k] = neg ? -v : v;
  return out;
};

/** Lists of integers (day numbers: negative before 1970), the lists separated by commas and their items by spaces. */
function intLists(text: string | null, n: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(n + 1);
  if (!text || n === 0) return { start, items: new Int32Array(0) };
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 44) count++;
  const items = new Int32Array(count);
  let k = 0;
  let list = 0;
  let v = 0;
  let neg = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 44) {
      items[k++] = neg ? -v : v;
      v = 0;
      neg = false;
      if (ch === 44) start[++list] = k;
    } else if (ch === 45) neg = true;
    else v = v * 10 + (ch - 48);
  }
  items[k++] = neg ? -v : v;
  start[n] = k;
  return { start, items };
}

/**
 * The purchase-model inputs of every scoped customer with a purchase, as columns, with their
 * purchase days (for the tracking series) and the observed margin. Each column comes as one
 * comma-separated text (one result row instead of one per customer). Measured on a loaded
 * machine: 0.31 s at 100k customers, the same as row by row; 7–8 s at 1M (row by row was not
 * measured there).
 */
export async function readModelInputs(db: Db): Promise<ModelInputRows> {
  const [row] = await queryRows<{
    n: number;
    c: string | null;
    f: string | null;
    l: string | null;
    pd: string | null;
    s: string | null;
    cd: string | null;
    cl: string | null;
    hd: string | null;
    dd: string | null;
    pw: string | null;
    rw: string | null;
    m: number | null;
  }>(
    db,
    sql`select count(*)::int n, string_agg(customer_id::text, ',') c, string_agg(first_day::text, ',') f, string_agg(last_day::text, ',') l, string_agg(purchase_days::text, ',') pd,
          string_agg((spend_all - coalesce(first_spend, 0))::text, ',') s, string_agg(cal_days::text, ',') cd, string_agg(coalesce(cal_last, -1)::text, ',') cl, string_agg(hold_days::text, ',') hd,
          string_agg(array_to_string(days, ' '), ',') dd, string_agg(purchases_w::text, ',') pw, string_agg(revenue_w::text, ',') rw,
          (select sum(margin_w)::float8 / nullif(sum(revenue_w), 0)::float8 from score_tx) m
        -- One pass over rows in customer order: every aggregate sees the same order, so the columns line up; RFM ranks break ties by it.
        from (select * from score_tx where first_day is not null order by customer_id) x`,
  );
  const n = row?.n ?? 0;
  const repeatSpend = new Float64Array(n);
  if (n) (row.s as string).split(',').forEach((v, i) => (repeatSpend[i] = Number(v)));
  const revenueW = new Float64Array(n);
  if (n) (row.rw as string).split(',').forEach((v, i) => (revenueW[i] = Number(v)));
  const days = intLists(row?.dd ?? null, n);
  return {
    customerIds: n ? (row.c as string).split(',') : [],
    firstDay: ints(row?.f ?? null, n),
    lastDay: ints(row?.l ?? null, n),
    purchaseDays: ints(row?.pd ?? null, n),
    repeatSpend,
    calDays: ints(row?.cd ?? null, n),
    calLast: ints(row?.cl ?? null, n),
    holdDays: ints(row?.hd ?? null, n),
    dayStart: days.start,
    days: days.items,
    purchasesW: ints(row?.pw ?? null, n),
    revenueW,
    observedMargin: row?.m === null || row?.m === undefined ? null : Number(row.m),
  };
}

// ---- scoring, stage 2: predictions in, metrics and tiers out

const floatArray = (values: ArrayLike<number>) => {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = Number.isFinite(values[i]) ? String(values[i]) : 'NULL';
  return `{${parts.join(',')}}`;
};

export type Predictions = {
  expectedPurchases: ArrayLike<number>;
  pAlive: ArrayLike<number>;
  expectedSpend: ArrayLike<number>;
  clv: ArrayLike<number>;
};
/** Per buyer (a scoped customer with a purchase): RFM scores, and the model's outputs when there is a model. */
export type BuyerScores = {
  customerIds: string[];
  r: ArrayLike<number>;
  f: ArrayLike<number>;
  m: ArrayLike<number>;
  predictions: Predictions | null;
};

const intArray = (values: ArrayLike<number>) => `{${Array.prototype.join.call(values, ',')}}`;

/**
 * `score_pred`: per buyer, the RFM scores and the model's outputs (`predicted` says whether there
 * was a model), sent as one array parameter per column. The arrays are turned into text when
 * called, before the first statement is sent, so a caller may queue this behind a running
 * statement and go on.
 */
export async function stageBuyerScores(db: Db, b: BuyerScores): Promise<void> {
  const n = b.customerIds.length;
  const p = b.predictions;
  const columns = n
    ? [
        `{${b.customerIds.join(',')}}`,
        intArray(b.r),
        intArray(b.f),
        intArray(b.m),
        ...(p
          ? [floatArray(p.expectedPurchases), floatArray(p.pAlive), floatArray(p.expectedSpend), floatArray(p.clv)]
          : []),
      ]
    : null;
  await db.execute(
    sql`create temp table score_pred (customer_id uuid, r_score smallint, f_score smallint, m_score smallint, predicted boolean, expected_purchases float8, p_alive float8, expected_spend float8, clv float8) on commit drop`,
  );
  if (!columns) return;
  const [ids, r, f, m, purchases, alive, spend, clv] = columns;
  await db.execute(
    p
      ? sql`insert into score_pred select u.c, u.r, u.f, u.m, true, u.e, u.a, u.s, u.v from unnest(${ids}::uuid[], ${r}::smallint[], ${f}::smallint[], ${m}::smallint[], ${purchases}::float8[], ${alive}::float8[], ${spend}::float8[], ${clv}::float8[]) u(c, r, f, m, e, a, s, v)`
      : sql`insert into score_pred (customer_id, r_score, f_score, m_score, predicted) select u.c, u.r, u.f, u.m, false from unnest(${ids}::uuid[], ${r}::smallint[], ${f}::smallint[], ${m}::smallint[]) u(c, r, f, m)`,
  );
  await db.execute(sql`analyze score_pred`);
}

/** What the metrics need: the window, the kind of run, the cost sources. */
export type MetricRules = {
  asOf: Date;
  asOfDay: number;
  windowStart: Date;
  windowMonths: number;
  /** Days per period of the purchase model (its recency and age are in periods). */
  periodDays: number;
  /** An incremental run scores some customers: peers' revenue comes from the others' stored scores. */
  incremental: boolean;
  costSources: CostSource[];
};

/** What the tiers need: the shares, the ranking key and an incremental run's cut-offs. */
export type TierRules = {
  platinumShare: number;
  goldShare: number;
  /** Rank by predicted CLV (customers without one count as 0) or by net profit. */
  rankBy: 'clv' | 'net_profit';
  cutoffs: RunCutoffs | null;
};

const segmentCase = sql.raw(`case
  when r_score = 1 and f_score = 1 then 'lost'
  when r_score <= 2 and f_score <= 2 then 'hibernating'
  when r_score <= 2 and f_score <= 4 then 'at_risk'
  when r_score <= 2 then 'cant_lose'
  when r_score = 3 and f_score <= 2 then 'about_to_sleep'
  when r_score = 3 and f_score = 3 then 'need_attention'
  when r_score = 3 then 'loyal'
  when f_score = 1 then (case when r_score = 5 then 'new' else 'promising' end)
  when f_score <= 3 then 'potential_loyalist'
  when r_score = 4 then 'loyal'
  else 'champions' end`);

/**
 * `score_base`: every scoped customer's metrics, potential value and share of wallet — all that
 * does not need the purchase model, so the database can compute it while JavaScript fits the
 * model and ranks the RFM scores. Money stays in bigint minor units; only share of wallet is a ratio.
 */
export async function stageMetrics(db: Db, workspaceId: string, rules: MetricRules): Promise<number> {
  const costUnion = rules.costSources.length
    ? sql.join(
        rules.costSources.map(
          (s) =>
            sql`select customer_id, ${s.key}::text source, cost_minor, at from (${s.items(workspaceId)}) ${sql.identifier(`cost_${s.key}`)}`,
        ),
        sql` union all `,
      )
    : sql`select null::uuid customer_id, null::text source, 0::bigint cost_minor, null::timestamptz at where false`;
  const asOfDay = rules.asOfDay;
  const count = await execCount(
    db,
    sql`create temp table score_base on commit drop as
      with cost_items as (${costUnion}),
      costs as (
        select i.customer_id,
          coalesce(sum(cost_minor) filter (where source = 'interaction' and at >= ${rules.windowStart} and at < ${rules.asOf}), 0)::bigint interaction_w,
          coalesce(sum(cost_minor) filter (where source = 'complaint' and at >= ${rules.windowStart} and at < ${rules.asOf}), 0)::bigint complaint_w,
          coalesce(sum(cost_minor) filter (where source = 'reward' and at >= ${rules.windowStart} and at < ${rules.asOf}), 0)::bigint reward_w,
          coalesce(sum(cost_minor) filter (where at < ${rules.asOf}), 0)::bigint cost_all
        from cost_items i join score_scope s on s.customer_id = i.customer_id group by i.customer_id
      ),
      base as (
        select c.id customer_id, c.kind, coalesce(c.acquisition_channel, '') peer_channel, c.declared_wallet_minor,
          case when x.last_day is null then null else ${asOfDay} - x.last_day end recency_days,
          coalesce(x.purchases_w, 0) frequency,
          case when coalesce(x.purchases_w, 0) > 0 then round(x.revenue_w::numeric / x.purchases_w)::bigint else 0 end monetary_minor,
          greatest(0, ${asOfDay} - ((coalesce(c.acquired_at, c.created_at) at time zone 'UTC')::date - date '1970-01-01'), ${asOfDay} - coalesce(x.first_day, ${asOfDay}))::int tenure_days,
          coalesce(x.revenue_w, 0) revenue_minor, coalesce(x.margin_w, 0) gross_margin_minor,
          coalesce(k.interaction_w, 0) interaction_cost_minor, coalesce(k.complaint_w, 0) complaint_cost_minor, coalesce(k.reward_w, 0) reward_cost_minor,
          coalesce(k.interaction_w, 0) + coalesce(k.complaint_w, 0) + coalesce(k.reward_w, 0) cost_to_serve_minor,
          coalesce(x.margin_w, 0) - coalesce(k.interaction_w, 0) - coalesce(k.complaint_w, 0) - coalesce(k.reward_w, 0) net_profit_minor,
          coalesce(x.margin_all, 0) - coalesce(k.cost_all, 0) historical_clv_minor,
          -- The purchase model's summary (in periods), the same numbers JavaScript fits on; kept only where there is a prediction.
          x.purchase_days - 1 model_x, (x.last_day - x.first_day)::float8 / ${rules.periodDays}::int model_tx, (${asOfDay}::int - x.first_day)::float8 / ${rules.periodDays}::int model_t
        from score_scope s
        join customers c on c.workspace_id = ${workspaceId} and c.id = s.customer_id
        left join score_tx x on x.customer_id = s.customer_id
        left join costs k on k.customer_id = s.customer_id
      ),
      -- Peers: the same kind and acquisition channel, over every live customer of the workspace
      -- (an incremental run still compares with everyone, through their stored revenue).
      peers as (
        select kind, peer_channel, percentile_disc(0.75) within group (order by revenue_minor) p75 from (${
          rules.incremental
            ? sql`select c.kind, coalesce(c.acquisition_channel, '') peer_channel,
                    case when n.customer_id is not null then n.revenue_minor else s.revenue_minor end revenue_minor
                  from customers c
                  left join base n on n.customer_id = c.id
                  left join customer_scores s on s.workspace_id = c.workspace_id and s.customer_id = c.id
                  where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.merged_into_id is null`
            : sql`select kind, peer_channel, revenue_minor from base`
        }) v where revenue_minor > 0 group by kind, peer_channel
      ),
      valued as (
        select b.*,
          case when b.declared_wallet_minor is not null then round(b.declared_wallet_minor::numeric * ${rules.windowMonths} / 12)::bigint
               when pe.p75 is not null then greatest(pe.p75, b.revenue_minor) end potential_value_minor,
          case when b.declared_wallet_minor is not null then 'declared' when pe.p75 is not null then 'peers' end potential_source
        from base b left join peers pe on pe.kind = b.kind and pe.peer_channel = b.peer_channel
      )
      select v.*, case when v.potential_value_minor > 0 then least(1, greatest(0, v.revenue_minor::float8 / v.potential_value_minor)) end share_of_wallet
      from valued v
      -- In customer order: see writeScores.
      order by v.customer_id`,
  );
  await db.execute(sql`analyze score_base`);
  return count;
}

/**
 * `score_new`: the model's predictions, the ranking key and the pyramid tier of every scoped
 * customer — narrow rows, so the ranking sort stays in memory; the metrics stay in `score_base`.
 */
export async function computeScores(db: Db, rules: TierRules): Promise<number> {
  const rankKey = rules.rankBy === 'clv' ? sql`coalesce(clv_minor, 0)` : sql`net_profit_minor`;
  const p = rules.platinumShare;
  const g = rules.goldShare;
  const tier = rules.cutoffs
    ? sql`case when net_profit_minor < 0 then 'lead'
               when rank_key > 0 and rank_key >= ${rules.cutoffs.platinum ?? Number.MAX_SAFE_INTEGER} then 'platinum'
               when rank_key > 0 and rank_key >= ${rules.cutoffs.gold ?? Number.MAX_SAFE_INTEGER} then 'gold' else 'iron' end`
    : sql`case when net_profit_minor < 0 then 'lead'
               when rank_key > 0 and rank_pos <= ceil(${p}::float8 * ranked) then 'platinum'
               when rank_key > 0 and rank_pos <= ceil(${p + g}::float8 * ranked) then 'gold' else 'iron' end`;
  const count = await execCount(
    db,
    sql`create temp table score_new on commit drop as
      with predicted as (
        select b.customer_id, b.net_profit_minor,
          case when p.predicted then b.model_x end repeat_purchases,
          case when p.predicted then b.model_tx end recency_weeks,
          case when p.predicted then b.model_t end age_weeks,
          p.expected_purchases, p.p_alive, round(p.expected_spend)::bigint expected_spend_minor, round(p.clv)::bigint clv_minor,
          p.r_score, p.f_score, p.m_score, case when p.r_score is not null then ${segmentCase} end rfm_segment
        from score_base b left join score_pred p on p.customer_id = b.customer_id
      ),
      ranked as (
        select v.*, ${rankKey} rank_key,
          row_number() over (partition by (v.net_profit_minor < 0) order by ${rankKey} desc, v.customer_id) rank_pos,
          count(*) filter (where v.net_profit_minor >= 0) over () ranked
        from predicted v
      )
      select v.*, ${tier} tier from ranked v
      -- In customer order, like score_base: see writeScores.
      order by v.customer_id`,
  );
  // Without statistics the planner misjudges score_new's size and sorts it for joins a hash would do.
  await db.execute(sql`analyze score_new`);
  return count;
}

/** Tier cut-offs of a full run: the lowest ranking value that made Platinum and Gold. */
export async function readTierCutoffs(db: Db): Promise<{ platinum: number | null; gold: number | null }> {
  const [t] = await queryRows<{ platinum: string | null; gold: string | null }>(
    db,
    sql`select min(rank_key) filter (where tier = 'platinum')::text platinum, min(rank_key) filter (where tier = 'gold')::text gold from score_new`,
  );
  return { platinum: t.platinum === null ? null : Number(t.platinum), gold: t.gold === null ? null : Number(t.gold) };
}

/** How tier reasons are worded: currency symbol and decimals (English, like event summaries), shares as text. */
export type ReasonWording = {
  symbol: string;
  digits: number;
  windowMonths: number;
  rankBy: 'clv' | 'net_profit';
  platinumShare: string;
  goldShare: string;
  topShare: string;
  withRank: boolean;
};

/** Minor units as an English amount in SQL: -$1,234.50. */
const moneyText = (v: SQL, w: ReasonWording) =>
  sql`(case when ${v} < 0 then '-' else '' end || ${w.symbol}::text || to_char(abs(${v})::numeric / ${10 ** w.digits}, ${w.digits ? `FM999,999,999,999,999,990.${'0'.repeat(w.digits)}` : 'FM999,999,999,999,999,990'}))`;

/** One plain sentence per customer saying why they are in their tier, with their numbers. */
function reasonSql(w: ReasonWording): SQL {
  const months = `the last ${w.windowMonths} months`;
  const what =
    w.rankBy === 'clv'
      ? sql`'predicted customer lifetime value of ' || ${moneyText(sql`n.rank_key`, w)}`
      : sql`'net profit of ' || ${moneyText(sql`n.rank_key`, w)} || ${` over ${months}`}::text`;
  const position = w.withRank
    ? sql`case when n.ranked > 0 then ' (rank ' || to_char(n.rank_pos, 'FM999,999,999,990') || ' of ' || to_char(n.ranked, 'FM999,999,999,990') || ' profitable customers)' else '' end`
    : sql`''`;
  return sql`case n.tier
    when 'lead' then ${`Net profit over ${months} is `}::text || ${moneyText(sql`n.net_profit_minor`, w)} || ': serving this customer cost more than the margin they brought.'
    when 'platinum' then 'A ' || ${what} || ${position} || ${` puts this customer in the top ${w.platinumShare}.`}::text
    when 'gold' then 'A ' || ${what} || ${position} || ${` puts this customer in the next ${w.goldShare} after Platinum.`}::text
    when 'iron' then case when n.rank_key <= 0
      then ${`Not loss-making, but with no ${w.rankBy === 'clv' ? 'predicted value' : 'profit'} yet (`}::text || ${moneyText(sql`n.rank_key`, w)} || '): the bulk of customers.'
      else 'A ' || ${what} || ${position} || ${` is below the top ${w.topShare}: the bulk of customers.`}::text end
    end`;
}

/** A UUIDv7 made in SQL (time-ordered by the millisecond) from the column named `h`, of random hex digits, for rows appended in bulk. */
const uuidv7Of = (h: string) =>
  sql.raw(
    `(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(${h}, 1, 3) || substr('89ab', 1 + (get_byte(decode(substr(${h}, 4, 2), 'hex'), 0) % 4), 1) || substr(${h}, 6, 15))::uuid`,
  );

/**
 * `score_reason`: the run's tier changes (the rows `writeScores` found changed), each with the
 * reason in plain words and the ids of its change and event; written to customer_tier_changes.
 * Returns how many. The change ids are UUIDv7 too, so a customer's changes sort by time even
 * within one instant.
 */
export async function stageTierChanges(
  db: Db,
  workspaceId: string,
  o: { runId: string; asOf: Date; wording: ReasonWording },
): Promise<number> {
  const count = await execCount(
    db,
    sql`create temp table score_reason on commit drop as
        select n.customer_id, c.from_tier, n.tier to_tier, ${reasonSql(o.wording)} reason, ${uuidv7Of('hc')} change_id, ${uuidv7Of('he')} event_id
        from score_changed c join score_new n on n.customer_id = c.customer_id
        -- Two random draws: a change and its event must not share an id.
        cross join lateral (select md5(random()::text || n.customer_id::text) hc, md5(random()::text || n.customer_id::text) he) r`,
  );
  await db.execute(
    sql`insert into customer_tier_changes (workspace_id, id, customer_id, from_tier, to_tier, reason, run_id, changed_at)
        select ${workspaceId}::uuid, change_id, customer_id, from_tier, to_tier, reason, ${o.runId}::uuid, ${o.asOf}::timestamptz from score_reason order by change_id`,
  );
  return count;
}

/** The `customer.tier_changed` events of the staged changes, as rows for recordEventsFrom. */
export const tierChangeEventRows = (o: { runId: string; asOf: Date }): SQL =>
  sql`select event_id, 'customer.tier_changed', customer_id,
        case when from_tier is null then 'Tier set to ' || initcap(to_tier) else 'Tier changed from ' || initcap(from_tier) || ' to ' || initcap(to_tier) end,
        jsonb_build_object('from', from_tier, 'to', to_tier, 'reason', reason, 'runId', ${o.runId}::text), ${o.asOf}::timestamptz
      from score_reason order by event_id`;

const scoreColumns = [
  'recency_days',
  'frequency',
  'monetary_minor',
  'tenure_days',
  'revenue_minor',
  'gross_margin_minor',
  'interaction_cost_minor',
  'complaint_cost_minor',
  'reward_cost_minor',
  'cost_to_serve_minor',
  'net_profit_minor',
  'historical_clv_minor',
  'potential_value_minor',
  'potential_source',
  'share_of_wallet',
  'r_score',
  'f_score',
  'm_score',
  'rfm_segment',
  'repeat_purchases',
  'recency_weeks',
  'age_weeks',
  'expected_purchases',
  'p_alive',
  'expected_spend_minor',
  'clv_minor',
  'tier',
];

/** The columns `score_new` holds (the model's, RFM and the tier); the others come from `score_base`. */
const modelColumns = new Set([
  'r_score',
  'f_score',
  'm_score',
  'rfm_segment',
  'repeat_purchases',
  'recency_weeks',
  'age_weeks',
  'expected_purchases',
  'p_alive',
  'expected_spend_minor',
  'clv_minor',
  'tier',
]);

/**
 * Writes `score_base` and `score_new` over the stored scores with one MERGE, then stages the run's
 * tier changes into `score_changed`: each updated row keeps the tier it had in `previous_tier`.
 *
 * In customer order: both staged tables are made in that order and a (single-batch) hash join
 * keeps its outer side's order, whichever side the planner hashes; MERGE then hashes the stored
 * rows and walks the staged ones. The first run stores the rows in that order and later runs
 * rewrite them in place (HOT updates), so each page of `customer_scores` is read and written once.
 * In an order unrelated to the stored one, a million rows far larger than the server's buffers are
 * fetched at random (the same MERGE from shuffled rows took 22 s instead of 4.4 s at 1M). MERGE
 * joins the two sides once, where INSERT … ON CONFLICT DO UPDATE probed the primary key row by row:
 * 4.4–4.7 s against 6.6–8.2 s for 1M rows. A full run also drops scores of customers gone since.
 * Returns the rows written.
 */
export async function writeScores(db: Db, workspaceId: string, o: { runId: string; full: boolean }): Promise<number> {
  const fromRun = sql.raw(scoreColumns.map((c) => (modelColumns.has(c) ? `n.${c}` : `b.${c}`)).join(', '));
  const updates = sql.raw([...scoreColumns.map((c) => `${c} = r.${c}`), 'previous_tier = s.tier'].join(', '));
  const cols = sql.raw(scoreColumns.join(', '));
  const values = sql.raw(scoreColumns.map((c) => `r.${c}`).join(', '));
  const written = await execCount(
    db,
    sql`merge into customer_scores s
        using (select b.customer_id, ${fromRun} from score_base b join score_new n on n.customer_id = b.customer_id) r
        on s.workspace_id = ${workspaceId} and s.customer_id = r.customer_id
        when matched then update set run_id = ${o.runId}::uuid, ${updates}
        when not matched then insert (workspace_id, customer_id, run_id, ${cols}, previous_tier) values (${workspaceId}::uuid, r.customer_id, ${o.runId}::uuid, ${values}, null)`,
  );
  await db.execute(
    sql`create temp table score_changed on commit drop as
        select s.customer_id, s.previous_tier from_tier, s.tier to_tier
        from score_new n join customer_scores s on s.workspace_id = ${workspaceId} and s.customer_id = n.customer_id
        where s.previous_tier is distinct from s.tier`,
  );
  // Every scored row now carries this run's id; the others are customers deleted or merged away since.
  if (o.full)
    await db.execute(
      sql`delete from customer_scores s where s.workspace_id = ${workspaceId} and s.run_id <> ${o.runId}::uuid`,
    );
  await db.execute(sql`analyze score_changed`);
  return written;
}

// ---- reads

/** A customer's scores with their run's instant, model version and window, and their tier's start and reason (its latest change). */
export type ScoreView = ScoreRow & {
  computedAt: Date;
  modelVersion: string | null;
  windowMonths: number;
  tierSince: Date;
  tierReason: string;
};

export async function findScore(db: Db, workspaceId: string, customerId: string): Promise<ScoreView | undefined> {
  const [row] = await db
    .select({
      score: customerScores,
      computedAt: scoringRuns.asOf,
      modelVersion: scoringRuns.modelVersion,
      windowMonths: scoringRuns.windowMonths,
    })
    .from(customerScores)
    .innerJoin(
      scoringRuns,
      and(eq(scoringRuns.workspaceId, customerScores.workspaceId), eq(scoringRuns.id, customerScores.runId)),
    )
    .where(and(eq(customerScores.workspaceId, workspaceId), eq(customerScores.customerId, customerId)));
  if (!row) return undefined;
  const [change] = await listTierChanges(db, workspaceId, customerId, 1);
  return {
    ...row.score,
    computedAt: row.computedAt as Date,
    modelVersion: row.modelVersion,
    windowMonths: row.windowMonths as number,
    tierSince: change?.changedAt ?? (row.computedAt as Date),
    tierReason: change?.reason ?? '',
  };
}

export type PyramidRow = { tier: string; customers: number; revenue: number; profit: number };

export async function pyramidRows(db: Db, workspaceId: string): Promise<{ tiers: PyramidRow[]; unscored: number }> {
  const tiers = await queryRows<{ tier: string; customers: number; revenue: string; profit: string }>(
    db,
    sql`select tier, count(*)::int customers, sum(revenue_minor)::text revenue, sum(net_profit_minor)::text profit from customer_scores where workspace_id = ${workspaceId} group by tier`,
  );
  const [u] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from customers c where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.merged_into_id is null
        and not exists (select 1 from customer_scores s where s.workspace_id = c.workspace_id and s.customer_id = c.id)`,
  );
  return {
    tiers: tiers.map((t) => ({
      tier: t.tier,
      customers: t.customers,
      revenue: Number(t.revenue),
      profit: Number(t.profit),
    })),
    unscored: u.n,
  };
}

export async function rfmRows(db: Db, workspaceId: string) {
  const cells = await queryRows<{ r: number; f: number; customers: number; monetary: string }>(
    db,
    sql`select r_score r, f_score f, count(*)::int customers, round(avg(monetary_minor))::text monetary from customer_scores
        where workspace_id = ${workspaceId} and r_score is not null group by r_score, f_score`,
  );
  const segments = await queryRows<{ segment: string; customers: number; revenue: string }>(
    db,
    sql`select rfm_segment segment, count(*)::int customers, sum(revenue_minor)::text revenue from customer_scores
        where workspace_id = ${workspaceId} and rfm_segment is not null group by rfm_segment`,
  );
  return {
    cells: cells.map((c) => ({ r: c.r, f: c.f, customers: c.customers, monetary: Number(c.monetary) })),
    segments: segments.map((s) => ({ segment: s.segment, customers: s.customers, revenue: Number(s.revenue) })),
  };
}

export async function listTierChanges(db: Db, workspaceId: string, customerId: string, limit: number) {
  return db
    .select()
    .from(customerTierChanges)
    .where(and(eq(customerTierChanges.workspaceId, workspaceId), eq(customerTierChanges.customerId, customerId)))
    .orderBy(desc(customerTierChanges.changedAt), desc(customerTierChanges.id))
    .limit(limit);
}
