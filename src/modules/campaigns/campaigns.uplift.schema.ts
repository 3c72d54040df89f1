// Owns what campaigns learn after the fact: results of an experiment run elsewhere, uploaded as a
// CSV and analysed like `tenure uplift` (kept per upload), and the uplift model fitted on a finished
// campaign's members (its held-out Qini curve) with each member's predicted uplift, which the next
// campaign's segment may target ("the top X % by uplift").
import { sql } from 'drizzle-orm';
import {
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
import { at, createdAt, workspaceId } from '../../db/columns.ts';
import { campaigns } from './campaigns.schema.ts';
import type { ExternalAnalysis, UpliftModelSummary } from './campaigns.uplift.types.ts';

/** One uploaded CSV of an experiment's results and its analysis. */
export const campaignExternalResults = pgTable(
  'campaign_external_results',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    id: uuid('id').notNull(),
    armColumn: text('arm_column').notNull(),
    control: text('control').notNull(),
    rows: integer('rows').notNull(),
    analysis: jsonb('analysis').$type<ExternalAnalysis>().notNull(),
    uploadedBy: text('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }).onDelete('cascade'),
  ],
);

export const upliftModelStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type UpliftModelStatus = (typeof upliftModelStatuses)[number];

/** The latest uplift model of a campaign (one per campaign; a refit replaces it). */
export const campaignUpliftModels = pgTable(
  'campaign_uplift_models',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    status: text('status').$type<UpliftModelStatus>().notNull(),
    /** The outcome window in days from the launch. */
    days: integer('days').notNull(),
    summary: jsonb('summary').$type<UpliftModelSummary>(),
    error: text('error'),
    requestedAt: at('requested_at').notNull(),
    fittedAt: at('fitted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId] }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }).onDelete('cascade'),
    index('campaign_uplift_models_queued_idx')
      .on(t.status)
      .where(sql`${t.status} = 'queued'`),
    check('campaign_uplift_models_status_known', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
  ],
);

/** Each member's predicted uplift from its campaign's model, and its rank as a percentile (0 = best). */
export const campaignUpliftScores = pgTable(
  'campaign_uplift_scores',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    uplift: doublePrecision('uplift').notNull(),
    /** 100 · (members scored above this one) / members: "top 20 %" is rank_percent < 20. */
    rankPercent: doublePrecision('rank_percent').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.customerId] }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }).onDelete('cascade'),
    index('campaign_uplift_scores_customer_idx').on(t.workspaceId, t.customerId),
  ],
);
