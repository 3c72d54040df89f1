// Shapes of domain events at the edge.
import { z } from '@hono/zod-openapi';
import type { domainEvents } from './events.schema.ts';

export const eventTypePattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/;

export const NewEventSchema = z.object({
  type: z.string().regex(eventTypePattern, 'use <domain>.<fact>, lower case'),
  customerId: z.uuid().nullable().optional(),
  summary: z.string().min(1).max(500),
  payload: z.record(z.string(), z.unknown()).optional(),
  /** For in-process consumers only; see `domainEvents.secrets`. */
  secrets: z.record(z.string(), z.string()).optional(),
  occurredAt: z.date().optional(),
});
export type NewEvent = z.input<typeof NewEventSchema>;

export const EventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    customerId: z.uuid().nullable(),
    summary: z.string(),
    payload: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
  })
  .openapi('DomainEvent');
export type EventDto = z.infer<typeof EventSchema>;

export const ListEventsQuery = z.object({
  type: z
    .string()
    .max(100)
    .regex(/^[a-z0-9_.]+$/, 'lower-case letters, digits, "_" and "."')
    .optional()
    .openapi({ description: 'Exact type, or a prefix ending in `.` (e.g. `customer.`)' }),
  customerId: z.uuid().optional(),
  after: z
    .uuid()
    .optional()
    .openapi({ description: 'Only events recorded after this event id (follow the log oldest first)' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const toEventDto = (row: typeof domainEvents.$inferSelect): EventDto => ({
  id: row.id,
  type: row.type,
  customerId: row.customerId,
  summary: row.summary,
  payload: row.payload,
  occurredAt: row.occurredAt.toISOString(),
});
