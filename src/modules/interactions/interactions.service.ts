// Owns interaction use cases: record contacts on any channel with their cost to serve
// (per-contact cost + started minutes × per-minute cost of the channel), and the rates.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, unlessNotFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { getMember } from '../users/index.ts';
import type { CreateInteractionInput, InteractionDto } from './interactions.dto.ts';
import {
  costRateRows,
  findInteraction,
  findInteractionByExternalId,
  type InteractionRow,
  listInteractionRows,
  updateInteractionRow,
  upsertCostRate,
} from './interactions.repository.ts';
import { insertInteractions } from './interactions.sources.ts';
import { interactionChannels } from './interactions.schema.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { problem } from '../../lib/problems.ts';

export const toInteractionDto = (r: InteractionRow): InteractionDto => ({
  id: r.id,
  customerId: r.customerId,
  externalId: r.externalId,
  occurredAt: r.occurredAt.toISOString(),
  channel: r.channel as InteractionDto['channel'],
  direction: r.direction,
  type: r.type,
  durationSeconds: r.durationSeconds,
  employeeId: r.employeeId,
  summary: r.summary,
  costMinor: r.costMinor,
  createdAt: r.createdAt.toISOString(),
});

/** Cost to serve of one contact: unset rates cost nothing. */
export const interactionCost = (
  rate: { perContactMinor: number; perMinuteMinor: number } | undefined,
  durationSeconds: number,
) => (rate ? rate.perContactMinor + Math.ceil(durationSeconds / 60) * rate.perMinuteMinor : 0);

export async function recordInteraction(
  ctx: Ctx,
  workspaceId: string,
  input: CreateInteractionInput,
): Promise<{ interaction: InteractionDto; created: boolean }> {
  if (input.externalId) {
    const prior = await findInteractionByExternalId(ctx.db, workspaceId, input.externalId);
    if (prior) return { interaction: toInteractionDto(prior), created: false };
  }
  const fields = [];
  if (!(await existingCustomerIds(ctx.db, workspaceId, [input.customerId])).has(input.customerId))
    fields.push({ path: 'customerId', ...problem('no_such_customer') });
  if (input.employeeId && !(await unlessNotFound(getMember(ctx, workspaceId, input.employeeId))))
    fields.push({ path: 'employeeId', ...problem('not_a_member') });
  if (fields.length)
    throw new AppError('validation_failed', 'The interaction has invalid fields; see errors', { fields });
  const [rate] = await costRateRows(ctx.db, workspaceId, [input.channel]);
  const duration = input.durationSeconds ?? 0;
  const [inserted] = await insertInteractions(ctx.db, [
    {
      workspaceId,
      id: newId(),
      customerId: input.customerId,
      externalId: input.externalId ?? null,
      occurredAt: new Date(input.occurredAt),
      channel: input.channel,
      direction: input.direction,
      type: input.type,
      durationSeconds: duration,
      employeeId: input.employeeId ?? null,
      summary: input.summary ?? null,
      costMinor: interactionCost(rate, duration),
      createdAt: ctx.now(),
    },
  ]);
  if (!inserted) {
    const winner = await findInteractionByExternalId(ctx.db, workspaceId, input.externalId as string);
    return { interaction: toInteractionDto(winner as InteractionRow), created: false };
  }
  return {
    interaction: toInteractionDto((await findInteraction(ctx.db, workspaceId, inserted.id)) as InteractionRow),
    created: true,
  };
}

export async function getInteraction(ctx: Ctx, workspaceId: string, id: string): Promise<InteractionDto> {
  const row = await findInteraction(ctx.db, workspaceId, id);
  if (!row) throw notFound('Interaction');
  return toInteractionDto(row);
}

export async function updateInteraction(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: { type?: string; summary?: string | null },
): Promise<InteractionDto> {
  // Nothing to change is a no-op that answers the interaction, as every other PATCH does (an UPDATE needs a column to set).
  if (Object.values(patch).every((v) => v === undefined)) return getInteraction(ctx, workspaceId, id);
  const row = await updateInteractionRow(ctx.db, workspaceId, id, patch);
  if (!row) throw notFound('Interaction');
  return toInteractionDto(row);
}

export async function listInteractions(
  ctx: Ctx,
  workspaceId: string,
  q: { customerId?: string; channel?: string; limit: number; cursor?: string },
) {
  let before: { occurredAt: Date; id: string } | undefined;
  if (q.cursor) {
    const c = decodeTimeCursor(q.cursor);
    before = { occurredAt: c.at, id: c.id };
  }
  const rows = await listInteractionRows(ctx.db, workspaceId, q, q.limit + 1, before);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toInteractionDto),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.occurredAt, last.id) : null,
  };
}

export async function listCostRates(ctx: Ctx, workspaceId: string) {
  const rows = new Map((await costRateRows(ctx.db, workspaceId)).map((r) => [r.channel, r]));
  return interactionChannels.map((channel) => ({
    channel,
    perContactMinor: rows.get(channel)?.perContactMinor ?? 0,
    perMinuteMinor: rows.get(channel)?.perMinuteMinor ?? 0,
  }));
}

export async function setCostRates(
  ctx: Ctx,
  workspaceId: string,
  rates: { channel: string; perContactMinor: number; perMinuteMinor: number }[],
) {
  await ctx.db.transaction(async (tx) => {
    for (const r of rates) await upsertCostRate(tx, { workspaceId, ...r, updatedAt: ctx.now() });
  });
  return listCostRates(ctx, workspaceId);
}
