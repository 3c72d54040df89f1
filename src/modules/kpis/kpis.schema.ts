// The cohort matrix's roll-up (docs/kpis.md, "Cohorts: the roll-up"): derived data, rebuilt from
// commerce's transactions and analytics' tiers at any time. Per customer with a purchase: the
// acquisition month, the current tier and their months (net revenue, purchased or not); per tier,
// acquisition month and calendar month: the customers purchasing and the net revenue — the sum of
// the customers' rows, kept by adding each changed customer's new row and taking off its old one.
// Which customers changed comes from `kpi_cohort_changes`, a queue that triggers on transactions,
// on tier changes and on contracts and their value changes fill (hand-written in the migrations),
// so every path that writes one (API, import, demo data, merge, a hand-typed INSERT) is seen. The
// same refresh keeps the KPI home's other roll-ups (docs/kpis.md): purchase activity, from the
// customer rows, and month-end MRR runs, from the contracts.
import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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
    /** Purchases (not returns) in each of `months`. */
    purchases: integer('purchases').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('kpi_cohort_customers_cohort_idx').on(t.workspaceId, t.cohort, t.customerId),
  ],
);

/**
 * Purchase activity (docs/kpis.md, "Purchase activity: the roll-up"): per tier, the purchases of
 * the month `month` whose customer's previous purchase was in `prev_month` and the one before that
 * in `prev2_month` (-1: none). Customers active in [a, b) are the purchases with a ≤ month < b and
 * prev_month < a (each customer's first one in the window); customers with two purchases or more
 * are those with month < b, prev_month ≥ a and prev2_month < a (each one's second).
 */
export const kpiActivityCells = pgTable(
  'kpi_activity_cells',
  {
    workspaceId: workspaceId(),
    tier: text('tier').notNull(),
    month: integer('month').notNull(),
    prevMonth: integer('prev_month').notNull(),
    prev2Month: integer('prev2_month').notNull(),
    purchases: integer('purchases').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tier, t.month, t.prevMonth, t.prev2Month] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/**
 * Month-end MRR (docs/kpis.md, "Revenue movements: the roll-up"): per customer, the runs of months
 * [from_month, to_month) with the same MRR > 0 (to_month null: for good, as far as contracts tell);
 * `prev_minor` the MRR of the month before from_month (0: none), `seen_before` whether the customer
 * had MRR in an earlier month, `churns` whether the MRR drops to 0 at to_month; `tier` the
 * customer's tier when the runs were computed (the cells below were added under it).
 */
export const kpiMrrSegments = pgTable(
  'kpi_mrr_segments',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    fromMonth: integer('from_month').notNull(),
    toMonth: integer('to_month'),
    mrrMinor: money('mrr_minor').notNull(),
    prevMinor: money('prev_minor').notNull(),
    seenBefore: boolean('seen_before').notNull(),
    churns: boolean('churns').notNull(),
    tier: text('tier').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.fromMonth] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    index('kpi_mrr_segments_from_idx').on(t.workspaceId, t.fromMonth),
    index('kpi_mrr_segments_to_idx').on(t.workspaceId, t.toMonth),
  ],
);

/**
 * Revenue movements between any two month ends (docs/kpis.md, "Revenue movements: the cells"): a
 * two-dimensional difference table over (start month, end month), per tier. The movements between
 * the ends of months s < e are the sums of the rows with start_month ≤ s and end_month ≤ e. Each
 * customer adds, for every pair of their MRR runs or gaps, the movement they make between a month
 * end in the one and a month end in the other, at the rectangle's four corners (month 0 stands
 * for "ever since", and a run for good has no far corner).
 */
export const kpiMrrCells = pgTable(
  'kpi_mrr_cells',
  {
    workspaceId: workspaceId(),
    tier: text('tier').notNull(),
    startMonth: integer('start_month').notNull(),
    endMonth: integer('end_month').notNull(),
    startMinor: money('start_minor').notNull(),
    endMinor: money('end_minor').notNull(),
    newMinor: money('new_minor').notNull(),
    expansionMinor: money('expansion_minor').notNull(),
    contractionMinor: money('contraction_minor').notNull(),
    churnedMinor: money('churned_minor').notNull(),
    reactivationMinor: money('reactivation_minor').notNull(),
    customersAtStart: integer('customers_at_start').notNull(),
    customersLost: integer('customers_lost').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.tier, t.startMonth, t.endMonth] }),
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

/** Customers whose transactions, contracts or tier changed since the roll-up last took them in (duplicates allowed). */
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
