// Owns campaign use cases: create a draft (arms with one control, a segment, an owner who is a
// member), launch (in one transaction: the segment's current version frozen into the member list
// by one set-based statement, the global holdout left out, arms assigned from the campaign's seed
// by the same hash in SQL, the sample-ratio check stored), finish, read and list; and the workspace's global holdout setting. Lifecycle moves are
// conditional updates on the status read: draft → launched → finished, nothing else.
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, invalidField } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { isoOrNull } from '../../lib/dates.ts';
import { sampleRatioMismatch } from '../analytics/index.ts';
import { getMember } from '../users/index.ts';
import { currentHashScheme, holdoutSeed } from './campaigns.assignment.ts';
import type { CampaignDto, CreateCampaignInput, ListCampaignsInput } from './campaigns.dto.ts';
import {
  type CampaignRow,
  findCampaign,
  findSettings,
  insertCampaign,
  freezeMembers,
  listCampaignRows,
  listMemberRows,
  memberCounts,
  updateCampaignRow,
  upsertSettings,
} from './campaigns.repository.ts';
import type { CampaignStatus } from './campaigns.schema.ts';
import { findSegment, segmentStrata } from './campaigns.segments.repository.ts';
import { conflictingObjectives } from './campaigns.actions.ts';
import { countConflicts } from './campaigns.execute.repository.ts';
import { problem } from '../../lib/problems.ts';

export const toDto = (r: CampaignRow): CampaignDto => ({
  id: r.id,
  name: r.name,
  objective: r.objective,
  ownerId: r.ownerId,
  segmentId: r.segmentId,
  segmentVersion: r.segmentVersion,
  arms: r.arms,
  seed: r.seed,
  stratifyByTier: r.stratifyByTier,
  status: r.status,
  sampleRatio: r.sampleRatio,
  heldOut: r.heldOut,
  actions: r.actions,
  eligibility: r.eligibility,
  executionStatus: r.executionStatus,
  conflicts: r.conflicts,
  scheduledAt: isoOrNull(r.scheduledAt),
  launchError: r.launchError,
  launchedAt: isoOrNull(r.launchedAt),
  finishedAt: isoOrNull(r.finishedAt),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A scheduled launch time: in the future (a minute's grace for clocks), else a 422 on scheduledAt. */
export function futureLaunch(iso: string, now: Date): Date {
  const at = new Date(iso);
  if (at.getTime() < now.getTime() - 60_000) throw invalidField('scheduledAt', problem('in_future'));
  return at;
}

const newSeed = () => randomBytes(12).toString('base64url');

export async function createCampaign(ctx: Ctx, ws: string, input: CreateCampaignInput, createdBy: string | null) {
  const keys = new Set(input.arms.map((a) => a.key));
  if (keys.size !== input.arms.length) throw invalidField('arms', problem('arm_key_twice'));
  if (input.arms.filter((a) => a.control).length !== 1) throw invalidField('arms', problem('one_control'));
  if (!(await findSegment(ctx.db, ws, input.segmentId))) throw invalidField('segmentId', problem('no_such_segment'));
  if (input.ownerId) {
    try {
      await getMember(ctx, ws, input.ownerId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw invalidField('ownerId', problem('no_such_member'));
      throw err;
    }
  }
  const now = ctx.now();
  const scheduledAt = input.scheduledAt ? futureLaunch(input.scheduledAt, now) : null;
  return toDto(
    await insertCampaign(ctx.db, {
      workspaceId: ws,
      id: newId(),
      name: input.name,
      objective: input.objective,
      ownerId: input.ownerId ?? null,
      segmentId: input.segmentId,
      arms: input.arms,
      seed: input.seed ?? newSeed(),
      stratifyByTier: input.stratifyByTier,
      scheduledAt,
      status: 'draft',
      createdBy,
      createdAt: now,
      updatedAt: now,
    }),
  );
}

async function current(ctx: Ctx, ws: string, id: string) {
  const row = await findCampaign(ctx.db, ws, id);
  if (!row) throw notFound('Campaign');
  return row;
}

const wrongStatus = (status: CampaignStatus, wanted: CampaignStatus, verb: string) =>
  new AppError('conflict', `Only a ${wanted} campaign can be ${verb}; this one is ${status}`);

/** Freezes the segment into the member list and assigns arms, all in one transaction. */
export async function launchCampaign(ctx: Ctx, ws: string, id: string) {
  return ctx.db.transaction(async (tx) => {
    const t = { ...ctx, db: tx };
    const campaign = await current(t, ws, id);
    if (campaign.status !== 'draft') throw wrongStatus(campaign.status, 'draft', 'launched');
    const segment = await findSegment(tx, ws, campaign.segmentId);
    if (!segment) throw notFound('Segment');
    const now = ctx.now();
    const settings = await findSettings(tx, ws);
    const frozen = await freezeMembers(tx, ws, id, {
      segment: segmentStrata(ws, now, segment.definition),
      seed: campaign.seed,
      scheme: campaign.hashScheme,
      arms: campaign.arms,
      stratifyByTier: campaign.stratifyByTier,
      holdout: settings
        ? { seed: holdoutSeed(settings.holdoutSeed), share: settings.holdoutShare, scheme: settings.hashScheme }
        : null,
    });
    const counts = campaign.arms.map((a) => frozen.counts.get(a.key) ?? 0);
    const eligible = counts.reduce((s, n) => s + n, 0);
    if (eligible === 0) throw new AppError('conflict', 'The segment has no customers outside the holdout');
    const srm = sampleRatioMismatch(
      counts,
      campaign.arms.map((a) => a.share),
    );
    const conflicts = await countConflicts(tx, ws, id, conflictingObjectives[campaign.objective]);
    const row = await updateCampaignRow(tx, ws, id, 'draft', {
      status: 'launched',
      conflicts,
      segmentVersion: segment.version,
      heldOut: frozen.total - eligible,
      sampleRatio: {
        counts: Object.fromEntries(campaign.arms.map((a, i) => [a.key, counts[i]])),
        chiSquare: srm.chiSquare,
        p: srm.p,
        mismatch: srm.mismatch,
      },
      launchedAt: now,
      updatedAt: now,
    });
    if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; load it again');
    return toDto(row);
  });
}

export async function finishCampaign(ctx: Ctx, ws: string, id: string) {
  const campaign = await current(ctx, ws, id);
  if (campaign.status !== 'launched') throw wrongStatus(campaign.status, 'launched', 'finished');
  const now = ctx.now();
  const row = await updateCampaignRow(ctx.db, ws, id, 'launched', {
    status: 'finished',
    finishedAt: now,
    updatedAt: now,
  });
  if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; load it again');
  return toDto(row);
}

export async function getCampaign(ctx: Ctx, ws: string, id: string) {
  return toDto(await current(ctx, ws, id));
}

export async function listCampaigns(ctx: Ctx, ws: string, q: ListCampaignsInput) {
  const rows = await listCampaignRows(
    ctx.db,
    ws,
    { status: q.status },
    q.limit + 1,
    q.cursor ? decodeIdCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(toDto), nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.id) : null };
}

/** The frozen member list, by customer id; counts per arm as stored. */
export async function listMembers(ctx: Ctx, ws: string, id: string, q: { limit: number; cursor?: string }) {
  await current(ctx, ws, id);
  const rows = await listMemberRows(ctx.db, ws, id, q.limit + 1, q.cursor ? decodeIdCursor(q.cursor) : undefined);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    counts: Object.fromEntries(await memberCounts(ctx.db, ws, id)),
    items,
    nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.customerId) : null,
  };
}

export async function getCampaignSettings(ctx: Ctx, ws: string) {
  const row = await findSettings(ctx.db, ws);
  return { holdoutShare: row?.holdoutShare ?? 0, updatedAt: isoOrNull(row?.updatedAt ?? null) };
}

export async function updateCampaignSettings(ctx: Ctx, ws: string, input: { holdoutShare: number; redraw: boolean }) {
  const row = await findSettings(ctx.db, ws);
  const keep = row && !input.redraw;
  const saved = await upsertSettings(ctx.db, {
    workspaceId: ws,
    holdoutShare: input.holdoutShare,
    // A redrawn holdout (or a first one) takes the current hash; otherwise the seed keeps its own.
    holdoutSeed: keep ? row.holdoutSeed : newSeed(),
    hashScheme: keep ? row.hashScheme : currentHashScheme,
    updatedAt: ctx.now(),
  });
  return { holdoutShare: saved.holdoutShare, updatedAt: saved.updatedAt.toISOString() };
}
