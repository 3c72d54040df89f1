// Owns a workspace's complaint settings: categories, root causes, the SLA matrix, the business
// calendar, and compensation limits. Defaults apply until the workspace changes something.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { ComplaintSettingsDto, UpdateComplaintSettingsInput } from './complaints.dto.ts';
import { findSettings, type SettingsRow, upsertSettings } from './complaints.repository.ts';
import {
  type BusinessCalendar,
  defaultSlaMatrix,
  defaultWeeklyHours,
  type SlaMatrix,
  severities,
  tiers,
  weekdays,
  weeklyHoursProblems,
} from './complaints.sla.ts';

export const defaultCategories = ['product', 'delivery', 'billing', 'service', 'website', 'other'];
export const defaultRootCauses = [
  'product_defect',
  'delivery_delay',
  'billing_error',
  'staff_conduct',
  'process_failure',
  'communication',
  'third_party',
  'customer_misunderstanding',
  'other',
];

export type Settings = Omit<SettingsRow, 'updatedAt'>;

export const defaultSettings = (workspaceId: string): Settings => ({
  workspaceId,
  publicFormEnabled: false,
  categories: defaultCategories,
  rootCauses: defaultRootCauses,
  slaMatrix: defaultSlaMatrix,
  businessHoursOnly: false,
  weeklyHours: defaultWeeklyHours,
  holidays: [],
  approvalThresholdMinor: 10_000,
  compensationCapMinor: 50_000,
  pointValueMinor: 1,
  handlingCostMinor: 0,
});

export async function loadSettings(db: Db, workspaceId: string): Promise<Settings> {
  return (await findSettings(db, workspaceId)) ?? defaultSettings(workspaceId);
}

/** The calendar deadlines count in, or null when they count in wall-clock hours. */
export function calendarOf(settings: Settings, timeZone: string): BusinessCalendar | null {
  return settings.businessHoursOnly ? { timeZone, weekly: settings.weeklyHours, holidays: settings.holidays } : null;
}

async function toDto(ctx: Ctx, s: Settings): Promise<ComplaintSettingsDto> {
  const ws = await getWorkspace(ctx, s.workspaceId);
  const weekly = Object.fromEntries(
    weekdays.map((d) => [d, s.weeklyHours[d] ?? []]),
  ) as ComplaintSettingsDto['weeklyHours'];
  const { workspaceId: _ws, ...rest } = s;
  return { ...rest, weeklyHours: weekly, timeZone: ws.timeZone, currency: ws.currency };
}

export async function getComplaintSettings(ctx: Ctx, workspaceId: string): Promise<ComplaintSettingsDto> {
  return toDto(ctx, await loadSettings(ctx.db, workspaceId));
}

export async function updateComplaintSettings(
  ctx: Ctx,
  workspaceId: string,
  input: UpdateComplaintSettingsInput,
): Promise<ComplaintSettingsDto> {
  const current = await loadSettings(ctx.db, workspaceId);
  const slaMatrix = structuredClone(current.slaMatrix) as SlaMatrix;
  for (const s of severities)
    for (const t of tiers) {
      const hours = input.slaMatrix?.[s]?.[t];
      if (hours !== undefined) slaMatrix[s][t] = hours;
    }
  const weeklyHours = input.weeklyHours ? { ...current.weeklyHours, ...input.weeklyHours } : current.weeklyHours;
  const errors = weeklyHoursProblems(weeklyHours).map((p) => ({ path: 'weeklyHours', ...p }));
  const next: Settings = {
    ...current,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    slaMatrix,
    weeklyHours,
    categories: input.categories ? [...new Set(input.categories)] : current.categories,
    rootCauses: input.rootCauses ? [...new Set(input.rootCauses)] : current.rootCauses,
    holidays: input.holidays ? [...new Set(input.holidays)].sort() : current.holidays,
  };
  if (errors.length && (input.weeklyHours || next.businessHoursOnly))
    throw new AppError('validation_failed', 'The business hours are not valid; see errors', { fields: errors });
  await upsertSettings(ctx.db, { ...next, updatedAt: ctx.now() });
  return toDto(ctx, next);
}
