// Owns saved views: a named filter set for one list screen (today: customers), kept per
// person (or API token) and workspace.
import { sql } from 'drizzle-orm';
import { foreignKey, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const savedViews = pgTable(
  'saved_views',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    /** Who the view belongs to: `user:<id>` for a person, `token:<id>` for an API token. */
    owner: text('owner').notNull(),
    /** Which list screen it filters, e.g. `customers`. */
    list: text('list').notNull(),
    name: text('name').notNull(),
    /** The list's query parameters (strings), validated against that list's filter schema. */
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    // Also serves listing one owner's views of a list (its leading columns).
    uniqueIndex('saved_views_name_key').on(t.workspaceId, t.owner, t.list, sql`lower(${t.name})`),
  ],
);
