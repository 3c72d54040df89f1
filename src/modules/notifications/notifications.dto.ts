// Owns the wire shapes of outbox messages.
import { z } from '@hono/zod-openapi';
import { messageChannels, messagePurposes, type notifications, notificationStatuses } from './notifications.schema.ts';

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid().nullable(),
    userId: z.uuid().nullable().openapi({ description: 'The member of staff a staff message (task reminder) goes to' }),
    channel: z.enum(messageChannels).nullable(),
    purpose: z.enum(messagePurposes),
    templateKey: z.string(),
    locale: z.string(),
    status: z.enum(notificationStatuses),
    error: z.string().nullable().openapi({ description: 'Why it was skipped or failed, or the last transient error' }),
    attempts: z.number().int(),
    recipient: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    sourceEventId: z.uuid().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification');
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const ListNotificationsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  status: z.enum(notificationStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.uuid().optional().openapi({ description: 'Newest first: pass the returned `next` to get older messages' }),
});

export function toNotificationDto(r: typeof notifications.$inferSelect): NotificationDto {
  return {
    id: r.id,
    customerId: r.customerId,
    userId: r.userId,
    channel: r.channel,
    purpose: r.purpose,
    templateKey: r.templateKey,
    locale: r.locale,
    status: r.status,
    error: r.error,
    attempts: r.attempts,
    recipient: r.recipient,
    providerMessageId: r.providerMessageId,
    sourceEventId: r.sourceEventId,
    sentAt: r.sentAt ? r.sentAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}
