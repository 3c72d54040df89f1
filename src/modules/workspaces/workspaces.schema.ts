// Owns the workspace (tenant) table. The workspace id is the shard key of every domain table.
import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    currency: text('currency').notNull(),
    locale: text('locale').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workspaces_slug_key').on(t.slug),
    check('workspaces_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('workspaces_locale_known', sql`${t.locale} in ('en', 'pt-BR', 'es')`),
  ],
);
