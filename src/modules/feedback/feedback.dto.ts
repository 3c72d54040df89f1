// Owns the wire shapes of the feedback register.
import { z } from '@hono/zod-openapi';
import { CalendarDate, Timestamp } from '../../http/openapi.ts';
import { feedbackKinds, sentiments } from './feedback.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

const Text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const FeedbackSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(feedbackKinds),
    customerId: z.uuid().nullable(),
    employeeId: z.uuid().nullable(),
    employeeName: z.string().nullable(),
    sentiment: z.enum(sentiments).nullable(),
    intentToLeave: z.boolean(),
    segment: z.string().nullable(),
    body: z.string(),
    occurredAt: z.string(),
    recordedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Feedback');
export type FeedbackDto = z.infer<typeof FeedbackSchema>;

export const RecordFeedbackBody = z
  .strictObject({
    kind: z.enum(feedbackKinds),
    customerId: z.uuid().optional().openapi({ description: 'Required for compliments and agent notes' }),
    employeeId: z.uuid().optional().openapi({ description: 'The member a compliment names' }),
    sentiment: z.enum(sentiments).optional(),
    intentToLeave: z.boolean().optional().openapi({ description: 'The customer signalled they may leave' }),
    segment: Text(200).optional().openapi({ description: 'Required for focus-group and interview reports' }),
    body: Text(10_000),
    occurredAt: Timestamp.optional().openapi({ description: 'Default: now' }),
  })
  .superRefine((b, ctx) => {
    const needsCustomer = b.kind === 'compliment' || b.kind === 'agent_note';
    if (needsCustomer && !b.customerId)
      ctx.addIssue({ code: 'custom', path: ['customerId'], ...refineProblem('customer_for_kind', { kind: b.kind }) });
    if (!needsCustomer && !b.segment)
      ctx.addIssue({ code: 'custom', path: ['segment'], ...refineProblem('segment_for_kind', { kind: b.kind }) });
    if (b.employeeId && b.kind !== 'compliment')
      ctx.addIssue({ code: 'custom', path: ['employeeId'], ...refineProblem('employee_for_compliment') });
  })
  .openapi('RecordFeedback', {
    example: {
      kind: 'compliment',
      customerId: '0190a0a0-0000-7000-8000-000000000001',
      body: 'Marta solved it in minutes',
    },
  });
export type RecordFeedbackInput = z.infer<typeof RecordFeedbackBody>;

export const ListFeedbackQuery = z.strictObject({
  kind: z.enum(feedbackKinds).optional(),
  customerId: z.uuid().optional(),
  employeeId: z.uuid().optional(),
  segment: z.string().trim().min(1).max(200).optional(),
  intentToLeave: z.enum(['true', 'false']).optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListFeedbackInput = z.infer<typeof ListFeedbackQuery>;

export const FeedbackPageSchema = z
  .object({ items: z.array(FeedbackSchema), nextCursor: z.string().nullable() })
  .openapi('FeedbackPage');

export const FeedbackSummaryQuery = z.strictObject({ from: CalendarDate, to: CalendarDate });
export const FeedbackSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    compliments: z.number().int(),
    complimentedCustomers: z.number().int(),
    activeCustomers: z.number().int(),
    complimentsPer1000Customers: z.number().nullable(),
    agentNotes: z.number().int(),
    intentToLeave: z.number().int(),
    bySentiment: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
    byEmployee: z.array(z.object({ employeeId: z.uuid(), name: z.string().nullable(), compliments: z.number().int() })),
  })
  .openapi('FeedbackSummary');
