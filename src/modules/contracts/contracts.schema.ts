// Owns contracts and subscriptions, for contractual businesses (insurance, telecom, SaaS).
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';

export const contractStatuses = ['pending', 'active', 'cancelled', 'expired'] as const;

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
  ],
);
