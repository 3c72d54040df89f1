// Owns campaigns: saved, versioned segments (a filter over customer facts), campaigns (objective,
// owner, segment, arms with planned shares, a seed for reproducible assignment, lifecycle draft →
// launched → finished), the member list frozen at launch with each member's arm, and the
// workspace's global holdout (a share of customers kept out of every campaign).
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
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';
import { currentHashScheme, type HashScheme } from './campaigns.assignment.ts';
import {
  type ArmDefinition,
  type CampaignAction,
  type CampaignActionType,
  defaultEligibility,
  type Eligibility,
  type ExecutionStatus,
  type SampleRatio,
  type SegmentDefinition,
} from './campaigns.types.ts';

export const campaignObjectives = [
  'retain',
  'win_back',
  'cross_sell',
  'upsell',
  'loyalty_activation',
  'service_recovery',
] as const;
export type CampaignObjective = (typeof campaignObjectives)[number];
export const campaignStatuses = ['draft', 'launched', 'finished'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaignSettings = pgTable(
  'campaign_settings',
  {
    workspaceId: workspaceId().primaryKey(),
    /** Share (0–0.5) of the workspace's customers kept out of every campaign. */
    holdoutShare: doublePrecision('holdout_share').notNull().default(0),
    /** Changing it draws a new holdout; kept so the holdout stays the same customers meanwhile. */
    holdoutSeed: text('holdout_seed').notNull(),
    /** The hash the holdout seed is read with (campaigns.assignment.ts); rows before 0044 keep 'sha256'. */
    hashScheme: text('hash_scheme').$type<HashScheme>().notNull().default(currentHashScheme),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('campaign_settings_holdout_share', sql`${t.holdoutShare} >= 0 and ${t.holdoutShare} <= 0.5`),
  ],
);

export const segments = pgTable(
  'segments',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** The current version; every version's definition is kept in segment_versions. */
    version: integer('version').notNull().default(1),
    definition: jsonb('definition').$type<SegmentDefinition>().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const segmentVersions = pgTable(
  'segment_versions',
  {
    workspaceId: workspaceId(),
    segmentId: uuid('segment_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<SegmentDefinition>().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.version] }),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const campaigns = pgTable(
  'campaigns',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    objective: text('objective').$type<CampaignObjective>().notNull(),
    ownerId: uuid('owner_id'),
    segmentId: uuid('segment_id').notNull(),
    /** The segment version frozen at launch (null while a draft). */
    segmentVersion: integer('segment_version'),
    arms: jsonb('arms').$type<ArmDefinition[]>().notNull(),
    seed: text('seed').notNull(),
    /** The hash the seed assigns with (campaigns.assignment.ts); campaigns before 0044 keep 'sha256'. */
    hashScheme: text('hash_scheme').$type<HashScheme>().notNull().default(currentHashScheme),
    stratifyByTier: boolean('stratify_by_tier').notNull().default(false),
    status: text('status').$type<CampaignStatus>().notNull().default('draft'),
    /** The sample-ratio check of the launched split. */
    sampleRatio: jsonb('sample_ratio').$type<SampleRatio>(),
    /** Segment members left out at launch because they are in the global holdout. */
    heldOut: integer('held_out'),
    /** What each treatment arm does (set while a draft); see campaigns.execute.ts. */
    actions: jsonb('actions').$type<CampaignAction[]>().notNull().default([]),
    eligibility: jsonb('eligibility').$type<Eligibility>().notNull().default(defaultEligibility),
    /** idle until execution is started; running while a job works through the members; done. */
    executionStatus: text('execution_status').$type<ExecutionStatus>().notNull().default('idle'),
    /** Members who were, at launch, in another running campaign with a conflicting objective. */
    conflicts: integer('conflicts'),
    /** A draft launches itself at this time (campaigns.schedule.ts); null: launched by hand. */
    scheduledAt: at('scheduled_at'),
    /** Why the scheduled launch failed (the draft stays a draft, unscheduled). */
    launchError: text('launch_error').$type<'empty_segment' | 'segment_missing' | 'launch_failed'>(),
    launchedAt: at('launched_at'),
    finishedAt: at('finished_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }),
    index('campaigns_list_idx').on(t.workspaceId, t.status, t.id),
    index('campaigns_scheduled_idx')
      .on(t.scheduledAt)
      .where(sql`${t.status} = 'draft' and ${t.scheduledAt} is not null`),
    index('campaigns_running_idx')
      .on(t.executionStatus)
      .where(sql`${t.executionStatus} = 'running'`),
    check('campaigns_execution_status_known', sql`${t.executionStatus} in ('idle', 'running', 'done')`),
    check('campaigns_status_known', sql`${t.status} in ('draft', 'launched', 'finished')`),
    check(
      'campaigns_objective_known',
      sql`${t.objective} in ('retain', 'win_back', 'cross_sell', 'upsell', 'loyalty_activation', 'service_recovery')`,
    ),
  ],
);

/** The member list frozen at launch: one row per customer with its arm (and tier, the stratum). */
export const campaignMembers = pgTable(
  'campaign_members',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    arm: text('arm').notNull(),
    tier: text('tier'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.customerId] }),
    // No foreign key to campaigns: its check ran once per member (about 40 % of a 1M launch,
    // docs/benchmarks.md), and the only writer is the launch, which inserts under the campaign
    // row it has just read and updates in the same transaction; campaigns are never deleted.
    index('campaign_members_customer_idx').on(t.workspaceId, t.customerId),
  ],
);

export const executionStatuses = ['done', 'skipped', 'failed', 'deferred'] as const;
export type ExecutionRowStatus = (typeof executionStatuses)[number];

/**
 * One row per member and action: written in the same transaction as the action's effect, so a
 * run killed half-way and resumed does each action for each member exactly once. `deferred` rows
 * (quiet hours) are picked up again from `not_before`.
 */
export const campaignActionExecutions = pgTable(
  'campaign_action_executions',
  {
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    actionKey: text('action_key').notNull(),
    arm: text('arm').notNull(),
    type: text('type').$type<CampaignActionType>().notNull(),
    status: text('status').$type<ExecutionRowStatus>().notNull(),
    /** Why skipped, deferred or failed (a code such as no_consent, frequency_cap, quiet_hours). */
    reason: text('reason'),
    /** The message's channel, when one was sent. */
    channel: text('channel'),
    /** The action's unit cost, recorded when done (0 otherwise). */
    costMinor: money('cost_minor').notNull().default(0),
    notBefore: at('not_before'),
    executedAt: at('executed_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.customerId, t.actionKey] }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }).onDelete('cascade'),
    // The frequency cap counts a customer's messages across campaigns.
    index('campaign_action_executions_messages_idx')
      .on(t.workspaceId, t.customerId, t.executedAt)
      .where(sql`${t.type} = 'message' and ${t.status} = 'done'`),
    check('campaign_action_executions_status_known', sql`${t.status} in ('done', 'skipped', 'failed', 'deferred')`),
  ],
);
