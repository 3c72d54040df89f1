// Owns the wire shapes of account books: capacity, assignments and their history, reassignment,
// and the book KPIs.
import { z } from '@hono/zod-openapi';
import { CalendarDate } from '../../http/openapi.ts';
import { refineProblem } from '../../lib/problems.ts';

export const SetCapacityBody = z
  .strictObject({ capacity: z.number().int().min(0).max(100_000) })
  .openapi('SetBookCapacity', { example: { capacity: 120 } });

export const AssignBody = z
  .strictObject({
    customerIds: z.array(z.uuid()).min(1).max(1000),
    /** null: the customers get no account manager. */
    userId: z.uuid().nullable(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .openapi('AssignBook', {
    example: { customerIds: ['0190a0a0-0000-7000-8000-000000000009'], userId: '0190a0a0-0000-7000-8000-000000000001' },
  });
export type AssignInput = z.infer<typeof AssignBody>;

export const ReassignBody = z
  .strictObject({
    /** `spread`: across others in proportion to free capacity; `one`: all to `toUserId`. */
    mode: z.enum(['spread', 'one']),
    toUserId: z.uuid().optional(),
    /** For `spread`: only these people (default: every member with a capacity, but the leaver). */
    among: z.array(z.uuid()).min(1).max(200).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((b) => b.mode !== 'one' || b.toUserId, {
    ...refineProblem('required_for_mode', { mode: 'one', field: 'toUserId' }),
    path: ['toUserId'],
  })
  .openapi('ReassignBook', { example: { mode: 'spread', reason: 'Left the company' } });
export type ReassignInput = z.infer<typeof ReassignBody>;

export const AssignmentSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    fromUserId: z.uuid().nullable(),
    toUserId: z.uuid().nullable(),
    at: z.string(),
    by: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('BookAssignment');
export type AssignmentDto = z.infer<typeof AssignmentSchema>;

export const AssignResultSchema = z
  .object({
    changed: z.number().int(),
    tasksMoved: z.number().int(),
    /** Customers per new account manager. */
    to: z.array(z.object({ userId: z.uuid().nullable(), customers: z.number().int() })),
  })
  .openapi('BookAssignResult');

export const HistoryQuery = z.strictObject({
  customerId: z.uuid().optional(),
  userId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const PeriodQuery = z.strictObject({
  from: CalendarDate.optional().openapi({ description: 'Retention period start (default: 90 days ago)' }),
  to: CalendarDate.optional().openapi({ description: 'Retention period end, exclusive (default: today)' }),
});
export type PeriodInput = z.infer<typeof PeriodQuery>;

const Rate = z.number().nullable();
export const RetentionSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** Book customers active at the period start. */
    base: z.number().int(),
    retained: z.number().int(),
    actual: Rate.openapi({ description: 'Share of the base still customers at the period end (0–1)' }),
    /** Base customers with a P(alive) or churn risk, over whom the expectation is averaged. */
    scored: z.number().int(),
    expected: Rate.openapi({ description: 'Mean P(alive) (else 1 − churn risk) over the scored base' }),
    difference: Rate.openapi({ description: 'actual − expected, over the scored base' }),
    low: Rate,
    high: Rate,
  })
  .openapi('BookRetention');
export type RetentionDto = z.infer<typeof RetentionSchema>;

export const BookKpisSchema = z
  .object({
    userId: z.uuid(),
    name: z.string().nullable(),
    capacity: z.number().int().nullable(),
    customers: z.number().int(),
    predictedValueMinor: z.number().int(),
    atRisk: z.number().int(),
    expectedLossMinor: z.number().int(),
    retention: RetentionSchema,
    nps: z.object({ nps: Rate, n: z.number().int(), low: Rate, high: Rate }),
  })
  .openapi('BookKpis');
export type BookKpisDto = z.infer<typeof BookKpisSchema>;

export const BookCustomerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    clvMinor: z.number().int().nullable(),
    churnRisk: z.number().nullable(),
    valueAtStakeMinor: z.number().int(),
    openTasks: z.number().int(),
  })
  .openapi('BookCustomer');
export type BookCustomerDto = z.infer<typeof BookCustomerSchema>;

export const BookQuery = PeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type BookInput = z.infer<typeof BookQuery>;
