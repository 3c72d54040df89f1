// Scoring, stage 2: predictions in; metrics, tiers, tier changes and stored scores out.
// Set-based, over the temporary tables of stage 1 (analytics.inputs.repository.ts). Every query is scoped by workspace;
// customers are read through their domain's `liveCustomers` source.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { liveCustomers } from '../customers/index.ts';
import { type RunCutoffs } from './analytics.schema.ts';
import type { CostSource } from './analytics.sources.ts';

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
        join (${liveCustomers(workspaceId)}) c on c.id = s.customer_id
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
                  from (${liveCustomers(workspaceId)}) c
                  left join base n on n.customer_id = c.id
                  left join customer_scores s on s.workspace_id = ${workspaceId} and s.customer_id = c.id`
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

/** The run-level facts of every tier reason (the rest is each customer's own numbers). */
export type ReasonWording = {
  windowMonths: number;
  rankBy: 'clv' | 'net_profit';
  platinumShare: number;
  goldShare: number;
  withRank: boolean;
};

/**
 * Why each customer is in their tier, as facts rather than words (a JSON object, see
 * TierReason in analytics.explain.ts): it is worded when read, in the reader's language, with
 * the amounts in their locale.
 */
function reasonSql(w: ReasonWording): SQL {
  const rank = w.withRank
    ? sql`case when n.ranked > 0 and n.tier <> 'lead' then n.rank_pos end, 'of', case when n.ranked > 0 and n.tier <> 'lead' then n.ranked end`
    : sql`null::bigint, 'of', null::bigint`;
  return sql`jsonb_build_object('tier', n.tier, 'by', ${w.rankBy}::text, 'value', round(n.rank_key), 'profit', n.net_profit_minor,
      'rank', ${rank}, 'months', ${w.windowMonths}::int, 'platinumShare', ${w.platinumShare}::float8, 'goldShare', ${w.goldShare}::float8)::text`;
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
        jsonb_build_object('from', from_tier, 'to', to_tier, 'reason', reason::jsonb, 'runId', ${o.runId}::text), ${o.asOf}::timestamptz
      from score_reason order by event_id`;

/** The columns `score_base` holds (metrics, potential value, share of wallet). */
const baseColumns = [
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
];
/** The columns `score_new` holds (the model's, RFM and the tier). */
const modelColumnList = [
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
const scoreColumns = [...baseColumns, ...modelColumnList];
const modelColumns = new Set(modelColumnList);

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
