// Owns configuring the program: its rules, membership levels, promotions and rewards catalogue.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { normaliseDecimal } from '../../lib/decimal.ts';
import {
  decimalText,
  isFinancial,
  type LevelDto,
  type ProgramDto,
  type ProgramInput,
  type RewardDto,
} from './loyalty.dto.ts';
import { type LevelRow, type ProgramRow, type PromotionRow, type RewardRow } from './loyalty.repository.ts';
import {
  findPromotion,
  findReward,
  insertLevel,
  insertPromotion,
  insertReward,
  listLevelRows,
  listPromotionRows,
  listRewardRows,
  updateLevelRow,
  updatePromotionRow,
  updateRewardRow,
  upsertProgram,
} from './loyalty.program.repository.ts';
import { findProgram } from './loyalty.sources.ts';
import { queueDepth } from './loyalty.queue.sources.ts';
import type { Multipliers } from './loyalty.schema.ts';
import { problem } from '../../lib/problems.ts';

const normaliseMap = (m: Record<string, string | number | undefined> | undefined) =>
  Object.fromEntries(
    Object.entries(m ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, normaliseDecimal(decimalText(v))]])),
  );

export function toProgramDto(r: ProgramRow, queued: number): ProgramDto {
  return {
    name: r.name,
    pointsUnit: r.pointsUnit,
    status: r.status,
    pointsPerUnit: normaliseDecimal(r.pointsPerUnit),
    rounding: r.rounding,
    multipliers: {
      categories: r.multipliers.categories ?? {},
      products: r.multipliers.products ?? {},
      channels: r.multipliers.channels ?? {},
      tiers: r.multipliers.tiers ?? {},
    },
    pendingDays: r.pendingDays,
    expiryMonths: r.expiryMonths,
    costPerPointMinor: normaliseDecimal(r.costPerPointMinor),
    clawback: r.clawback,
    levelBasis: r.levelBasis,
    qualificationMonths: r.qualificationMonths,
    graceMonths: r.graceMonths,
    earnFrom: isoOrNull(r.earnFrom),
    queued,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The program, or a 409 naming what to do when none is configured. */
export async function requireProgram(db: Db, workspaceId: string): Promise<ProgramRow> {
  const program = await findProgram(db, workspaceId);
  if (!program)
    throw new AppError(
      'loyalty_not_configured',
      'This workspace has no loyalty program yet; configure one with PUT /api/v1/loyalty/program',
    );
  return program;
}

export async function getProgram(ctx: Ctx, workspaceId: string): Promise<ProgramDto> {
  const program = await findProgram(ctx.db, workspaceId);
  if (!program) throw notFound('Loyalty program');
  return toProgramDto(program, await queueDepth(ctx.db, workspaceId));
}

export async function saveProgram(
  ctx: Ctx,
  workspaceId: string,
  input: ProgramInput,
): Promise<{ program: ProgramDto; created: boolean }> {
  const existing = await findProgram(ctx.db, workspaceId);
  const now = ctx.now();
  const multipliers: Multipliers = {
    categories: normaliseMap(input.multipliers?.categories),
    products: normaliseMap(input.multipliers?.products),
    channels: normaliseMap(input.multipliers?.channels),
    tiers: normaliseMap(input.multipliers?.tiers),
  };
  const row = await upsertProgram(ctx.db, {
    workspaceId,
    name: input.name,
    pointsUnit: input.pointsUnit,
    status: input.status,
    pointsPerUnit: decimalText(input.pointsPerUnit),
    rounding: input.rounding,
    multipliers,
    pendingDays: input.pendingDays,
    expiryMonths: input.expiryMonths,
    costPerPointMinor: decimalText(input.costPerPointMinor),
    clawback: input.clawback,
    levelBasis: input.levelBasis,
    qualificationMonths: input.qualificationMonths,
    graceMonths: input.graceMonths,
    earnFrom: input.earnFrom ? new Date(input.earnFrom) : null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  return { program: toProgramDto(row, await queueDepth(ctx.db, workspaceId)), created: !existing };
}

// ---- levels

export const toLevelDto = (r: LevelRow, members?: number): LevelDto => ({
  id: r.id,
  name: r.name,
  rank: r.rank,
  threshold: r.threshold,
  earnMultiplier: normaliseDecimal(r.earnMultiplier),
  benefits: r.benefits,
  ...(members === undefined ? {} : { members }),
});

export async function listLevels(ctx: Ctx, workspaceId: string): Promise<LevelDto[]> {
  return (await listLevelRows(ctx.db, workspaceId)).map((r) => toLevelDto(r));
}

export async function getLevel(ctx: Ctx, workspaceId: string, id: string): Promise<LevelDto> {
  const row = (await listLevelRows(ctx.db, workspaceId)).find((l) => l.id === id);
  if (!row) throw notFound('Level');
  return toLevelDto(row);
}

type Benefits = { prioritySupport: boolean; freeItems: string[]; perks: string[] };

export async function createLevel(
  ctx: Ctx,
  workspaceId: string,
  input: { name: string; rank: number; threshold: number; earnMultiplier: string | number; benefits?: Benefits },
): Promise<LevelDto> {
  await requireProgram(ctx.db, workspaceId);
  const now = ctx.now();
  const row = await insertLevel(ctx.db, {
    workspaceId,
    id: newId(),
    name: input.name,
    rank: input.rank,
    threshold: input.threshold,
    earnMultiplier: decimalText(input.earnMultiplier),
    benefits: input.benefits ?? { prioritySupport: false, freeItems: [], perks: [] },
    createdAt: now,
    updatedAt: now,
  });
  if (!row)
    throw new AppError('conflict', `A level with the name "${input.name}" or the rank ${input.rank} already exists`);
  return toLevelDto(row);
}

export async function updateLevel(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: { name?: string; rank?: number; threshold?: number; earnMultiplier?: string | number; benefits?: Benefits },
): Promise<LevelDto> {
  const others = (await listLevelRows(ctx.db, workspaceId)).filter((l) => l.id !== id);
  if (patch.name !== undefined && others.some((l) => l.name === patch.name))
    throw new AppError('conflict', `A level named "${patch.name}" already exists`);
  if (patch.rank !== undefined && others.some((l) => l.rank === patch.rank))
    throw new AppError('conflict', `Another level has the rank ${patch.rank}`);
  const { earnMultiplier, ...rest } = patch;
  const row = await updateLevelRow(ctx.db, workspaceId, id, {
    ...rest,
    ...(earnMultiplier === undefined ? {} : { earnMultiplier: decimalText(earnMultiplier) }),
    updatedAt: ctx.now(),
  });
  if (!row) throw notFound('Level');
  return toLevelDto(row);
}

// ---- promotions

export const toPromotionDto = (r: PromotionRow) => ({
  id: r.id,
  name: r.name,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  multiplier: r.multiplier === null ? null : normaliseDecimal(r.multiplier),
  bonusPoints: r.bonusPoints,
  targetTags: r.targetTags,
  targetLevelIds: r.targetLevelIds,
  targetTiers: r.targetTiers,
  active: r.active,
});

type PromotionInput = {
  name?: string;
  startsAt?: string;
  endsAt?: string;
  multiplier?: string | number | null;
  bonusPoints?: number | null;
  targetTags?: string[];
  targetLevelIds?: string[];
  targetTiers?: string[];
  active?: boolean;
};

async function checkLevelIds(db: Db, workspaceId: string, ids: string[] | undefined, path: string) {
  if (!ids?.length) return;
  const known = new Set((await listLevelRows(db, workspaceId)).map((l) => l.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError('validation_failed', 'Unknown level', {
      fields: unknown.map(() => ({ path, ...problem('no_such_level') })),
    });
}

export async function listPromotions(ctx: Ctx, workspaceId: string) {
  return (await listPromotionRows(ctx.db, workspaceId)).map(toPromotionDto);
}

export async function getPromotion(ctx: Ctx, workspaceId: string, id: string) {
  const row = await findPromotion(ctx.db, workspaceId, id);
  if (!row) throw notFound('Promotion');
  return toPromotionDto(row);
}

export async function createPromotion(
  ctx: Ctx,
  workspaceId: string,
  input: PromotionInput & { name: string; startsAt: string; endsAt: string },
) {
  await requireProgram(ctx.db, workspaceId);
  await checkLevelIds(ctx.db, workspaceId, input.targetLevelIds, 'targetLevelIds');
  const now = ctx.now();
  const row = await insertPromotion(ctx.db, {
    workspaceId,
    id: newId(),
    name: input.name,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    multiplier: input.multiplier == null ? null : decimalText(input.multiplier),
    bonusPoints: input.bonusPoints ?? null,
    targetTags: input.targetTags ?? [],
    targetLevelIds: input.targetLevelIds ?? [],
    targetTiers: input.targetTiers ?? [],
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  });
  return toPromotionDto(row);
}

export async function updatePromotion(ctx: Ctx, workspaceId: string, id: string, patch: PromotionInput) {
  const current = await findPromotion(ctx.db, workspaceId, id);
  if (!current) throw notFound('Promotion');
  await checkLevelIds(ctx.db, workspaceId, patch.targetLevelIds, 'targetLevelIds');
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : current.endsAt;
  if (endsAt <= startsAt)
    throw new AppError('validation_failed', 'The promotion must end after it starts', {
      fields: [{ path: 'endsAt', ...problem('after', { other: 'startsAt' }) }],
    });
  const multiplier =
    patch.multiplier === undefined
      ? current.multiplier
      : patch.multiplier === null
        ? null
        : decimalText(patch.multiplier);
  const bonusPoints = patch.bonusPoints === undefined ? current.bonusPoints : patch.bonusPoints;
  if (multiplier === null && bonusPoints === null)
    throw new AppError('validation_failed', 'A promotion needs a multiplier or bonus points', {
      fields: [{ path: 'multiplier', ...problem('one_of_required', { fields: 'multiplier, bonusPoints' }) }],
    });
  const row = await updatePromotionRow(ctx.db, workspaceId, id, {
    ...patch,
    startsAt,
    endsAt,
    multiplier,
    bonusPoints,
    updatedAt: ctx.now(),
  });
  return toPromotionDto(row as PromotionRow);
}

// ---- rewards

export const toRewardDto = (r: RewardRow): RewardDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  kind: r.kind,
  financial: isFinancial(r.kind),
  valueMinor: r.valueMinor,
  valuePercent: r.valuePercent === null ? null : normaliseDecimal(r.valuePercent),
  pointsPrice: r.pointsPrice,
  stock: r.stock,
  perCustomerLimit: r.perCustomerLimit,
  validFrom: isoOrNull(r.validFrom),
  validUntil: isoOrNull(r.validUntil),
  minLevelId: r.minLevelId,
  voucherValidDays: r.voucherValidDays,
  costMinor: r.costMinor,
  active: r.active,
});

type RewardInput = {
  name?: string;
  description?: string | null;
  valueMinor?: number | null;
  valuePercent?: string | number | null;
  pointsPrice?: number;
  stock?: number | null;
  perCustomerLimit?: number | null;
  validFrom?: string | null;
  validUntil?: string | null;
  minLevelId?: string | null;
  voucherValidDays?: number;
  costMinor?: number;
  active?: boolean;
};

function rewardColumns(input: RewardInput) {
  const date = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
  const { valuePercent, validFrom, validUntil, ...rest } = input;
  return {
    ...rest,
    ...(valuePercent === undefined ? {} : { valuePercent: valuePercent === null ? null : decimalText(valuePercent) }),
    ...(validFrom === undefined ? {} : { validFrom: date(validFrom) }),
    ...(validUntil === undefined ? {} : { validUntil: date(validUntil) }),
  };
}

function checkValidity(from: Date | null | undefined, until: Date | null | undefined) {
  if (from && until && until <= from)
    throw new AppError('validation_failed', 'The reward must be valid until after it is valid from', {
      fields: [{ path: 'validUntil', ...problem('after', { other: 'validFrom' }) }],
    });
}

export async function listRewards(ctx: Ctx, workspaceId: string, q: { active?: 'true' | 'false' }) {
  return {
    items: (
      await listRewardRows(ctx.db, workspaceId, { active: q.active === undefined ? undefined : q.active === 'true' })
    ).map(toRewardDto),
  };
}

export async function getReward(ctx: Ctx, workspaceId: string, id: string): Promise<RewardDto> {
  const row = await findReward(ctx.db, workspaceId, id);
  if (!row) throw notFound('Reward');
  return toRewardDto(row);
}

export async function createReward(
  ctx: Ctx,
  workspaceId: string,
  input: RewardInput & { name: string; kind: RewardRow['kind']; pointsPrice: number },
): Promise<RewardDto> {
  await requireProgram(ctx.db, workspaceId);
  await checkLevelIds(ctx.db, workspaceId, input.minLevelId ? [input.minLevelId] : undefined, 'minLevelId');
  const cols = rewardColumns(input);
  checkValidity(cols.validFrom, cols.validUntil);
  const now = ctx.now();
  const row = await insertReward(ctx.db, {
    ...cols,
    workspaceId,
    id: newId(),
    name: input.name,
    kind: input.kind,
    pointsPrice: input.pointsPrice,
    createdAt: now,
    updatedAt: now,
  });
  return toRewardDto(row);
}

export async function updateReward(ctx: Ctx, workspaceId: string, id: string, patch: RewardInput): Promise<RewardDto> {
  const current = await findReward(ctx.db, workspaceId, id);
  if (!current) throw notFound('Reward');
  await checkLevelIds(ctx.db, workspaceId, patch.minLevelId ? [patch.minLevelId] : undefined, 'minLevelId');
  const cols = rewardColumns(patch);
  checkValidity(
    cols.validFrom === undefined ? current.validFrom : cols.validFrom,
    cols.validUntil === undefined ? current.validUntil : cols.validUntil,
  );
  if (cols.valuePercent === null && current.kind === 'percent_discount')
    throw new AppError('validation_failed', 'A percentage discount needs valuePercent', {
      fields: [{ path: 'valuePercent', ...problem('required_for_kind') }],
    });
  if (cols.valueMinor === null && ['amount_discount', 'voucher', 'cashback'].includes(current.kind))
    throw new AppError('validation_failed', 'This kind of reward needs valueMinor', {
      fields: [{ path: 'valueMinor', ...problem('required_for_kind') }],
    });
  const row = await updateRewardRow(ctx.db, workspaceId, id, { ...cols, updatedAt: ctx.now() });
  return toRewardDto(row as RewardRow);
}
