// Owns people: a user is a global identity (email + password); a membership gives that user
// one role in one workspace. Memberships are keyed by workspace for sharding.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const roles = ['owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst'] as const;
export type Role = (typeof roles)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** The language mail to this person is written in (the KPI digest); null: the workspace's. */
    locale: text('locale'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_locale_known', sql`${t.locale} in ('en', 'pt-BR', 'es')`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    /** Whether this member gets the weekly KPI digest (managers, admins and owners; they may opt out). */
    kpiDigest: boolean('kpi_digest').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    check(
      'memberships_role_known',
      sql`${t.role} in ('owner', 'admin', 'manager', 'account_manager', 'agent', 'analyst')`,
    ),
  ],
);
