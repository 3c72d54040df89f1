// Owns webhook endpoints (where a workspace wants its events sent, and which ones) and the
// delivery log (one row per event and endpoint, with its attempts).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    /** HMAC key for the signature; shown once at creation or rotation, kept sealed (src/lib/sealed.ts) to sign. */
    secret: text('secret').notNull(),
    /** The secret's last characters, to tell secrets apart without opening them. */
    secretHint: text('secret_hint').notNull().default(''),
    /** Exact types, prefixes ending in `.`, or `*`. */
    eventTypes: text('event_types').array().notNull(),
    /** When not empty, only events whose payload `category` is one of these (events without a category pass). */
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'`),
    active: boolean('active').notNull().default(true),
    /**
     * The database snapshot when the endpoint was created (or switched back on): events of
     * transactions already committed in it predate the endpoint and are not sent to it.
     */
    fromSnapshot: text('from_snapshot')
      .notNull()
      .default(sql`(pg_current_snapshot())::text`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhook_endpoints_active_idx')
      .on(t.workspaceId)
      .where(sql`${t.active}`),
  ],
);

export const deliveryStatuses = ['pending', 'delivering', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export type DeliveryAttempt = { at: string; responseCode: number | null; durationMs: number; error: string | null };

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    /** Attempts started; incremented when a worker claims the delivery. */
    attempts: integer('attempts').notNull().default(0),
    /** When `pending`: when it is due. When `delivering`: when the claim expires, so a crashed worker's delivery is taken up again. */
    nextAttemptAt: at('next_attempt_at').notNull(),
    lastResponseCode: integer('last_response_code'),
    lastDurationMs: integer('last_duration_ms'),
    lastError: text('last_error'),
    attemptLog: jsonb('attempt_log').$type<DeliveryAttempt[]>().notNull().default([]),
    deliveredAt: at('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.endpointId],
      foreignColumns: [webhookEndpoints.workspaceId, webhookEndpoints.id],
    }).onDelete('cascade'),
    uniqueIndex('webhook_deliveries_event_key').on(t.workspaceId, t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.workspaceId, t.endpointId, t.id),
    // The delivery job's queue: only open deliveries, oldest due first.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'delivering')`),
    check('webhook_deliveries_status_known', sql`${t.status} in ('pending', 'delivering', 'succeeded', 'failed')`),
  ],
);
