// Owns the defection register: each workspace's reason taxonomy, confirmed defections (who left,
// when, why), win-backs (reactivations), the exit-survey links sent to customers who left, and
// the lapsed state of non-contractual customers (P(alive) under the workspace threshold), which
// is kept apart from confirmed defections on purpose: a lapse is a model's guess, a defection a fact.
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { customers } from '../customers/customers.schema.ts';

export const defectionSources = ['manual', 'contract_cancellation', 'exit_survey'] as const;
export type DefectionSource = (typeof defectionSources)[number];

export const defectionChannels = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'web',
  'store_visit',
  'meeting',
  'letter',
  'other',
] as const;

/** A reason's label per language; a language without one falls back to English, then to the code. */
export type ReasonLabels = Partial<Record<'en' | 'pt-BR' | 'es', string>>;

export const defectionReasons = pgTable(
  'defection_reasons',
  {
    workspaceId: workspaceId(),
    code: text('code').notNull(),
    labels: jsonb('labels').$type<ReasonLabels>().notNull(),
    controllable: boolean('controllable').notNull(),
    active: boolean('active').notNull().default(true),
    /** One of the defaults: it can be relabelled or deactivated, never deleted. */
    builtIn: boolean('built_in').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.code] })],
);

/** One row per workspace; its presence also says the default reasons were seeded once. */
export const defectionSettings = pgTable(
  'defection_settings',
  {
    workspaceId: workspaceId().primaryKey(),
    lapseThreshold: doublePrecision('lapse_threshold').notNull().default(0.3),
    surveyTtlDays: integer('survey_ttl_days').notNull().default(30),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('defection_settings_threshold_range', sql`${t.lapseThreshold} > 0 and ${t.lapseThreshold} < 1`),
    check('defection_settings_ttl_range', sql`${t.surveyTtlDays} between 1 and 365`),
  ],
);

export const defections = pgTable(
  'defections',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    contractId: uuid('contract_id'),
    defectedAt: at('defected_at').notNull(),
    /** Null until known (a contract cancelled without a reason from the taxonomy, awaiting the exit survey). */
    reasonCode: text('reason_code'),
    freeText: text('free_text'),
    channel: text('channel').$type<(typeof defectionChannels)[number]>(),
    source: text('source').$type<DefectionSource>().notNull(),
    /** `user:<id>`, `token:<id>`, `customer` (exit survey) or `system`. */
    recordedBy: text('recorded_by').notNull(),
    surveyAnsweredAt: at('survey_answered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.reasonCode],
      foreignColumns: [defectionReasons.workspaceId, defectionReasons.code],
    }),
    index('defections_defected_idx').on(t.workspaceId, t.defectedAt, t.id),
    index('defections_customer_idx').on(t.workspaceId, t.customerId, t.defectedAt),
    index('defections_reason_idx').on(t.workspaceId, t.reasonCode),
    // A contract's cancellation feeds the register once, however often the feed runs.
    uniqueIndex('defections_contract_key')
      .on(t.workspaceId, t.contractId)
      .where(sql`${t.source} = 'contract_cancellation'`),
    check('defections_source_known', sql`${t.source} in ('manual', 'contract_cancellation', 'exit_survey')`),
  ],
);

/** Win-backs: a customer who had left (or lapsed) came back. */
export const reactivations = pgTable(
  'reactivations',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    defectionId: uuid('defection_id'),
    reactivatedAt: at('reactivated_at').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.defectionId],
      foreignColumns: [defections.workspaceId, defections.id],
    }).onDelete('set null'),
    index('reactivations_customer_idx').on(t.workspaceId, t.customerId, t.reactivatedAt),
  ],
);

/**
 * Exit-survey links: only SHA-256 digests are stored; the token starts with the workspace id
 * (src/lib/public-token.ts). Single use (`used_at`) and expiring. A link with a defection
 * answers that defection's reason; one without records a new defection.
 */
export const exitSurveyTokens = pgTable(
  'exit_survey_tokens',
  {
    workspaceId: workspaceId(),
    tokenHash: text('token_hash').notNull(),
    customerId: uuid('customer_id').notNull(),
    defectionId: uuid('defection_id'),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tokenHash] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.defectionId],
      foreignColumns: [defections.workspaceId, defections.id],
    }).onDelete('cascade'),
  ],
);

/** Customers whose P(alive) is under the workspace threshold now; a row leaves when it rises again. */
export const customerLapses = pgTable(
  'customer_lapses',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    pAlive: doublePrecision('p_alive').notNull(),
    lapsedAt: at('lapsed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    index('customer_lapses_lapsed_idx').on(t.workspaceId, t.lapsedAt, t.customerId),
  ],
);
