// Owns account books: how many customers each account manager can carry (capacity) and the
// history of who a customer's account manager was (from, to, at, by, reason). The current
// manager itself is the customers domain's `account_manager_id`; books change it only through
// the customers domain's index.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const bookCapacities = pgTable(
  'book_capacities',
  {
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    /** Customers this person can carry; reassignment spreads a book in proportion to free capacity. */
    capacity: integer('capacity').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('book_capacities_capacity_range', sql`${t.capacity} between 0 and 100000`),
  ],
);

export const bookAssignments = pgTable(
  'book_assignments',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    fromUserId: uuid('from_user_id'),
    toUserId: uuid('to_user_id'),
    at: at('at').notNull(),
    /** `user:<id>` or `token:<id>`. */
    by: text('by').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('book_assignments_customer_idx').on(t.workspaceId, t.customerId, t.at),
    index('book_assignments_to_idx').on(t.workspaceId, t.toUserId, t.at),
  ],
);
