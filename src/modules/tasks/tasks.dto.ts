// Owns the wire shapes of tasks.
import { z } from '@hono/zod-openapi';
import { CalendarDate, Timestamp } from '../../http/openapi.ts';
import { taskSources, taskStatuses } from './tasks.schema.ts';

export const taskPriorities = ['high', 'medium', 'low'] as const;
export type TaskPriority = (typeof taskPriorities)[number];

export const TaskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    customerId: z.uuid().nullable(),
    assigneeId: z.uuid(),
    dueOn: z.string().nullable(),
    remindAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    status: z.enum(taskStatuses),
    outcome: z.string().nullable(),
    source: z.enum(taskSources).nullable(),
    createdBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Task');
export type TaskDto = z.infer<typeof TaskSchema>;

export const MyTaskSchema = TaskSchema.extend({
  customerName: z.string().nullable(),
  valueAtStakeMinor: z.number().int().openapi({
    description:
      "What the workspace expects to lose if the customer leaves: the churn model's expected loss, else CLV × (1 − P(alive)); 0 without scores",
  }),
  churnRisk: z.number().nullable(),
  overdue: z.boolean(),
  priority: z.enum(taskPriorities),
}).openapi('MyTask');
export type MyTaskDto = z.infer<typeof MyTaskSchema>;

export const CreateTaskBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    customerId: z.uuid().optional(),
    assigneeId: z.uuid(),
    dueOn: CalendarDate.optional(),
    remindAt: Timestamp.optional(),
    source: z.enum(taskSources).optional(),
  })
  .openapi('CreateTask', {
    example: { title: 'Call about renewal', assigneeId: '0190a0a0-0000-7000-8000-000000000001' },
  });
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

export const UpdateTaskBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    assigneeId: z.uuid().optional(),
    dueOn: CalendarDate.nullable().optional(),
    remindAt: Timestamp.nullable().optional(),
    status: z.enum(taskStatuses).optional(),
    outcome: z.string().trim().min(1).max(2000).nullable().optional(),
  })
  .openapi('UpdateTask', { example: { status: 'done', outcome: 'Renewed for 12 months' } });
export type UpdateTaskInput = z.infer<typeof UpdateTaskBody>;

export const ListTasksQuery = z.strictObject({
  /** `me` is the signed-in person. */
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  customerId: z.uuid().optional(),
  status: z.enum(taskStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListTasksInput = z.infer<typeof ListTasksQuery>;

export const MyTasksQuery = z.strictObject({
  status: z.enum(taskStatuses).default('open'),
  source: z.enum(taskSources).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only overdue (true) or only not overdue (false)' }),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type MyTasksInput = z.infer<typeof MyTasksQuery>;
