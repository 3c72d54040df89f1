// Owns the weekly KPI digest: once the ISO week is over in the workspace's time zone (from Monday
// 07:00 local), each manager, admin and owner who has not opted out gets one e-mail in their
// language with the week's key retention figures against the week before and a link to the KPI
// home. Idempotent per workspace × week × recipient (the outbox's dedupe key), so a second run — or
// a second worker — adds nothing; recipients already served are skipped before any figure is read.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { isoDay } from '../../lib/dates.ts';
import { isoWeekIn, type LocalWeek } from '../../lib/iso-week.ts';
import { enqueueStaffNotification, queuedDedupeKeys } from '../notifications/index.ts';
import { kpiDigestRecipients } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { windowFigures } from './kpis.summary.ts';

/** The local hour on Monday from which last week's digest goes out. */
export const DIGEST_LOCAL_HOUR = 7;

export type DigestCtx = Ctx & { config: Pick<Config, 'smtp' | 'publicUrl'> };

const dedupeKey = (week: string, userId: string) => `kpi-digest:${week}:${userId}`;

async function weekFigures(ctx: Ctx, workspaceId: string, week: LocalWeek, before: LocalWeek) {
  const f = await windowFigures(ctx, workspaceId, { before: before.from, from: week.from, to: week.to }, undefined);
  return {
    purchasers: f.activity.active,
    repeaters: f.activity.repeaters,
    retained: f.activity.retained,
    activeBefore: f.activity.activeBefore,
    defections: f.reasons.reduce((n, r) => n + r.count, 0),
    complaints: f.complaints.registered,
    withinSla: f.complaints.resolvedWithinSla,
    withDeadline: f.complaints.resolvedWithDeadline,
    compliments: f.compliments,
  };
}

/** Queues last week's digest for the workspace's recipients still without it; null before it is due. */
export async function sendKpiDigest(
  ctx: DigestCtx,
  workspaceId: string,
): Promise<{ week: string; queued: number } | null> {
  const ws = await getWorkspace(ctx, workspaceId);
  const now = ctx.now();
  const week = isoWeekIn(now, ws.timeZone, 1);
  if (now.getTime() < week.to.getTime() + DIGEST_LOCAL_HOUR * 3_600_000) return null;
  const recipients = await kpiDigestRecipients(ctx.db, workspaceId);
  const done = await queuedDedupeKeys(
    ctx.db,
    workspaceId,
    recipients.map((r) => dedupeKey(week.label, r.userId)),
  );
  const due = recipients.filter((r) => !done.has(dedupeKey(week.label, r.userId)));
  if (due.length === 0) return { week: week.label, queued: 0 };
  const [w1, w2, w3] = [1, 2, 3].map((n) => isoWeekIn(now, ws.timeZone, n));
  const [cur, old] = await Promise.all([weekFigures(ctx, workspaceId, w1, w2), weekFigures(ctx, workspaceId, w2, w3)]);
  const vars: Record<string, string> = {
    week: week.label,
    weekFrom: isoDay(week.firstDay),
    weekTo: isoDay(week.lastDay),
    kpiUrl: `${ctx.config.publicUrl.replace(/\/$/, '')}/kpis`,
  };
  for (const [k, v] of Object.entries(cur)) vars[k] = String(v);
  for (const [k, v] of Object.entries(old)) vars[`${k}Before`] = String(v);
  await ctx.db.transaction(async (tx) => {
    for (const r of due)
      await enqueueStaffNotification(tx, { now: ctx.now, config: ctx.config }, workspaceId, {
        userId: r.userId,
        templateKey: 'kpi.digest',
        vars,
        dedupeKey: dedupeKey(week.label, r.userId),
        locale: r.locale,
      });
  });
  return { week: week.label, queued: due.length };
}
