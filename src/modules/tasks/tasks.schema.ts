// Owns tasks: a minimal piece of work for a person about a customer (an at-risk customer to call,
// later campaign actions). Title, customer, assignee, due date, status and outcome.
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

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
    /** Where the task came from (e.g. `churn_worklist`), for later reporting. */
    source: text('source'),
    createdBy: text('created_by'),
    closedAt: at('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status, t.id),
    index('tasks_customer_idx').on(t.workspaceId, t.customerId, t.id),
    check('tasks_status_known', sql`${t.status} in ('open', 'done', 'cancelled')`),
  ],
);
