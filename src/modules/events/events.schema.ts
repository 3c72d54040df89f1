// Owns domain events: an append-only record of business facts that other domains react to
// (a tier changed, points were earned, a complaint breached its deadline). Written in the same
// transaction as the change they describe, so an event exists exactly when its fact does.
import { sql } from 'drizzle-orm';
import { customType, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';

/** A 64-bit transaction id (never wraps); read as a decimal string. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const domainEvents = pgTable(
  'domain_events',
  {
    workspaceId: workspaceId(),
    /** UUIDv7: ordered by creation, so readers can follow the log with an "after id" cursor. */
    id: uuid('id').notNull(),
    /** `<domain>.<fact>`, e.g. `customer.tier_changed`. */
    type: text('type').notNull(),
    customerId: uuid('customer_id'),
    /** One plain-language line for people (the timeline, notifications). */
    summary: text('summary').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * Values only in-process consumers may read, such as the token of a customer's complaint
     * status page (it lets whoever holds it read the complaint and rate it). Never served by
     * /events, the timeline or webhooks, which carry `payload` alone.
     */
    secrets: jsonb('secrets').$type<Record<string, string>>(),
    occurredAt: at('occurred_at').notNull(),
    createdAt: createdAt(),
    /**
     * The writing transaction. Ids are made before commit, so a reader following ids alone
     * could pass an event whose transaction commits later; followers read in (tx_id, id)
     * order and only below the oldest running transaction (see events.follower.ts).
     */
    txId: xid8('tx_id')
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('domain_events_follow_idx').on(t.workspaceId, t.txId, t.id),
    index('domain_events_customer_idx')
      .on(t.workspaceId, t.customerId, t.occurredAt)
      .where(sql`${t.customerId} is not null`),
    index('domain_events_type_idx').on(t.workspaceId, t.type, t.id),
  ],
);

/** How far each consumer (webhooks, notifications, …) has followed each workspace's log. */
export const eventCursors = pgTable(
  'event_cursors',
  {
    workspaceId: workspaceId(),
    consumer: text('consumer').notNull(),
    /** Position: the last event handled, as (transaction, id). */
    txId: xid8('tx_id').notNull(),
    eventId: uuid('event_id').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.consumer] })],
);
