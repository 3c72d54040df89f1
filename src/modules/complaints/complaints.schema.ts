// Owns complaints and service recovery: the complaint with its status history, SLA deadline and
// knowledge-base fields (solution, root cause, full-text vector); teams that handle complaints
// and the routing rules category → team; per-workspace settings (categories, SLA matrix,
// business calendar, compensation limits); tokens of the customer's status page; compensations.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { customers } from '../customers/customers.schema.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';
import type { SlaMatrix, WeeklyHours } from './complaints.sla.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export type AttachmentMeta = { name: string; contentType: string; sizeBytes: number; url?: string };

/** One row per workspace once changed; until then the defaults in complaints.settings.ts apply. */
export const complaintSettings = pgTable(
  'complaint_settings',
  {
    workspaceId: uuid('workspace_id').primaryKey(),
    publicFormEnabled: boolean('public_form_enabled').notNull(),
    categories: text('categories').array().notNull(),
    rootCauses: text('root_causes').array().notNull(),
    slaMatrix: jsonb('sla_matrix').$type<SlaMatrix>().notNull(),
    businessHoursOnly: boolean('business_hours_only').notNull(),
    weeklyHours: jsonb('weekly_hours').$type<WeeklyHours>().notNull(),
    holidays: text('holidays').array().notNull(),
    approvalThresholdMinor: money('approval_threshold_minor').notNull(),
    compensationCapMinor: money('compensation_cap_minor').notNull(),
    pointValueMinor: integer('point_value_minor').notNull(),
    handlingCostMinor: money('handling_cost_minor').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);

/** Per workspace and year, the last reference number given (C-2026-000123). */
export const complaintCounters = pgTable(
  'complaint_counters',
  {
    workspaceId: workspaceId(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.year] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const assignmentStrategies = ['round_robin', 'least_loaded'] as const;

export const complaintTeams = pgTable(
  'complaint_teams',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    strategy: text('strategy').$type<(typeof assignmentStrategies)[number]>().notNull().default('round_robin'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('complaint_teams_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    check('complaint_teams_strategy_known', sql`${t.strategy} in ('round_robin', 'least_loaded')`),
  ],
);

/** Members handle complaints; managers are the escalation targets of the team. */
export const complaintTeamMembers = pgTable(
  'complaint_team_members',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    isManager: boolean('is_manager').notNull().default(false),
    /** Round robin gives the next complaint to whoever waited longest. */
    lastAssignedAt: at('last_assigned_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    foreignKey({
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [complaintTeams.workspaceId, complaintTeams.id],
    }).onDelete('cascade'),
  ],
);

/** Category → team; the category `*` catches every category without its own rule. */
export const complaintRoutingRules = pgTable(
  'complaint_routing_rules',
  {
    workspaceId: workspaceId(),
    category: text('category').notNull(),
    teamId: uuid('team_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.category] }),
    foreignKey({
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [complaintTeams.workspaceId, complaintTeams.id],
    }).onDelete('cascade'),
  ],
);

export const complaints = pgTable(
  'complaints',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    reference: text('reference').notNull(),
    customerId: uuid('customer_id').notNull(),
    category: text('category').notNull(),
    channel: text('channel').notNull(),
    /** `agent` (registered through the API) or `public_form`. */
    source: text('source').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    attachments: jsonb('attachments').$type<AttachmentMeta[]>().notNull().default([]),
    /** The language the customer is answered in. */
    locale: text('locale').notNull(),
    status: text('status').notNull().default('registered'),
    severity: text('severity'),
    /** The customer's pyramid tier when the deadline was set. */
    customerTier: text('customer_tier'),
    teamId: uuid('team_id'),
    assigneeId: uuid('assignee_id'),
    validityReason: text('validity_reason'),
    decidedAt: at('decided_at'),
    decidedBy: text('decided_by'),
    slaHours: integer('sla_hours'),
    slaBusinessHours: boolean('sla_business_hours'),
    deadlineAt: at('deadline_at'),
    atRiskAt: at('at_risk_at'),
    /** null until a deadline is set (valid complaints); then on_track → at_risk → breached, or met. */
    slaState: text('sla_state'),
    breachedAt: at('breached_at'),
    escalatedAt: at('escalated_at'),
    solution: text('solution'),
    rootCause: text('root_cause'),
    resolvedAt: at('resolved_at'),
    resolvedBy: uuid('resolved_by'),
    satisfactionScore: smallint('satisfaction_score'),
    satisfactionComment: text('satisfaction_comment'),
    satisfactionAt: at('satisfaction_at'),
    closedAt: at('closed_at'),
    /** The workspace's handling cost per complaint when it was registered (cost to serve). */
    handlingCostMinor: money('handling_cost_minor').notNull().default(0),
    registeredAt: at('registered_at').notNull(),
    registeredBy: text('registered_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // 'simple' (no stemming, no stop words): complaints come in English, Portuguese and Spanish.
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(subject, '')), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B') || setweight(to_tsvector('simple', coalesce(solution, '')), 'C')`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    uniqueIndex('complaints_reference_key').on(t.workspaceId, t.reference),
    index('complaints_registered_idx').on(t.workspaceId, t.registeredAt, t.id),
    index('complaints_customer_idx').on(t.workspaceId, t.customerId, t.registeredAt),
    index('complaints_assignee_open_idx')
      .on(t.workspaceId, t.assigneeId)
      .where(sql`${t.status} in ('registered', 'under_analysis', 'valid', 'in_resolution')`),
    index('complaints_resolved_idx')
      .on(t.workspaceId, t.resolvedAt)
      .where(sql`${t.resolvedAt} is not null`),
    // The SLA sweep reads only complaints whose clock still runs, across workspaces.
    index('complaints_sla_at_risk_idx')
      .on(t.atRiskAt)
      .where(sql`${t.slaState} = 'on_track'`),
    index('complaints_sla_deadline_idx')
      .on(t.deadlineAt)
      .where(sql`${t.slaState} in ('on_track', 'at_risk')`),
    // btree_gin: one GIN index holds the tenant and the lexemes, so search never leaves the tenant.
    index('complaints_search_idx').using('gin', t.workspaceId, t.searchVector),
    check(
      'complaints_status_known',
      sql`${t.status} in ('registered', 'under_analysis', 'invalid', 'valid', 'in_resolution', 'resolved', 'satisfaction_checked', 'closed')`,
    ),
    check(
      'complaints_severity_known',
      sql`${t.severity} is null or ${t.severity} in ('low', 'medium', 'high', 'critical')`,
    ),
    check(
      'complaints_sla_state_known',
      sql`${t.slaState} is null or ${t.slaState} in ('on_track', 'at_risk', 'breached', 'met')`,
    ),
    check('complaints_source_known', sql`${t.source} in ('agent', 'public_form')`),
    check(
      'complaints_satisfaction_range',
      sql`${t.satisfactionScore} is null or ${t.satisfactionScore} between 1 and 5`,
    ),
  ],
);

/** Every status change: who, when, from, to, and a note. Append-only. */
export const complaintTransitions = pgTable(
  'complaint_transitions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** `user:<id>`, `token:<id>`, `customer` or `system`. */
    actor: text('actor').notNull(),
    note: text('note'),
    occurredAt: at('occurred_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.complaintId],
      foreignColumns: [complaints.workspaceId, complaints.id],
    }).onDelete('cascade'),
    index('complaint_transitions_complaint_idx').on(t.workspaceId, t.complaintId, t.occurredAt),
  ],
);

/**
 * Status-page tokens: only SHA-256 digests are stored. The token itself starts with the
 * workspace id, so a lookup is keyed by (workspace, digest) and stays on one shard.
 */
export const complaintStatusTokens = pgTable(
  'complaint_status_tokens',
  {
    workspaceId: workspaceId(),
    tokenHash: text('token_hash').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tokenHash] }),
    foreignKey({
      columns: [t.workspaceId, t.complaintId],
      foreignColumns: [complaints.workspaceId, complaints.id],
    }).onDelete('cascade'),
  ],
);

export const compensationTypes = ['points', 'voucher', 'refund_note', 'other'] as const;
export const compensationStatuses = ['pending_approval', 'approved', 'rejected', 'posted'] as const;

/** Service recovery: what was offered for a complaint, what it cost, and who approved it. */
export const complaintCompensations = pgTable(
  'complaint_compensations',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    type: text('type').$type<(typeof compensationTypes)[number]>().notNull(),
    /** Points for `points`; minor units of the currency otherwise. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    costMinor: money('cost_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<(typeof compensationStatuses)[number]>().notNull(),
    requiresApproval: boolean('requires_approval').notNull(),
    note: text('note'),
    proposedBy: text('proposed_by').notNull(),
    proposedAt: at('proposed_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    postedAt: at('posted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.complaintId],
      foreignColumns: [complaints.workspaceId, complaints.id],
    }).onDelete('cascade'),
    index('complaint_compensations_complaint_idx').on(t.workspaceId, t.complaintId),
    index('complaint_compensations_customer_idx').on(t.workspaceId, t.customerId, t.decidedAt),
    check('complaint_compensations_type_known', sql`${t.type} in ('points', 'voucher', 'refund_note', 'other')`),
    check(
      'complaint_compensations_status_known',
      sql`${t.status} in ('pending_approval', 'approved', 'rejected', 'posted')`,
    ),
    check('complaint_compensations_amounts', sql`${t.amount} >= 0 and ${t.costMinor} >= 0`),
  ],
);

/**
 * What a filled honeypot "registered": enough to answer its status page exactly like a new
 * complaint's, and nothing staff ever see (no complaint, customer or event). Kept 90 days.
 */
export const complaintDecoys = pgTable(
  'complaint_decoys',
  {
    workspaceId: workspaceId(),
    tokenHash: text('token_hash').notNull(),
    reference: text('reference').notNull(),
    category: text('category').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    locale: text('locale').notNull(),
    registeredAt: at('registered_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tokenHash] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('complaint_decoys_registered_idx').on(t.workspaceId, t.registeredAt),
  ],
);
