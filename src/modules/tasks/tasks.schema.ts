// Owns tasks: one model for work by a person about a customer, whoever created it (a person, the
// at-risk worklist, a detractor answer, a campaign, a complaint). Title, customer, assignee, due
// date, a reminder (sent once through the notifications outbox), status and outcome.
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskSources = ['manual', 'churn_worklist', 'survey_detractor', 'campaign', 'complaint', 'offer'] as const;
export type TaskSource = (typeof taskSources)[number];

export const tasks = pgTable(
  'tasks',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id'),
    assigneeId: uuid('assignee_id').notNull(),
    dueOn: date('due_on'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    outcome: text('outcome'),
    /** Where the task came from (one of `taskSources`), for reporting and the screens' labels. */
    source: text('source').$type<TaskSource>(),
    /** When to remind the assignee; `remindedAt` is set by the one run that sent it. */
    remindAt: at('remind_at'),
    remindedAt: at('reminded_at'),
    createdBy: text('created_by'),
    /** Set by batch creators (campaigns): one task per key however often the batch is retried. */
    dedupeKey: text('dedupe_key'),
    closedAt: at('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status, t.id),
    index('tasks_customer_idx').on(t.workspaceId, t.customerId, t.id),
    uniqueIndex('tasks_dedupe_key').on(t.workspaceId, t.dedupeKey),
    check('tasks_status_known', sql`${t.status} in ('open', 'done', 'cancelled')`),
    check(
      'tasks_source_known',
      sql`${t.source} is null or ${t.source} in ('manual', 'churn_worklist', 'survey_detractor', 'campaign', 'complaint', 'offer')`,
    ),
    index('tasks_reminder_due_idx')
      .on(t.remindAt)
      .where(sql`${t.remindedAt} is null and ${t.status} = 'open' and ${t.remindAt} is not null`),
  ],
);
