// The privacy domain's wire shapes: data-subject requests, the law setting, export and erasure.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { privacyLaws } from './privacy.schema.ts';
import { requestKinds, requestStatuses } from './privacy.status.ts';

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex (64 characters)');

export const ProofSchema = z
  .object({
    actions: z.string(),
    completedAt: z.string(),
    completedBy: z.string(),
    exportSha256: z.string().nullable(),
  })
  .openapi('PrivacyProof');

export const PrivacyRequestSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    kind: z.enum(requestKinds),
    status: z.enum(requestStatuses),
    law: z.enum(privacyLaws),
    receivedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean().openapi({ description: 'Still open after its deadline' }),
    note: z.string().nullable(),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    exportSha256: z.string().nullable(),
    exportedAt: z.string().nullable(),
    proof: ProofSchema.nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('PrivacyRequest');
export type PrivacyRequestDto = z.infer<typeof PrivacyRequestSchema>;

export const CreatePrivacyRequestBody = z
  .strictObject({
    customerId: z.uuid({ error: 'must be a UUID' }),
    kind: z.enum(requestKinds),
    receivedAt: Timestamp.optional().openapi({
      description: 'When the request arrived (default: now); starts the clock',
    }),
    note: Text(2000)
      .optional()
      .openapi({ description: 'How it arrived and what it asks; do not copy personal data here' }),
  })
  .openapi('CreatePrivacyRequest', {
    example: { customerId: '0190a0a0-0000-7000-8000-000000000001', kind: 'access', note: 'By e-mail to the DPO' },
  });
export type CreatePrivacyRequestInput = z.infer<typeof CreatePrivacyRequestBody>;

export const ListPrivacyRequestsQuery = z.strictObject({
  status: z.enum(requestStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListPrivacyRequestsInput = z.infer<typeof ListPrivacyRequestsQuery>;

export const PrivacyRequestPageSchema = z
  .object({ items: z.array(PrivacyRequestSchema), nextCursor: z.string().nullable() })
  .openapi('PrivacyRequestPage');

export const PrivacyTransitionBody = z
  .strictObject({
    to: z.enum(['in_progress', 'completed', 'rejected']),
    actions: Text(5000).optional().openapi({ description: 'Required for completed: what was done' }),
    reason: Text(2000).optional().openapi({ description: 'Required for rejected: why, as the person will read it' }),
    exportSha256: Sha256.optional().openapi({
      description: 'The hash of the export handed over; defaults to the last export made for this request',
    }),
  })
  .openapi('PrivacyTransition', { example: { to: 'in_progress' } });
export type PrivacyTransitionInput = z.infer<typeof PrivacyTransitionBody>;

export const PrivacySettingsSchema = z
  .object({
    law: z.enum(privacyLaws),
    chosen: z.boolean().openapi({ description: 'False when the law follows the workspace locale' }),
    deadlineDescription: z.string(),
  })
  .openapi('PrivacySettings');

export const UpdatePrivacySettingsBody = z.strictObject({ law: z.enum(privacyLaws) }).openapi('UpdatePrivacySettings');

export const ExportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  requestId: z.uuid().optional().openapi({ description: 'Record this export’s SHA-256 on a data-subject request' }),
});

export const EraseBody = z
  .strictObject({
    confirm: z.literal('ERASE', { error: 'must be the word ERASE: erasure cannot be undone' }),
    requestId: z.uuid().optional().openapi({ description: 'The erasure request this answers; it is completed' }),
  })
  .openapi('EraseCustomer', { example: { confirm: 'ERASE' } });
export type EraseInput = z.infer<typeof EraseBody>;

export const ErasureSchema = z
  .object({
    customerId: z.uuid(),
    erasedAt: z.string(),
    erasers: z.array(z.string()).openapi({ description: 'The domains that erased their part' }),
  })
  .openapi('Erasure');
export type ErasureDto = z.infer<typeof ErasureSchema>;
