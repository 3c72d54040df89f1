// Owns product affinity's derived data: every affinity run (its thresholds, sizes and the offline
// evaluation of its next-best offers as a model card), the association rules it found at product
// and category level from baskets (orders) and portfolios (everything a customer bought), and the
// product-to-product confidences the next-best offers are scored from. A run rewrites nothing:
// each keeps its own rows, and reads take the newest succeeded run.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const affinityRunStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type AffinityRunStatus = (typeof affinityRunStatuses)[number];
export const affinityLevels = ['product', 'category'] as const;
export type AffinityLevel = (typeof affinityLevels)[number];
export const affinitySources = ['basket', 'portfolio'] as const;
export type AffinitySource = (typeof affinitySources)[number];

/** The thresholds of a run. */
export type AffinityThresholds = { minSupport: number; minConfidence: number; maxLen: number };

export const affinityRuns = pgTable(
  'affinity_runs',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    trigger: text('trigger').$type<'api' | 'schedule' | 'demo'>().notNull(),
    status: text('status').$type<AffinityRunStatus>().notNull(),
    requestedBy: text('requested_by'),
    queuedAt: at('queued_at').notNull(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    thresholds: jsonb('thresholds').$type<AffinityThresholds>().notNull(),
    baskets: integer('baskets'),
    customers: integer('customers'),
    products: integer('products'),
    rules: integer('rules'),
    /** The offline evaluation of the next-best offers against a popularity baseline. */
    card: jsonb('card').$type<Record<string, unknown>>(),
    timings: jsonb('timings').$type<Record<string, number>>(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('affinity_runs_queued_idx').on(t.workspaceId, t.queuedAt),
    check('affinity_runs_status_known', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

export const affinityRules = pgTable(
  'affinity_rules',
  {
    workspaceId: workspaceId(),
    runId: uuid('run_id').notNull(),
    level: text('level').$type<AffinityLevel>().notNull(),
    source: text('source').$type<AffinitySource>().notNull(),
    /** Position in the run's list for this level and source, strongest lift first (the page key). */
    rank: integer('rank').notNull(),
    /** Product ids or category names. */
    antecedent: text('antecedent').array().notNull(),
    consequent: text('consequent').array().notNull(),
    antecedentLabels: text('antecedent_labels').array().notNull(),
    consequentLabels: text('consequent_labels').array().notNull(),
    count: integer('count').notNull(),
    support: doublePrecision('support').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    lift: doublePrecision('lift').notNull(),
    conviction: doublePrecision('conviction'),
    /** (confidence − support of the consequent) × its margin, in minor units of the workspace currency. */
    marginValue: doublePrecision('margin_value'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.level, t.source, t.rank] }),
    foreignKey({
      columns: [t.workspaceId, t.runId],
      foreignColumns: [affinityRuns.workspaceId, affinityRuns.id],
    }).onDelete('cascade'),
    check('affinity_rules_level_known', sql`${t.level} in ('product', 'category')`),
    check('affinity_rules_source_known', sql`${t.source} in ('basket', 'portfolio')`),
  ],
);

/** How often holders of one product hold another (customer portfolios): the offers' scores. */
export const affinityPairs = pgTable(
  'affinity_pairs',
  {
    workspaceId: workspaceId(),
    runId: uuid('run_id').notNull(),
    productId: uuid('product_id').notNull(),
    otherId: uuid('other_id').notNull(),
    /** Customers holding both. */
    count: integer('count').notNull(),
    /** P(holds other | holds product). */
    confidence: doublePrecision('confidence').notNull(),
    lift: doublePrecision('lift').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.productId, t.otherId] }),
    foreignKey({
      columns: [t.workspaceId, t.runId],
      foreignColumns: [affinityRuns.workspaceId, affinityRuns.id],
    }).onDelete('cascade'),
  ],
);

/** A run's micro-segments: customers grouped by category share of spend (k-means, k by silhouette). */
export const affinitySegments = pgTable(
  'affinity_segments',
  {
    workspaceId: workspaceId(),
    runId: uuid('run_id').notNull(),
    /** 1 = the largest. */
    segment: integer('segment').notNull(),
    size: integer('size').notNull(),
    /** Net spend of the members, minor units of the workspace currency. */
    valueMinor: bigint('value_minor', { mode: 'number' }).notNull(),
    /** The centre's category shares, largest first. */
    categories: jsonb('categories').$type<{ category: string; share: number }[]>().notNull(),
    /** Mean churn risk of the members who have one (null: none has). */
    churnRisk: doublePrecision('churn_risk'),
    churnScored: integer('churn_scored').notNull().default(0),
    bestOfferProductId: uuid('best_offer_product_id'),
    /** Expected margin of the best offer per member, minor units. */
    bestOfferValue: doublePrecision('best_offer_value'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.segment] }),
    foreignKey({
      columns: [t.workspaceId, t.runId],
      foreignColumns: [affinityRuns.workspaceId, affinityRuns.id],
    }).onDelete('cascade'),
  ],
);

export const bundleStatuses = ['active', 'archived'] as const;
export type BundleStatus = (typeof bundleStatuses)[number];

/** A bundle a person defined: products sold together at a price below the sum of their list prices. */
export const affinityBundles = pgTable(
  'affinity_bundles',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    productIds: uuid('product_ids').array().notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    /** Sum of the products' list prices − price, at definition. */
    discountMinor: bigint('discount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<BundleStatus>().notNull().default('active'),
    createdBy: text('created_by'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('affinity_bundles_status_known', sql`${t.status} in ('active', 'archived')`),
  ],
);

export const offerOutcomes = ['offered', 'accepted', 'declined'] as const;
export type OfferOutcome = (typeof offerOutcomes)[number];

/** What became of an offer made to a customer: offered (by task or campaign), accepted, declined. */
export const affinityOfferEvents = pgTable(
  'affinity_offer_events',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    productId: uuid('product_id').notNull(),
    outcome: text('outcome').$type<OfferOutcome>().notNull(),
    /** How it was offered: a task, a campaign segment, or recorded by hand. */
    channel: text('channel').$type<'task' | 'campaign' | 'manual'>().notNull(),
    taskId: uuid('task_id'),
    segmentId: uuid('segment_id'),
    recordedBy: text('recorded_by'),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('affinity_offer_events_customer_idx').on(t.workspaceId, t.customerId, t.at),
    index('affinity_offer_events_product_idx').on(t.workspaceId, t.productId, t.channel),
    check('affinity_offer_events_outcome_known', sql`${t.outcome} in ('offered', 'accepted', 'declined')`),
    check('affinity_offer_events_channel_known', sql`${t.channel} in ('task', 'campaign', 'manual')`),
  ],
);
