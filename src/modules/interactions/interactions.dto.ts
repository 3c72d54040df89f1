// Owns the wire shapes of interactions and channel cost rates.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { interactionChannels } from './interactions.schema.ts';

const Minor = z.number().int('must be a whole number of minor units').min(0).max(1e12);

export const InteractionSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    externalId: z.string().nullable(),
    occurredAt: z.string(),
    channel: z.enum(interactionChannels),
    direction: z.enum(['inbound', 'outbound']),
    type: z.string(),
    durationSeconds: z.number(),
    employeeId: z.uuid().nullable(),
    summary: z.string().nullable(),
    costMinor: z.number(),
    createdAt: z.string(),
  })
  .openapi('Interaction');
export type InteractionDto = z.infer<typeof InteractionSchema>;

export const CreateInteractionBody = z
  .strictObject({
    customerId: z.uuid(),
    externalId: z.string().trim().min(1).max(200).optional(),
    occurredAt: Timestamp,
    channel: z.enum(interactionChannels),
    direction: z.enum(['inbound', 'outbound']),
    type: z.string().trim().min(1).max(60).openapi({ example: 'support' }),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    employeeId: z.uuid().optional(),
    summary: z.string().max(10_000).optional(),
  })
  .openapi('CreateInteraction');
export type CreateInteractionInput = z.infer<typeof CreateInteractionBody>;

export const UpdateInteractionBody = z
  .strictObject({
    type: z.string().trim().min(1).max(60).optional(),
    summary: z.string().max(10_000).nullable().optional(),
  })
  .openapi('UpdateInteraction', { example: { summary: 'Called back; issue solved' } });

export const ListInteractionsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  channel: z.enum(interactionChannels).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});

export const CostRateSchema = z
  .object({ channel: z.enum(interactionChannels), perContactMinor: z.number(), perMinuteMinor: z.number() })
  .openapi('CostRate');
export const SetCostRatesBody = z
  .strictObject({
    rates: z
      .array(z.strictObject({ channel: z.enum(interactionChannels), perContactMinor: Minor, perMinuteMinor: Minor }))
      .min(1)
      .max(interactionChannels.length),
  })
  .openapi('SetCostRates');
