// Owns the notifications outbox: messages to customers (and a few to staff, e.g. task reminders),
// written in the transaction of the change they announce and sent afterwards by a job, with what
// happened to each.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt, workspaceId } from '../../db/columns.ts';

/** Channels a message can go out on (a subset of the consent channels). */
export const messageChannels = ['email', 'sms', 'whatsapp'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const messagePurposes = ['service', 'marketing'] as const;
export type MessagePurpose = (typeof messagePurposes)[number];

export const notificationStatuses = ['pending', 'sending', 'sent', 'failed', 'skipped', 'skipped_no_consent'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export const notifications = pgTable(
  'notifications',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    /** The customer the message goes to; null for a message to a member of staff (`userId`). */
    customerId: uuid('customer_id'),
    /** The member of staff the message goes to (a task reminder); null for messages to customers. */
    userId: uuid('user_id'),
    /** Null when no channel could be chosen (no consent). */
    channel: text('channel').$type<MessageChannel>(),
    purpose: text('purpose').$type<MessagePurpose>().notNull(),
    templateKey: text('template_key').notNull(),
    locale: text('locale').notNull(),
    /** Template variables. */
    payload: jsonb('payload').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<NotificationStatus>().notNull(),
    /** Why it was skipped or failed, or the last transient error. */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** When `pending`: when it is due. When `sending`: when the claim expires. */
    nextAttemptAt: at('next_attempt_at').notNull(),
    /** The address it went to (email or phone), filled when sent. */
    recipient: text('recipient'),
    providerMessageId: text('provider_message_id'),
    /** Makes enqueueing idempotent, e.g. `event:<event id>`. */
    dedupeKey: text('dedupe_key'),
    sourceEventId: uuid('source_event_id'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('notifications_dedupe_key')
      .on(t.workspaceId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    index('notifications_customer_idx').on(t.workspaceId, t.customerId, t.id),
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    check(
      'notifications_status_known',
      sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'skipped', 'skipped_no_consent')`,
    ),
    check('notifications_channel_known', sql`${t.channel} is null or ${t.channel} in ('email', 'sms', 'whatsapp')`),
    check('notifications_recipient', sql`(${t.customerId} is null) <> (${t.userId} is null)`),
    check('notifications_purpose_known', sql`${t.purpose} in ('service', 'marketing')`),
  ],
);
