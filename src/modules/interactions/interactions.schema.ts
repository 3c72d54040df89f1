// Owns contacts with customers on every channel, and the per-channel cost rates that turn
// a contact's duration into its cost to serve.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';

export const interactionChannels = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'web',
  'store_visit',
  'meeting',
  'social',
] as const;

export const interactions = pgTable(
  'interactions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    externalId: text('external_id'),
    occurredAt: at('occurred_at').notNull(),
    channel: text('channel').notNull(),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    type: text('type').notNull(),
    durationSeconds: integer('duration_seconds').notNull().default(0),
    employeeId: uuid('employee_id'),
    summary: text('summary'),
    costMinor: money('cost_minor').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('interactions_external_id_key')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('interactions_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt),
    // The CSAT sweep reads the contacts of the last days of a workspace (contactMoments).
    index('interactions_time_idx').on(t.workspaceId, t.occurredAt),
    check('interactions_direction_known', sql`${t.direction} in ('inbound', 'outbound')`),
  ],
);

/** Cost to serve per channel: a fixed cost per contact plus a cost per minute. */
export const channelCostRates = pgTable(
  'channel_cost_rates',
  {
    workspaceId: workspaceId(),
    channel: text('channel').notNull(),
    perContactMinor: money('per_contact_minor').notNull().default(0),
    perMinuteMinor: money('per_minute_minor').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel] })],
);
