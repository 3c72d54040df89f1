// Owns contracts and subscriptions, for contractual businesses (insurance, telecom, SaaS).
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';

export const contractStatuses = ['pending', 'active', 'cancelled', 'expired'] as const;
/** How the customer pays; the churn model uses it (automatic payments churn less). */
export const paymentMethods = [
  'card',
  'direct_debit',
  'bank_transfer',
  'invoice',
  'pix',
  'boleto',
  'cash',
  'other',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const contracts = pgTable(
  'contracts',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    externalId: text('external_id'),
    plan: text('plan').notNull(),
    status: text('status').$type<(typeof contractStatuses)[number]>().notNull().default('active'),
    startedAt: at('started_at').notNull(),
    endsAt: at('ends_at'),
    renewsAt: at('renews_at'),
    monthlyValueMinor: money('monthly_value_minor').notNull(),
    currency: text('currency').notNull(),
    /** The committed term in months (1 = month to month); null when unknown. */
    termMonths: integer('term_months'),
    paymentMethod: text('payment_method').$type<PaymentMethod>(),
    cancelledAt: at('cancelled_at'),
    cancellationReason: text('cancellation_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('contracts_external_id_key')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('contracts_customer_idx').on(t.workspaceId, t.customerId, t.startedAt),
    check('contracts_status_known', sql`${t.status} in ('pending', 'active', 'cancelled', 'expired')`),
    check('contracts_term_range', sql`${t.termMonths} is null or ${t.termMonths} between 1 and 120`),
    check(
      'contracts_payment_method_known',
      sql`${t.paymentMethod} is null or ${t.paymentMethod} in ('card', 'direct_debit', 'bank_transfer', 'invoice', 'pix', 'boleto', 'cash', 'other')`,
    ),
  ],
);

/**
 * Dated changes of a contract's monthly value (upgrades, downgrades, repricing): from `effective_at`
 * on, the contract is worth `monthly_value_minor` a month, until the next change. Before the first
 * change it is worth the contract's own `monthly_value_minor` (its starting value). Revenue
 * movements (the kpis domain) read the value in force at each month end.
 */
export const contractValueChanges = pgTable(
  'contract_value_changes',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    contractId: uuid('contract_id').notNull(),
    effectiveAt: at('effective_at').notNull(),
    monthlyValueMinor: money('monthly_value_minor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.contractId],
      foreignColumns: [contracts.workspaceId, contracts.id],
    }).onDelete('cascade'),
    uniqueIndex('contract_value_changes_contract_at_key').on(t.workspaceId, t.contractId, t.effectiveAt),
    check('contract_value_changes_value_range', sql`${t.monthlyValueMinor} >= 0`),
  ],
);
