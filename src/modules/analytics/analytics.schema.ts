// Owns the value engine's tables: per-workspace settings, scoring runs (with the fitted model),
// one score row per customer (metrics, RFM, predicted CLV, pyramid tier) and the history of
// tier changes. Scores are derived data: a full run rewrites them from the other domains' facts.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const pyramidTiers = ['platinum', 'gold', 'iron', 'lead'] as const;
export type PyramidTier = (typeof pyramidTiers)[number];

export const rfmSegments = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

/** Settings per workspace (validated by AnalyticsSettingsSchema); absent = the defaults. */
export const analyticsSettings = pgTable(
  'analytics_settings',
  {
    workspaceId: workspaceId(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type RunTimings = Record<string, number>;
export type RunCutoffs = {
  /** Lowest ranking value (CLV or net profit, minor units) that made platinum / gold. */
  platinum: number | null;
  gold: number | null;
  rankBy: 'clv' | 'net_profit';
  /** Lowest metric value of RFM scores 2..5 (recency: negated days), for incremental runs. */
  recency: number[];
  frequency: number[];
  monetary: number[];
};

export const scoringRuns = pgTable(
  'scoring_runs',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    mode: text('mode').$type<'full' | 'incremental'>().notNull(),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull(),
    requestedBy: text('requested_by'),
    queuedAt: at('queued_at').notNull(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    /** The instant the run scores "as of" (its clock at start). */
    asOf: at('as_of'),
    windowMonths: integer('window_months'),
    customersScored: integer('customers_scored'),
    tierChanges: integer('tier_changes'),
    timings: jsonb('timings').$type<RunTimings>(),
    modelVersion: text('model_version'),
    /** The fitted models (BG/NBD, Gamma-Gamma), fit quality and tracking series; null when none could be fitted. */
    model: jsonb('model').$type<Record<string, unknown>>(),
    converged: boolean('converged'),
    cutoffs: jsonb('cutoffs').$type<RunCutoffs>(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('scoring_runs_queued_idx').on(t.workspaceId, t.queuedAt),
    check('scoring_runs_mode_known', sql`${t.mode} in ('full', 'incremental')`),
    check('scoring_runs_status_known', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

/**
 * The current scores of each customer; rewritten by every run that covers the customer. Only what
 * changes per customer is here: the run (its as-of instant, model version and window) is in
 * `scoring_runs`, and the tier's start and reason are its latest `customer_tier_changes` row — a
 * million rows rewritten daily should not carry a sentence each that changes a few times a year.
 */
export const customerScores = pgTable(
  'customer_scores',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    runId: uuid('run_id').notNull(),
    recencyDays: integer('recency_days'),
    frequency: integer('frequency').notNull(),
    monetaryMinor: money('monetary_minor').notNull(),
    tenureDays: integer('tenure_days').notNull(),
    revenueMinor: money('revenue_minor').notNull(),
    grossMarginMinor: money('gross_margin_minor').notNull(),
    interactionCostMinor: money('interaction_cost_minor').notNull(),
    complaintCostMinor: money('complaint_cost_minor').notNull(),
    rewardCostMinor: money('reward_cost_minor').notNull(),
    costToServeMinor: money('cost_to_serve_minor').notNull(),
    netProfitMinor: money('net_profit_minor').notNull(),
    historicalClvMinor: money('historical_clv_minor').notNull(),
    potentialValueMinor: money('potential_value_minor'),
    potentialSource: text('potential_source').$type<'declared' | 'peers'>(),
    shareOfWallet: doublePrecision('share_of_wallet'),
    rScore: smallint('r_score'),
    fScore: smallint('f_score'),
    mScore: smallint('m_score'),
    rfmSegment: text('rfm_segment').$type<RfmSegment>(),
    /** BG/NBD inputs in weeks: repeat purchase days, time of the last, age. */
    repeatPurchases: integer('repeat_purchases'),
    recencyWeeks: doublePrecision('recency_weeks'),
    ageWeeks: doublePrecision('age_weeks'),
    expectedPurchases: doublePrecision('expected_purchases'),
    pAlive: doublePrecision('p_alive'),
    expectedSpendMinor: money('expected_spend_minor'),
    clvMinor: money('clv_minor'),
    tier: text('tier').$type<PyramidTier>().notNull(),
    /** The tier before the run that wrote this row (null for a customer's first): the run's tier changes are the rows where the two differ. */
    previousTier: text('previous_tier').$type<PyramidTier>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('customer_scores_tier_idx').on(t.workspaceId, t.tier),
    index('customer_scores_segment_idx').on(t.workspaceId, t.rfmSegment),
    check('customer_scores_tier_known', sql`${t.tier} in ('platinum', 'gold', 'iron', 'lead')`),
  ],
);

/** Every pyramid tier change, append-only: from, to, why in plain words, which run, when. */
export const customerTierChanges = pgTable(
  'customer_tier_changes',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    fromTier: text('from_tier').$type<PyramidTier>(),
    toTier: text('to_tier').$type<PyramidTier>().notNull(),
    reason: text('reason').notNull(),
    runId: uuid('run_id').notNull(),
    changedAt: at('changed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('customer_tier_changes_customer_idx').on(t.workspaceId, t.customerId, t.changedAt),
  ],
);
