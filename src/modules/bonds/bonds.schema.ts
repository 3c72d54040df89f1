// Owns higher-level bonds (the Wheel of Loyalty's social, customisation and structural bonds):
// named relationships between a customer and staff, the customer's stored preferences and how
// often they were acted on, structural ties (integrations, contract terms, automatic payment,
// shared processes), the per-workspace weights of the bond index, and each customer's index as
// the last scoring run computed it (with its components and what the customer would lose by leaving).
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { customers } from '../customers/customers.schema.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export const structuralKinds = ['integration', 'contract_terms', 'automatic_payment', 'shared_process'] as const;
export type StructuralKind = (typeof structuralKinds)[number];

export const preferenceSources = ['customer_stated', 'staff_observed', 'inferred', 'imported'] as const;
export type PreferenceSource = (typeof preferenceSources)[number];

/** A named relationship between a customer and a person on the staff (a user, or a named employee). */
export const bondRelationships = pgTable(
  'bond_relationships',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** The user on the staff, when they have an account; otherwise only the name. */
    userId: uuid('user_id'),
    employeeName: text('employee_name').notNull(),
    /** Free text role in the relationship, e.g. "account manager", "favourite stylist". */
    role: text('role').notNull(),
    since: at('since').notNull(),
    /** When the relationship ended (the employee left, the customer asked for someone else). */
    endedAt: at('ended_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    index('bond_relationships_customer_idx').on(t.workspaceId, t.customerId),
  ],
);

/** A known preference of the customer, and how often the business acted on it. */
export const bondPreferences = pgTable(
  'bond_preferences',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** What the preference is about, e.g. "seat", "contact_time", "size". */
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    source: text('source').$type<PreferenceSource>().notNull(),
    timesActedOn: integer('times_acted_on').notNull().default(0),
    lastActedOn: at('last_acted_on'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    index('bond_preferences_customer_idx').on(t.workspaceId, t.customerId),
    check('bond_preferences_acted_nonnegative', sql`${t.timesActedOn} >= 0`),
    check(
      'bond_preferences_source_known',
      sql`${t.source} in ('customer_stated', 'staff_observed', 'inferred', 'imported')`,
    ),
  ],
);

/** A structural tie: the customer's way of working aligned with the business's. */
export const bondStructural = pgTable(
  'bond_structural',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<StructuralKind>().notNull(),
    description: text('description').notNull(),
    since: at('since').notNull(),
    endedAt: at('ended_at'),
    /** Contract terms: what leaving before `termEndsAt` costs the customer, minor units of the workspace currency. */
    earlyTerminationFeeMinor: money('early_termination_fee_minor'),
    termEndsAt: at('term_ends_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    index('bond_structural_customer_idx').on(t.workspaceId, t.customerId),
    check(
      'bond_structural_kind_known',
      sql`${t.kind} in ('integration', 'contract_terms', 'automatic_payment', 'shared_process')`,
    ),
    check(
      'bond_structural_fee_nonnegative',
      sql`${t.earlyTerminationFeeMinor} is null or ${t.earlyTerminationFeeMinor} >= 0`,
    ),
  ],
);

/** The bond index's weights and scales per workspace (absent: the defaults in bonds.model.ts). */
export const bondSettings = pgTable(
  'bond_settings',
  {
    workspaceId: workspaceId(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

/** Each live customer's bond index as the last scoring run computed it. Derived: dropped on merge. */
export const bondScores = pgTable(
  'bond_scores',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    bondIndex: smallint('bond_index').notNull(),
    social: smallint('social').notNull(),
    customisation: smallint('customisation').notNull(),
    structural: smallint('structural').notNull(),
    financial: smallint('financial').notNull(),
    continuity: doublePrecision('continuity'),
    /** What leaving would cost the customer: points value, pending vouchers, early-termination fees (minor units). */
    switchingCostMinor: money('switching_cost_minor').notNull(),
    pointsBalance: bigint('points_balance', { mode: 'number' }).notNull(),
    pendingVouchers: integer('pending_vouchers').notNull(),
    // No explanation stored: a customer's bonds page computes it live; a jsonb column here tripled the run's write time (bench/bonds.ts).
    computedAt: at('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('bond_scores_index_idx').on(t.workspaceId, t.bondIndex),
    check('bond_scores_index_range', sql`${t.bondIndex} between 0 and 100`),
  ],
);
