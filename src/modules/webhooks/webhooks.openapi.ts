// Owns the webhooks' entry in the OpenAPI document: one operation per event type under
// `webhooks`, with the body every receiver gets (`webhookBody`) and the headers it can check.
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { eventCatalogue } from '../events/index.ts';

const headers = z.object({
  'tenure-signature': z.string().openapi({
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>',
    example: 't=1795000000,v1=5f2b…',
  }),
  'tenure-event-id': z.uuid().openapi({ description: 'The event id, the same on every retry: ignore duplicates' }),
  'tenure-event-type': z.string(),
  'tenure-delivery-id': z.uuid(),
  'tenure-delivery-attempt': z.string().openapi({ description: '1, 2, … (retries back off exponentially)' }),
});

const envelope = (type: string) =>
  z.object({
    id: z.uuid(),
    type: z.literal(type),
    occurredAt: z.iso.datetime({ offset: true }),
    workspaceId: z.uuid(),
    customerId: z.uuid().nullable(),
    summary: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'The event’s payload, as `GET /api/v1/events` shows it' }),
  });

/** Adds every catalogued event type to the document's `webhooks` (see docs/webhooks.md). */
export function registerWebhookEvents(registry: OpenAPIHono['openAPIRegistry']) {
  for (const event of eventCatalogue)
    registry.registerWebhook({
      method: 'post',
      path: event.type,
      operationId: `webhook_${event.type.replace('.', '_')}`,
      tags: ['Webhooks'],
      summary: event.description,
      description: `Sent to every endpoint subscribed to \`${event.type}\` (exactly, by prefix or \`*\`). Answer 2xx within the timeout; a network error, a timeout, a 5xx, 408 or 429 is retried.`,
      request: { headers, body: { content: { 'application/json': { schema: envelope(event.type) } } } },
      responses: { 200: { description: 'Acknowledged (any 2xx)' } },
    });
}
