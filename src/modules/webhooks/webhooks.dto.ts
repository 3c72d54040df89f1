// Owns the wire shapes of webhook endpoints and their deliveries.
import { z } from '@hono/zod-openapi';
import { isKnownEventFilter } from '../events/index.ts';
import { deliveryStatuses, type webhookDeliveries, type webhookEndpoints } from './webhooks.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

const EventFilter = z.string().max(100).refine(isKnownEventFilter, refineProblem('event_type'));

const Url = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => URL.canParse(v), 'must be an absolute URL, e.g. https://hooks.example.com/tenure')
  .openapi({ example: 'https://hooks.example.com/tenure' });

const Category = z.string().trim().min(1).max(60);

const endpointFields = {
  url: Url,
  description: z.string().trim().max(500),
  eventTypes: z.array(EventFilter).min(1, 'name at least one event type, prefix or "*"').max(50),
  categories: z
    .array(Category)
    .max(50)
    .openapi({ description: 'Only events whose payload `category` is one of these (empty: all)' }),
  active: z.boolean(),
  secret: z
    .string()
    .min(24, 'must be at least 24 characters')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .openapi({ description: 'Your own signing secret; omit to have one generated' }),
};

export const CreateWebhookBody = z
  .strictObject({
    url: endpointFields.url,
    eventTypes: endpointFields.eventTypes,
    description: endpointFields.description.optional(),
    categories: endpointFields.categories.optional(),
    active: endpointFields.active.optional(),
    secret: endpointFields.secret.optional(),
  })
  .openapi('CreateWebhook', {
    example: { url: 'https://hooks.example.com/tenure', eventTypes: ['complaint.'], categories: ['billing'] },
  });
export type CreateWebhookInput = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .strictObject({
    url: endpointFields.url.optional(),
    eventTypes: endpointFields.eventTypes.optional(),
    description: endpointFields.description.nullable().optional(),
    categories: endpointFields.categories.optional(),
    active: endpointFields.active.optional(),
  })
  .openapi('UpdateWebhook', { example: { active: false } });
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookBody>;

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    categories: z.array(z.string()),
    active: z.boolean(),
    secretHint: z.string().openapi({ description: 'The last characters of the secret, to tell secrets apart' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');
export type WebhookDto = z.infer<typeof WebhookSchema>;

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: 'Shown only now: store it to verify signatures' }),
}).openapi('WebhookWithSecret');

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When the next attempt is due (pending only)' }),
    responseCode: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
    attemptLog: z.array(
      z.object({
        at: z.string(),
        responseCode: z.number().int().nullable(),
        durationMs: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');
export type DeliveryDto = z.infer<typeof DeliverySchema>;

export const ListDeliveriesQuery = z.strictObject({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .uuid()
    .optional()
    .openapi({ description: 'Newest first: pass the returned `next` to get older deliveries' }),
});

export const secretHint = (secret: string) => `…${secret.slice(-4)}`;

export function toWebhookDto(r: typeof webhookEndpoints.$inferSelect): WebhookDto {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.eventTypes,
    categories: r.categories,
    active: r.active,
    secretHint: r.secretHint,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(r: typeof webhookDeliveries.$inferSelect): DeliveryDto {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    responseCode: r.lastResponseCode,
    durationMs: r.lastDurationMs,
    error: r.lastError,
    attemptLog: r.attemptLog,
    deliveredAt: r.deliveredAt ? r.deliveredAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}
