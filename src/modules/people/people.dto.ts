// Owns the wire shapes of people: teams, goals, the scoreboard and kudos.
import { z } from '@hono/zod-openapi';
import { CalendarDate } from '../../http/openapi.ts';
import { RetentionSchema } from '../books/index.ts';
import { goalMetrics, goalSubjects } from './people.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

export const TeamSchema = z
  .object({ id: z.uuid(), name: z.string(), managerId: z.uuid().nullable(), memberIds: z.array(z.uuid()) })
  .openapi('Team');
export type TeamDto = z.infer<typeof TeamSchema>;

export const CreateTeamBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    managerId: z.uuid().nullable().optional(),
    memberIds: z.array(z.uuid()).max(500).default([]),
  })
  .openapi('CreateTeam');
export type CreateTeamInput = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    managerId: z.uuid().nullable().optional(),
    memberIds: z.array(z.uuid()).max(500).optional(),
  })
  .openapi('UpdateTeam');
export type UpdateTeamInput = z.infer<typeof UpdateTeamBody>;

export const GoalSchema = z
  .object({
    id: z.uuid(),
    subjectKind: z.enum(goalSubjects),
    subjectId: z.uuid(),
    metric: z.enum(goalMetrics),
    target: z.number(),
    periodFrom: z.string(),
    periodTo: z.string(),
  })
  .openapi('Goal');
export type GoalDto = z.infer<typeof GoalSchema>;

export const SetGoalBody = z
  .strictObject({
    subjectKind: z.enum(goalSubjects),
    subjectId: z.uuid(),
    metric: z.enum(goalMetrics),
    target: z.number().min(0).max(100_000).openapi({ description: 'Percent for rates; a count for positive mentions' }),
    periodFrom: CalendarDate,
    periodTo: CalendarDate,
  })
  .refine((b) => b.periodFrom <= b.periodTo, {
    ...refineProblem('not_after', { other: 'periodTo' }),
    path: ['periodFrom'],
  })
  .refine((b) => b.metric === 'positive_mentions' || b.target <= 100, {
    ...refineProblem('rate_target'),
    path: ['target'],
  })
  .openapi('SetGoal', {
    example: {
      subjectKind: 'user',
      subjectId: '0190a0a0-0000-7000-8000-000000000001',
      metric: 'sla_compliance',
      target: 90,
      periodFrom: '2026-10-01',
      periodTo: '2026-12-31',
    },
  });
export type SetGoalInput = z.infer<typeof SetGoalBody>;

export const PeriodQuery = z.strictObject({
  from: CalendarDate.optional().openapi({ description: 'Period start (default: 90 days before `to`)' }),
  to: CalendarDate.optional().openapi({ description: 'Period end, exclusive (default: today)' }),
});
export type PeriodInput = z.infer<typeof PeriodQuery>;

const Rate = z.number().nullable();
export const FiguresSchema = z
  .object({
    customers: z.number().int(),
    retention: RetentionSchema,
    sla: z.object({ resolved: z.number().int(), withinSla: z.number().int(), rate: Rate }),
    csat: z.object({ n: z.number().int(), satisfied: z.number().int(), csat: Rate }),
    positiveMentions: z.number().int(),
    kudos: z.number().int(),
  })
  .openapi('PeopleFigures');
export type FiguresDto = z.infer<typeof FiguresSchema>;

export const GoalProgressSchema = GoalSchema.extend({
  actual: Rate.openapi({ description: 'Percent for rates, a count for positive mentions; null without data' }),
  met: z.boolean().nullable(),
}).openapi('GoalProgress');

export const PersonRowSchema = z
  .object({ userId: z.uuid(), name: z.string(), figures: FiguresSchema, goals: z.array(GoalProgressSchema) })
  .openapi('ScoreboardPerson');
export const TeamRowSchema = z
  .object({
    teamId: z.uuid(),
    name: z.string(),
    members: z.number().int(),
    figures: FiguresSchema,
    goals: z.array(GoalProgressSchema),
  })
  .openapi('ScoreboardTeam');

export const ScoreboardSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** Everyone for owners, admins and managers; otherwise only the asking person. */
    people: z.array(PersonRowSchema),
    /** Every team for owners, admins and managers; otherwise the asking person's teams (totals only). */
    teams: z.array(TeamRowSchema),
    seesEveryone: z.boolean(),
  })
  .openapi('Scoreboard');

export const KudosSchema = z
  .object({
    id: z.uuid(),
    fromUserId: z.uuid(),
    fromName: z.string().nullable(),
    toUserId: z.uuid(),
    toName: z.string().nullable(),
    message: z.string(),
    feedbackId: z.uuid().nullable(),
    feedbackBody: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Kudos');
export type KudosDto = z.infer<typeof KudosSchema>;

export const GiveKudosBody = z
  .strictObject({
    toUserId: z.uuid(),
    message: z.string().trim().min(1).max(1000),
    feedbackId: z.uuid().optional().openapi({ description: 'A positive feedback item (a compliment) this is for' }),
  })
  .openapi('GiveKudos', {
    example: { toUserId: '0190a0a0-0000-7000-8000-000000000001', message: 'Saved the Acme renewal' },
  });
export type GiveKudosInput = z.infer<typeof GiveKudosBody>;

export const KudosQuery = z.strictObject({
  toUserId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
