// The cohort matrix's roll-up (docs/kpis.md, "Cohorts: the roll-up"): derived data, rebuilt from
// commerce's transactions and analytics' tiers at any time. Per customer with a purchase: the
// acquisition month, the current tier and their months (net revenue, purchased or not); per tier,
// acquisition month and calendar month: the customers purchasing and the net revenue — the sum of
// the customers' rows, kept by adding each changed customer's new row and taking off its old one.
// Which customers changed comes from `kpi_cohort_changes`, a queue that triggers on transactions
// and on tier changes fill (hand-written in the migration), so every path that writes a
// transaction (API, import, demo data, merge, a hand-typed INSERT) is seen.
import { bigint, boolean, foreignKey, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, money, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

/** Month numbers are year × 12 + month − 1 (UTC). `tier` is 'none' for a customer never scored. */
export const kpiCohortCustomers = pgTable(
  'kpi_cohort_customers',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    cohort: integer('cohort').notNull(),
    tier: text('tier').notNull(),
    /** The months with a transaction, ascending; `revenues` and `bought` are in step with them. */
    months: integer('months').array().notNull(),
    revenues: bigint('revenues', { mode: 'number' }).array().notNull(),
    bought: boolean('bought').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const kpiCohortCells = pgTable(
  'kpi_cohort_cells',
  {
    workspaceId: workspaceId(),
    tier: text('tier').notNull(),
    cohort: integer('cohort').notNull(),
    month: integer('month').notNull(),
    customers: integer('customers').notNull(),
    revenueMinor: money('revenue_minor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tier, t.cohort, t.month] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Customers whose transactions or tier changed since the roll-up last took them in (duplicates allowed). */
export const kpiCohortChanges = pgTable(
  'kpi_cohort_changes',
  {
    workspaceId: workspaceId(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    customerId: uuid('customer_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** One row per workspace whose roll-up was built; without it the next read builds it in full. */
export const kpiCohortState = pgTable(
  'kpi_cohort_state',
  {
    workspaceId: workspaceId(),
    builtAt: at('built_at').notNull(),
    refreshedAt: at('refreshed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);
