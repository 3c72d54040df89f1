// Owns the wire shapes of contracts and subscriptions.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { contractStatuses, paymentMethods } from './contracts.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

const TermMonths = z.number().int('must be a whole number of months').min(1).max(120);

export const ContractSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    externalId: z.string().nullable(),
    plan: z.string(),
    status: z.enum(contractStatuses),
    startedAt: z.string(),
    endsAt: z.string().nullable(),
    renewsAt: z.string().nullable(),
    monthlyValueMinor: z.number(),
    currency: z.string(),
    termMonths: z.number().nullable(),
    paymentMethod: z.enum(paymentMethods).nullable(),
    cancelledAt: z.string().nullable(),
    cancellationReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contract');
export type ContractDto = z.infer<typeof ContractSchema>;

export const CreateContractBody = z
  .strictObject({
    customerId: z.uuid(),
    externalId: z.string().trim().min(1).max(200).optional(),
    plan: z.string().trim().min(1).max(120),
    status: z.enum(['pending', 'active']).optional(),
    startedAt: Timestamp,
    endsAt: Timestamp.optional(),
    renewsAt: Timestamp.optional(),
    monthlyValueMinor: z.number().int('must be a whole number of minor units').min(0).max(1e12),
    termMonths: TermMonths.optional(),
    paymentMethod: z.enum(paymentMethods).optional(),
  })
  .refine((c) => !c.endsAt || c.endsAt > c.startedAt, {
    ...refineProblem('after', { other: 'startedAt' }),
    path: ['endsAt'],
  })
  .openapi('CreateContract');
export type CreateContractInput = z.infer<typeof CreateContractBody>;

export const UpdateContractBody = z
  .strictObject({
    plan: z.string().trim().min(1).max(120).optional(),
    status: z.enum(['pending', 'active', 'expired']).optional(),
    endsAt: Timestamp.nullable().optional(),
    renewsAt: Timestamp.nullable().optional(),
    monthlyValueMinor: z.number().int().min(0).max(1e12).optional(),
    termMonths: TermMonths.nullable().optional(),
    paymentMethod: z.enum(paymentMethods).nullable().optional(),
  })
  .openapi('UpdateContract', { example: { plan: 'Premium' } });

export const CancelContractBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500), cancelledAt: Timestamp.optional() })
  .openapi('CancelContract', { example: { reason: 'moving abroad' } });

export const ListContractsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  status: z.enum(contractStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});

export const MonthlyValueMinor = z.number().int('must be a whole number of minor units').min(0).max(1e12);

export const ContractValueChangeSchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    effectiveAt: z.string(),
    monthlyValueMinor: z.number(),
    createdAt: z.string(),
  })
  .openapi('ContractValueChange');
export type ContractValueChangeDto = z.infer<typeof ContractValueChangeSchema>;

/** One contract with its dated value changes, oldest first. */
export const ContractDetailSchema = ContractSchema.extend({ changes: z.array(ContractValueChangeSchema) }).openapi(
  'ContractDetail',
);

export const CreateValueChangeBody = z
  .strictObject({ effectiveAt: Timestamp, monthlyValueMinor: MonthlyValueMinor })
  .openapi('CreateContractValueChange', {
    example: { effectiveAt: '2026-06-01T00:00:00Z', monthlyValueMinor: 5990 },
  });
export type CreateValueChangeInput = z.infer<typeof CreateValueChangeBody>;
