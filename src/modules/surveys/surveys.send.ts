// Owns sending surveys: one survey (a row, its first link and its message in the outbox, in one
// transaction), the daily relationship-NPS sample, the CSAT sweep over the moments the workspace
// chose, and reminders. The outbox picks a consented channel and the customer's language; a
// customer without consent gets a survey row marked skipped_no_consent and no message, which also
// keeps them out of the next samples until the minimum interval has passed.
import { type SQL, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { addDays, isoDay } from '../../lib/dates.ts';
import { newId } from '../../ids.ts';
import { newPublicToken } from '../../lib/public-token.ts';
import { enqueueNotification } from '../notifications/index.ts';
import {
  csatCandidates,
  claimSampleDay,
  ensureSettings,
  insertLink,
  insertSurvey,
  markReminded,
  npsSample,
  remindersDue,
  setSurveyFields,
  type SettingsRow,
  type SurveyRow,
  workspacesSurveying,
} from './surveys.repository.ts';
import type { CsatTrigger, SurveyKind, SurveyTrigger } from './surveys.schema.ts';

export type SendCtx = Ctx & { config: Pick<Config, 'smtp' | 'publicUrl'> };

/** The public answer page of a link (served by the web app; the API is /api/v1/public/surveys/{token}). */
export const surveyPagePath = (token: string) => `/p/survey/${encodeURIComponent(token)}`;

type Issue = { customerId: string; kind: SurveyKind; trigger: SurveyTrigger; subjectId?: string };

/** Sends one survey; undefined when one already follows the same subject. */
export async function issueSurvey(
  ctx: SendCtx,
  workspaceId: string,
  input: Issue,
): Promise<{ survey: SurveyRow; token: string | null } | undefined> {
  return ctx.db.transaction(async (tx) => {
    const settings = await ensureSettings(tx, workspaceId);
    const now = ctx.now();
    const row = await insertSurvey(tx, {
      workspaceId,
      id: newId(),
      customerId: input.customerId,
      kind: input.kind,
      trigger: input.trigger,
      subjectId: input.subjectId ?? null,
      locale: 'en',
      deliveryStatus: 'pending',
      sentAt: now,
      expiresAt: addDays(now, settings.linkTtlDays),
      createdAt: now,
    });
    if (!row) return undefined;
    const { token, hash } = newPublicToken(workspaceId);
    await insertLink(tx, workspaceId, row.id, hash, now);
    const message = await enqueueNotification(tx, ctx, workspaceId, {
      customerId: input.customerId,
      purpose: 'service',
      templateKey: `survey.${input.kind}`,
      vars: { surveyUrl: `${ctx.config.publicUrl.replace(/\/$/, '')}${surveyPagePath(token)}` },
      dedupeKey: `survey:${row.id}`,
    });
    const sent = message.status === 'pending';
    const patch = { notificationId: message.id, deliveryStatus: message.status, locale: message.locale };
    await setSurveyFields(tx, workspaceId, row.id, patch);
    return { survey: { ...row, ...patch }, token: sent ? token : null };
  });
}

/** Today's relationship-NPS sample for one workspace (at most once per UTC day). */
export async function runNpsSample(ctx: SendCtx, settings: SettingsRow): Promise<number> {
  if (!settings.npsEnabled) return 0;
  const now = ctx.now();
  const day = isoDay(now);
  if (!(await claimSampleDay(ctx.db, settings.workspaceId, day))) return 0;
  const since = addDays(now, -settings.npsMinIntervalDays);
  const picked = await npsSample(
    ctx.db,
    settings.workspaceId,
    since,
    `${settings.workspaceId}:${day}`,
    settings.npsSamplePerDay,
  );
  for (const p of picked)
    await issueSurvey(ctx, settings.workspaceId, { customerId: p.customer_id, kind: 'nps', trigger: 'relationship' });
  return picked.length;
}

/** How far back a CSAT moment may be and still be surveyed (a week-old "how was it?" is noise). */
const CSAT_LOOKBACK_DAYS = 3;
const CSAT_BATCH = 200;

/** The moments of each trigger in (from, to], as `(customer_id, subject_id, at)`. */
export type MomentSources = Record<CsatTrigger, (workspaceId: string, from: Date, to: Date) => SQL>;

/** Sends CSAT surveys for the workspace's chosen moments not surveyed yet (a batch per call). */
export async function sweepCsat(ctx: SendCtx, settings: SettingsRow, sources: MomentSources): Promise<number> {
  const ws = settings.workspaceId;
  if (settings.csatTriggers.length === 0 || !settings.csatSince) return 0;
  const now = ctx.now();
  const lookback = addDays(now, -CSAT_LOOKBACK_DAYS);
  const from = settings.csatSince > lookback ? settings.csatSince : lookback;
  const moments = sql.join(
    settings.csatTriggers.map(
      (t, i) =>
        sql`select customer_id, subject_id, ${t}::text as trigger, at from (${sources[t](ws, from, now)}) ${sql.raw(`m${i}`)}`,
    ),
    sql` union all `,
  );
  const since = addDays(now, -settings.csatMinIntervalDays);
  const candidates = await csatCandidates(ctx.db, ws, moments, since, CSAT_BATCH);
  const asked = new Set<string>();
  let sent = 0;
  for (const m of candidates) {
    if (asked.has(m.customer_id)) continue;
    asked.add(m.customer_id);
    const r = await issueSurvey(ctx, ws, {
      customerId: m.customer_id,
      kind: 'csat',
      trigger: m.trigger,
      subjectId: m.subject_id,
    });
    if (r) sent++;
  }
  return sent;
}

const REMINDER_BATCH = 200;

/** Reminds unanswered surveys once their last message is old enough; each reminder has a new link to the same survey. */
export async function sendReminders(ctx: SendCtx, settings: SettingsRow): Promise<number> {
  if (settings.maxReminders === 0) return 0;
  const due = await remindersDue(ctx.db, settings, ctx.now(), REMINDER_BATCH);
  let sent = 0;
  for (const s of due) {
    await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      if (!(await markReminded(tx, s.workspaceId, s.id, s.remindersSent, now))) return;
      const { token, hash } = newPublicToken(s.workspaceId);
      await insertLink(tx, s.workspaceId, s.id, hash, now);
      await enqueueNotification(tx, ctx, s.workspaceId, {
        customerId: s.customerId,
        purpose: 'service',
        templateKey: 'survey.reminder',
        vars: { surveyUrl: `${ctx.config.publicUrl.replace(/\/$/, '')}${surveyPagePath(token)}` },
        localeHint: s.locale,
        dedupeKey: `survey:${s.id}:reminder:${s.remindersSent + 1}`,
      });
      sent++;
    });
  }
  return sent;
}

/** Every automatic send for every workspace that asks for one: sample, CSAT sweep, reminders. */
export async function runSurveyWork(
  ctx: SendCtx,
  sources: MomentSources,
): Promise<{ nps: number; csat: number; reminders: number }> {
  const total = { nps: 0, csat: 0, reminders: 0 };
  for (const s of await workspacesSurveying(ctx.db)) {
    total.nps += await runNpsSample(ctx, s);
    total.csat += await sweepCsat(ctx, s, sources);
    total.reminders += await sendReminders(ctx, s);
  }
  return total;
}
