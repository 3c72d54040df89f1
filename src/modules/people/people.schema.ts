// Owns people's customer-focused goals and recognition: minimal teams (name, manager, members),
// goals per employee or team for a period (SLA compliance, CSAT of their cases, retention of their
// book, positive mentions), and kudos from one person to another, optionally linked to a positive
// feedback item. The figures themselves are computed from other domains' sources at read time.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const goalMetrics = ['sla_compliance', 'csat', 'book_retention', 'positive_mentions'] as const;
export type GoalMetric = (typeof goalMetrics)[number];
export const goalSubjects = ['user', 'team'] as const;
export type GoalSubject = (typeof goalSubjects)[number];

export const teams = pgTable(
  'teams',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    managerId: uuid('manager_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('teams_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete(
      'cascade',
    ),
    index('team_members_user_idx').on(t.workspaceId, t.userId),
  ],
);

export const goals = pgTable(
  'people_goals',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    subjectKind: text('subject_kind').$type<GoalSubject>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    metric: text('metric').$type<GoalMetric>().notNull(),
    /** Percent for rates (SLA, CSAT, retention), a count for positive mentions. */
    target: real('target').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('people_goals_key').on(t.workspaceId, t.subjectKind, t.subjectId, t.metric, t.periodFrom),
    check('people_goals_subject_known', sql`${t.subjectKind} in ('user', 'team')`),
    check(
      'people_goals_metric_known',
      sql`${t.metric} in ('sla_compliance', 'csat', 'book_retention', 'positive_mentions')`,
    ),
    check('people_goals_period', sql`${t.periodFrom} <= ${t.periodTo}`),
  ],
);

export const kudos = pgTable(
  'kudos',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    fromUserId: uuid('from_user_id').notNull(),
    toUserId: uuid('to_user_id').notNull(),
    message: text('message').notNull(),
    /** A positive feedback item (feedback domain) the kudos is for. */
    feedbackId: uuid('feedback_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('kudos_to_idx').on(t.workspaceId, t.toUserId, t.createdAt),
    index('kudos_created_idx').on(t.workspaceId, t.createdAt),
    check('kudos_not_self', sql`${t.fromUserId} <> ${t.toUserId}`),
  ],
);
