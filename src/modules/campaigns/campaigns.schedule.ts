// Owns scheduled launches: a draft may carry a time at which it launches by itself, and a job
// launches the drafts that are due (then starts executing their actions, when they have some).
// Safe on two workers: the launch is one transaction ending in a conditional update on the draft
// status, so a second worker's launch of the same campaign fails and changes nothing. A launch that
// fails for a reason the user can fix (an empty segment) leaves the draft unscheduled with the
// reason; one bad campaign never stops the others.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { findCampaign, dueScheduledCampaigns, updateCampaignRow } from './campaigns.repository.ts';
import { futureLaunch, launchCampaign, toDto } from './campaigns.service.ts';
import { startExecution } from './campaigns.execute.ts';

/** Sets (or with null, clears) a draft's scheduled launch. */
export async function scheduleCampaign(ctx: Ctx, ws: string, id: string, scheduledAt: string | null) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'draft')
    throw new AppError('conflict', `Only a draft campaign can be scheduled; this one is ${campaign.status}`);
  const now = ctx.now();
  const row = await updateCampaignRow(ctx.db, ws, id, 'draft', {
    scheduledAt: scheduledAt === null ? null : futureLaunch(scheduledAt, now),
    launchError: null,
    updatedAt: now,
  });
  if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; load it again');
  return toDto(row);
}

export const launchErrors = ['empty_segment', 'segment_missing', 'launch_failed'] as const;

/** A code the screen words in the reader's language (the error's text is English). */
function launchErrorCode(err: unknown): (typeof launchErrors)[number] {
  if (!(err instanceof AppError)) return 'launch_failed';
  if (err.code === 'not_found') return 'segment_missing';
  return /no customers/.test(err.message) ? 'empty_segment' : 'launch_failed';
}

/** The job's pass: launches up to `limit` due drafts. */
export async function launchDueCampaigns(ctx: Ctx, options: { limit?: number } = {}) {
  const due = await dueScheduledCampaigns(ctx.db, ctx.now(), options.limit ?? 20);
  let launched = 0;
  let failed = 0;
  for (const c of due) {
    try {
      const campaign = await launchCampaign(ctx, c.workspaceId, c.id);
      launched++;
      if (campaign.actions.length > 0) await startExecution(ctx, c.workspaceId, c.id);
    } catch (err) {
      // Launched meanwhile by another worker or by hand: the conditional update matches nothing.
      const reason = launchErrorCode(err);
      const row = await updateCampaignRow(ctx.db, c.workspaceId, c.id, 'draft', {
        scheduledAt: null,
        launchError: reason,
        updatedAt: ctx.now(),
      });
      if (row) failed++;
    }
  }
  return { launched, failed, more: due.length === (options.limit ?? 20) };
}
