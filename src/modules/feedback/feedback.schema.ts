// Owns the feedback register: the voice of the customer that is not a survey score — compliments
// (naming the employee praised, a workspace member, when there is one), agents' notes after a
// contact (sentiment and a signal of intent to leave), and focus-group or interview reports about
// a segment (a free-text label).
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const feedbackKinds = ['compliment', 'agent_note', 'focus_group', 'interview'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
export const sentiments = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof sentiments)[number];

export const feedbackEntries = pgTable(
  'feedback_entries',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    /** Required for compliments and agent notes; optional for reports about a segment. */
    customerId: uuid('customer_id'),
    /** The member a compliment names. */
    employeeId: uuid('employee_id'),
    sentiment: text('sentiment').$type<Sentiment>(),
    intentToLeave: boolean('intent_to_leave').notNull().default(false),
    /** The segment a focus group or interview is about (free text, e.g. "Gold, São Paulo"). */
    segment: text('segment'),
    body: text('body').notNull(),
    occurredAt: at('occurred_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('feedback_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt),
    index('feedback_kind_idx').on(t.workspaceId, t.kind, t.occurredAt),
    check('feedback_kind_known', sql`${t.kind} in ('compliment', 'agent_note', 'focus_group', 'interview')`),
    check(
      'feedback_sentiment_known',
      sql`${t.sentiment} is null or ${t.sentiment} in ('positive', 'neutral', 'negative')`,
    ),
    check(
      'feedback_subject',
      sql`(${t.kind} in ('compliment', 'agent_note') and ${t.customerId} is not null) or (${t.kind} in ('focus_group', 'interview') and ${t.segment} is not null)`,
    ),
  ],
);
