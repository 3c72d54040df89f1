// Owns customer surveys: each workspace's survey settings, every survey sent (relationship NPS to a
// sample, transactional CSAT after a purchase, a contact or a resolved complaint) with its one
// answer, and the public links that open it (the first one and one per reminder; only SHA-256
// digests are kept). A survey is answered once, whichever of its links is used.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const surveyKinds = ['nps', 'csat'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

/** Why a survey was sent: the periodic relationship sample, or the moment a CSAT survey follows. */
export const surveyTriggers = ['relationship', 'purchase', 'contact', 'complaint_resolved', 'manual'] as const;
export type SurveyTrigger = (typeof surveyTriggers)[number];
export const csatTriggers = ['purchase', 'contact', 'complaint_resolved'] as const;
export type CsatTrigger = (typeof csatTriggers)[number];

export const surveySettings = pgTable(
  'survey_settings',
  {
    workspaceId: workspaceId().primaryKey(),
    npsEnabled: boolean('nps_enabled').notNull().default(false),
    /** Customers asked per daily sample run. */
    npsSamplePerDay: integer('nps_sample_per_day').notNull().default(20),
    /** No customer is asked for NPS twice within this many days. */
    npsMinIntervalDays: integer('nps_min_interval_days').notNull().default(90),
    /** The moments that send a CSAT survey; empty = none. */
    csatTriggers: text('csat_triggers')
      .array()
      .$type<CsatTrigger[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** No customer is asked for CSAT twice within this many days. */
    csatMinIntervalDays: integer('csat_min_interval_days').notNull().default(30),
    linkTtlDays: integer('link_ttl_days').notNull().default(14),
    reminderAfterDays: integer('reminder_after_days').notNull().default(3),
    maxReminders: integer('max_reminders').notNull().default(1),
    /** Who follows up a detractor when the customer has no account manager (else the owner). */
    followUpAssigneeId: uuid('follow_up_assignee_id'),
    /** CSAT moments before this are never surveyed (turning a trigger on does not survey history). */
    csatSince: at('csat_since'),
    /** The UTC day of the last NPS sample run: one run per day however many workers. */
    npsSampledOn: date('nps_sampled_on', { mode: 'string' }),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('survey_settings_sample_range', sql`${t.npsSamplePerDay} between 1 and 10000`),
    check(
      'survey_settings_intervals',
      sql`${t.npsMinIntervalDays} between 1 and 730 and ${t.csatMinIntervalDays} between 0 and 365`,
    ),
    check(
      'survey_settings_links',
      sql`${t.linkTtlDays} between 1 and 90 and ${t.reminderAfterDays} between 1 and 30 and ${t.maxReminders} between 0 and 3`,
    ),
  ],
);

export const surveys = pgTable(
  'surveys',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<SurveyKind>().notNull(),
    trigger: text('trigger').$type<SurveyTrigger>().notNull(),
    /** The purchase, contact or complaint a CSAT survey follows. */
    subjectId: uuid('subject_id'),
    locale: text('locale').notNull(),
    /** The first message's outbox row and its status when queued (skipped_no_consent: nothing went out). */
    notificationId: uuid('notification_id'),
    deliveryStatus: text('delivery_status').notNull(),
    sentAt: at('sent_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastRemindedAt: at('last_reminded_at'),
    answeredAt: at('answered_at'),
    /** 0–10 for NPS, 1–5 for CSAT. */
    score: smallint('score'),
    comment: text('comment'),
    followUpTaskId: uuid('follow_up_task_id'),
    complaintId: uuid('complaint_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('surveys_subject_key')
      .on(t.workspaceId, t.trigger, t.subjectId)
      .where(sql`${t.subjectId} is not null`),
    index('surveys_customer_idx').on(t.workspaceId, t.customerId, t.kind, t.sentAt),
    index('surveys_answered_idx')
      .on(t.workspaceId, t.kind, t.answeredAt)
      .where(sql`${t.answeredAt} is not null`),
    index('surveys_open_idx')
      .on(t.workspaceId, t.sentAt)
      .where(sql`${t.answeredAt} is null`),
    check('surveys_kind_known', sql`${t.kind} in ('nps', 'csat')`),
    check(
      'surveys_trigger_known',
      sql`${t.trigger} in ('relationship', 'purchase', 'contact', 'complaint_resolved', 'manual')`,
    ),
    check(
      'surveys_score_range',
      sql`${t.score} is null or (${t.kind} = 'nps' and ${t.score} between 0 and 10) or (${t.kind} = 'csat' and ${t.score} between 1 and 5)`,
    ),
    check('surveys_answer_whole', sql`(${t.answeredAt} is null) = (${t.score} is null)`),
  ],
);

/** The links of a survey: the first and one per reminder, all opening the same survey. */
export const surveyLinks = pgTable(
  'survey_links',
  {
    workspaceId: workspaceId(),
    tokenHash: text('token_hash').notNull(),
    surveyId: uuid('survey_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tokenHash] }),
    foreignKey({ columns: [t.workspaceId, t.surveyId], foreignColumns: [surveys.workspaceId, surveys.id] }).onDelete(
      'cascade',
    ),
    index('survey_links_survey_idx').on(t.workspaceId, t.surveyId),
  ],
);
