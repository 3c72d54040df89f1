// Owns churn diagnostics' derived data: every churn-model run with its model card (metrics,
// coefficients, drivers, whether it is used) and the current churn risk of each customer with
// its top drivers and the value at stake. Both are rewritten from other domains' facts by a run.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, money, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const churnRunStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ChurnRunStatus = (typeof churnRunStatuses)[number];

/** One driver of a customer's risk: a feature code, its value and its share of the log-odds. */
export type RiskDriver = { code: string; level?: string; value: number; contribution: number };

export const churnModelRuns = pgTable(
  'churn_model_runs',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    trigger: text('trigger').$type<'api' | 'schedule' | 'demo'>().notNull(),
    status: text('status').$type<ChurnRunStatus>().notNull(),
    requestedBy: text('requested_by'),
    queuedAt: at('queued_at').notNull(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    asOf: at('as_of'),
    /** Whether this run's risks are the ones served; false when flagged. */
    used: boolean('used').notNull().default(false),
    /** Why the model is not used: `worse_than_baseline`, `too_few_churners`, `not_converged`. */
    flag: text('flag'),
    rows: integer('rows'),
    positives: integer('positives'),
    auc: doublePrecision('auc'),
    baselineAuc: doublePrecision('baseline_auc'),
    brier: doublePrecision('brier'),
    /** The model card: fold AUCs, reliability bins, coefficients and odds ratios, Cox hazard ratios. */
    card: jsonb('card').$type<Record<string, unknown>>(),
    /** What a customer's read needs (sBG parameters, horizon, discount), apart from the large card. */
    lifetime: jsonb('lifetime').$type<Record<string, unknown>>(),
    customersScored: integer('customers_scored'),
    timings: jsonb('timings').$type<Record<string, number>>(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('churn_model_runs_queued_idx').on(t.workspaceId, t.queuedAt),
    check('churn_model_runs_status_known', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

export const churnRisk = pgTable(
  'churn_risk',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    runId: uuid('run_id').notNull(),
    /** `contract` (the churn model) or `purchase` (1 − P(alive) of the value engine). */
    basis: text('basis').$type<'contract' | 'purchase'>().notNull(),
    risk: doublePrecision('risk').notNull(),
    // json, not jsonb: stored as written (no binary form to build) and ~15 % smaller; nothing queries inside it.
    drivers: json('drivers').$type<RiskDriver[]>().notNull(),
    valueAtStakeMinor: money('value_at_stake_minor').notNull(),
    expectedLossMinor: money('expected_loss_minor').notNull(),
    tier: text('tier'),
    segment: text('segment'),
    accountManagerId: uuid('account_manager_id'),
    computedAt: at('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('churn_risk_loss_idx').on(t.workspaceId, t.expectedLossMinor.desc(), t.customerId),
    // Only customers with an account manager: most have none, and every run rewrites every row of
    // the table (measured at 57,720 rows: a fifth of the write was this index's upkeep for null keys).
    index('churn_risk_manager_idx')
      .on(t.workspaceId, t.accountManagerId, t.expectedLossMinor.desc(), t.customerId)
      .where(sql`${t.accountManagerId} is not null`),
    check('churn_risk_basis_known', sql`${t.basis} in ('contract', 'purchase')`),
  ],
);
