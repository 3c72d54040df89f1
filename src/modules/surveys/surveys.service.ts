// Owns the staff side of surveys: settings, sending one by hand, the list of surveys and answers
// (comments searchable), and the results: NPS and CSAT over a range of months with their sampling
// error, month by month, computed from the raw answer rows.
import type { CustomerFilter } from '../../db/customer-filter.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, invalidField } from '../../errors.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { addMonths, isoOrNull } from '../../lib/dates.ts';
import { csatFromCounts, npsFromCounts } from '../analytics/index.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { getMember } from '../users/index.ts';
import type { ListSurveysInput, ResultsInput, SendSurveyInput, UpdateSurveySettingsInput } from './surveys.dto.ts';
import {
  ensureSettings,
  listSurveyRows,
  monthlyCounts,
  sentCounts,
  type SettingsRow,
  type SurveyFilters,
  type SurveyListRow,
  type SurveyRow,
  updateSettingsRow,
} from './surveys.repository.ts';
import { issueSurvey, type SendCtx, surveyPagePath } from './surveys.send.ts';
import { problem } from '../../lib/problems.ts';

const settingsDto = (s: SettingsRow) => ({
  npsEnabled: s.npsEnabled,
  npsSamplePerDay: s.npsSamplePerDay,
  npsMinIntervalDays: s.npsMinIntervalDays,
  csatTriggers: s.csatTriggers,
  csatMinIntervalDays: s.csatMinIntervalDays,
  linkTtlDays: s.linkTtlDays,
  reminderAfterDays: s.reminderAfterDays,
  maxReminders: s.maxReminders,
  followUpAssigneeId: s.followUpAssigneeId,
});

export const getSurveySettings = async (ctx: Ctx, workspaceId: string) =>
  settingsDto(await ensureSettings(ctx.db, workspaceId));

export async function updateSurveySettings(ctx: Ctx, workspaceId: string, patch: UpdateSurveySettingsInput) {
  const current = await ensureSettings(ctx.db, workspaceId);
  if (patch.followUpAssigneeId) {
    try {
      await getMember(ctx, workspaceId, patch.followUpAssigneeId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found')
        throw invalidField('followUpAssigneeId', problem('no_such_member'));
      throw err;
    }
  }
  const triggers = patch.csatTriggers ? [...new Set(patch.csatTriggers)] : undefined;
  // Moments before a trigger was first turned on are never surveyed.
  const startsCsat = triggers && triggers.length > 0 && current.csatTriggers.length === 0;
  const row = await updateSettingsRow(ctx.db, workspaceId, {
    ...patch,
    csatTriggers: triggers,
    ...(startsCsat ? { csatSince: ctx.now() } : {}),
    updatedAt: ctx.now(),
  });
  return settingsDto(row);
}

export const toSurveyDto = (r: SurveyRow & { customerName?: string | null }) => ({
  id: r.id,
  customerId: r.customerId,
  customerName: r.customerName ?? null,
  kind: r.kind,
  trigger: r.trigger,
  subjectId: r.subjectId,
  locale: r.locale,
  deliveryStatus: r.deliveryStatus,
  sentAt: r.sentAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  remindersSent: r.remindersSent,
  answeredAt: isoOrNull(r.answeredAt),
  score: r.score,
  comment: r.comment,
  followUpTaskId: r.followUpTaskId,
  complaintId: r.complaintId,
});

export async function sendSurvey(ctx: SendCtx, workspaceId: string, input: SendSurveyInput) {
  if (!(await existingCustomerIds(ctx.db, workspaceId, [input.customerId])).has(input.customerId))
    throw invalidField('customerId', problem('no_such_customer'));
  const r = await issueSurvey(ctx, workspaceId, { customerId: input.customerId, kind: input.kind, trigger: 'manual' });
  if (!r) throw new Error('a manual survey has no subject and cannot collide');
  return { ...toSurveyDto(r.survey), pagePath: r.token ? surveyPagePath(r.token) : null };
}

const categoryRange: Record<
  NonNullable<ListSurveysInput['category']>,
  Pick<SurveyFilters, 'kind' | 'scoreFrom' | 'scoreTo'>
> = {
  promoter: { kind: 'nps', scoreFrom: 9, scoreTo: 10 },
  passive: { kind: 'nps', scoreFrom: 7, scoreTo: 8 },
  detractor: { kind: 'nps', scoreFrom: 0, scoreTo: 6 },
  satisfied: { kind: 'csat', scoreFrom: 4, scoreTo: 5 },
  dissatisfied: { kind: 'csat', scoreFrom: 1, scoreTo: 3 },
};

export async function listSurveys(ctx: Ctx, workspaceId: string, q: ListSurveysInput) {
  const range = q.category ? categoryRange[q.category] : {};
  if (q.kind && range.kind && q.kind !== range.kind)
    throw invalidField('query.category', problem('category_kind', { category: String(q.category), kind: q.kind }));
  const rows: SurveyListRow[] = await listSurveyRows(
    ctx.db,
    workspaceId,
    {
      kind: q.kind,
      ...range,
      customerId: q.customerId,
      answered: q.category ? true : q.answered === undefined ? undefined : q.answered === 'true',
      q: q.q,
      from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
      to: q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined,
    },
    q.limit + 1,
    q.cursor ? decodeTimeCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toSurveyDto),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.sentAt, last.id) : null,
  };
}

const monthStart = (m: string) => new Date(`${m}-01T00:00:00Z`);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

export async function surveyResults(ctx: Ctx, workspaceId: string, q: ResultsInput, customers?: CustomerFilter) {
  const to = q.to ?? monthKey(ctx.now());
  const from = q.from ?? monthKey(addMonths(monthStart(to), -11));
  if (from > to) throw invalidField('query.from', problem('not_after', { other: 'to' }));
  const start = monthStart(from);
  const end = addMonths(monthStart(to), 1);
  if (addMonths(start, 120) < end) throw invalidField('query.from', problem('span_months', { max: 120 }));
  const [counts, sent] = await Promise.all([
    monthlyCounts(ctx.db, workspaceId, start, end, customers),
    sentCounts(ctx.db, workspaceId, start, end, customers),
  ]);
  const months: string[] = [];
  for (let m = start; m < end; m = addMonths(m, 1)) months.push(monthKey(m));
  const sum = (rows: typeof counts) => ({
    promoters: rows.reduce((a, r) => a + r.promoters, 0),
    passives: rows.reduce((a, r) => a + r.passives, 0),
    detractors: rows.reduce((a, r) => a + r.detractors, 0),
    satisfied: rows.reduce((a, r) => a + r.satisfied, 0),
    n: rows.reduce((a, r) => a + r.n, 0),
  });
  const scores = (rows: typeof counts) => {
    const nps = sum(rows.filter((r) => r.kind === 'nps'));
    const csat = sum(rows.filter((r) => r.kind === 'csat'));
    return { nps: npsFromCounts(nps), csat: csatFromCounts(csat.satisfied, csat.n) };
  };
  const sentOf = (kind: 'nps' | 'csat') => sent.find((s) => s.kind === kind) ?? { sent: 0, answered: 0 };
  const rate = (kind: 'nps' | 'csat') => (sentOf(kind).sent ? sentOf(kind).answered / sentOf(kind).sent : null);
  return {
    from,
    to,
    ...scores(counts),
    sent: { nps: sentOf('nps').sent, csat: sentOf('csat').sent },
    responseRate: { nps: rate('nps'), csat: rate('csat') },
    months: months.map((month) => ({ month, ...scores(counts.filter((r) => r.month === month)) })),
  };
}
