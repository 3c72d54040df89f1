// Use cases of the bonds domain: a customer's bonds (the index computed now from the same inputs
// a scoring run reads, the switching costs and the records), the records' create/update/delete,
// and the workspace summary with the churn hazard-ratio validation. Access is checked by the
// routes' permissions (customers:read / customers:write / bonds:configure) before these run.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { customerExists } from '../customers/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type {
  BondSummaryDto,
  CreatePreferenceInput,
  CreateRelationshipInput,
  CreateStructuralInput,
  CustomerBondsDto,
  PreferenceDto,
  RelationshipDto,
  StructuralDto,
  UpdatePreferenceInput,
  UpdateRelationshipInput,
  UpdateStructuralInput,
} from './bonds.dto.ts';
import { bondHazardRatio, bondScore, type HazardRow, switchingCosts } from './bonds.model.ts';
import {
  deleteRecord,
  insertRecord,
  isWorkspaceMember,
  listRecords,
  markActedOn,
  type PreferenceRow,
  type RecordKind,
  type RelationshipRow,
  type StructuralRow,
  updateRecord,
} from './bonds.records.repository.ts';
import { readCustomerInputs, storedScore, summaryFacts, validationFacts } from './bonds.scores.repository.ts';
import { loadBondSettings } from './bonds.settings.ts';
import { problem } from '../../lib/problems.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const date = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s));

const relationshipDto = (r: RelationshipRow): RelationshipDto => ({
  id: r.id,
  userId: r.userId,
  employeeName: r.employeeName,
  role: r.role,
  since: r.since.toISOString(),
  endedAt: iso(r.endedAt),
});
const preferenceDto = (r: PreferenceRow): PreferenceDto => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  source: r.source,
  timesActedOn: r.timesActedOn,
  lastActedOn: iso(r.lastActedOn),
});
const structuralDto = (r: StructuralRow): StructuralDto => ({
  id: r.id,
  kind: r.kind,
  description: r.description,
  since: r.since.toISOString(),
  endedAt: iso(r.endedAt),
  earlyTerminationFeeMinor: r.earlyTerminationFeeMinor,
  termEndsAt: iso(r.termEndsAt),
});

async function requireCustomer(ctx: Ctx, workspaceId: string, customerId: string): Promise<void> {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
}

function checkPeriod(from: Date | null | undefined, to: Date | null | undefined, field: string): void {
  if (from && to && to < from)
    throw new AppError('validation_failed', 'The record has invalid fields; see errors', {
      fields: [{ path: field, ...problem('not_before', { other: 'since' }) }],
    });
}

export async function getCustomerBonds(ctx: Ctx, workspaceId: string, customerId: string): Promise<CustomerBondsDto> {
  await requireCustomer(ctx, workspaceId, customerId);
  const [settings, input, workspace, stored, relationships, preferences, structural] = await Promise.all([
    loadBondSettings(ctx.db, workspaceId),
    readCustomerInputs(ctx.db, workspaceId, customerId, ctx.now()),
    getWorkspace(ctx, workspaceId),
    storedScore(ctx.db, workspaceId, customerId),
    listRecords(ctx.db, 'relationships', workspaceId, customerId),
    listRecords(ctx.db, 'preferences', workspaceId, customerId),
    listRecords(ctx.db, 'structural', workspaceId, customerId),
  ]);
  if (!input) throw notFound('Customer');
  const score = bondScore(input, settings);
  return {
    customerId,
    index: score.index,
    components: score.components,
    continuity: score.continuity,
    explanation: score.explanation,
    switchingCosts: {
      ...switchingCosts(input),
      currency: workspace.currency,
      levelName: input.levelName,
      levelBenefits: input.levelBenefits,
    },
    weights: settings.weights,
    scored: stored ? { index: stored.index, computedAt: stored.computedAt.toISOString() } : null,
    relationships: relationships.map(relationshipDto),
    preferences: preferences.map(preferenceDto),
    structural: structural.map(structuralDto),
  };
}

async function checkUser(ctx: Ctx, workspaceId: string, userId: string | null | undefined): Promise<void> {
  if (userId && !(await isWorkspaceMember(ctx.db, workspaceId, userId)))
    throw new AppError('validation_failed', 'The relationship has invalid fields; see errors', {
      fields: [{ path: 'userId', ...problem('not_a_member') }],
    });
}

type Key = { workspaceId: string; customerId: string };

export async function createRelationship(ctx: Ctx, key: Key, input: CreateRelationshipInput): Promise<RelationshipDto> {
  await requireCustomer(ctx, key.workspaceId, key.customerId);
  await checkUser(ctx, key.workspaceId, input.userId);
  checkPeriod(new Date(input.since), date(input.endedAt), 'endedAt');
  const row = await insertRecord(ctx.db, 'relationships', {
    ...key,
    id: newId(),
    userId: input.userId ?? null,
    employeeName: input.employeeName,
    role: input.role,
    since: new Date(input.since),
    endedAt: date(input.endedAt) ?? null,
  });
  return relationshipDto(row);
}

export async function updateRelationship(
  ctx: Ctx,
  key: Key & { id: string },
  input: UpdateRelationshipInput,
): Promise<RelationshipDto> {
  await checkUser(ctx, key.workspaceId, input.userId);
  const before = (await listRecords(ctx.db, 'relationships', key.workspaceId, key.customerId)).find(
    (r) => r.id === key.id,
  );
  if (!before) throw notFound('Relationship');
  checkPeriod(
    date(input.since) ?? before.since,
    date(input.endedAt) === undefined ? before.endedAt : date(input.endedAt),
    'endedAt',
  );
  const row = await updateRecord(ctx.db, 'relationships', key, {
    ...input,
    since: date(input.since) ?? undefined,
    endedAt: date(input.endedAt),
  });
  if (!row) throw notFound('Relationship');
  return relationshipDto(row);
}

export async function createPreference(ctx: Ctx, key: Key, input: CreatePreferenceInput): Promise<PreferenceDto> {
  await requireCustomer(ctx, key.workspaceId, key.customerId);
  const row = await insertRecord(ctx.db, 'preferences', {
    ...key,
    id: newId(),
    kind: input.kind,
    value: input.value,
    source: input.source,
    timesActedOn: input.timesActedOn ?? 0,
    lastActedOn: date(input.lastActedOn) ?? null,
  });
  return preferenceDto(row);
}

export async function updatePreference(
  ctx: Ctx,
  key: Key & { id: string },
  input: UpdatePreferenceInput,
): Promise<PreferenceDto> {
  const row = await updateRecord(ctx.db, 'preferences', key, { ...input, lastActedOn: date(input.lastActedOn) });
  if (!row) throw notFound('Preference');
  return preferenceDto(row);
}

/** The business acted on the preference once more (now). */
export async function preferenceActedOn(ctx: Ctx, key: Key & { id: string }): Promise<PreferenceDto> {
  const row = await markActedOn(ctx.db, key, ctx.now());
  if (!row) throw notFound('Preference');
  return preferenceDto(row);
}

export async function createStructural(ctx: Ctx, key: Key, input: CreateStructuralInput): Promise<StructuralDto> {
  await requireCustomer(ctx, key.workspaceId, key.customerId);
  checkPeriod(new Date(input.since), date(input.endedAt), 'endedAt');
  const row = await insertRecord(ctx.db, 'structural', {
    ...key,
    id: newId(),
    kind: input.kind,
    description: input.description,
    since: new Date(input.since),
    endedAt: date(input.endedAt) ?? null,
    earlyTerminationFeeMinor: input.earlyTerminationFeeMinor ?? null,
    termEndsAt: date(input.termEndsAt) ?? null,
  });
  return structuralDto(row);
}

export async function updateStructural(
  ctx: Ctx,
  key: Key & { id: string },
  input: UpdateStructuralInput,
): Promise<StructuralDto> {
  const before = (await listRecords(ctx.db, 'structural', key.workspaceId, key.customerId)).find(
    (r) => r.id === key.id,
  );
  if (!before) throw notFound('Structural bond');
  checkPeriod(
    date(input.since) ?? before.since,
    date(input.endedAt) === undefined ? before.endedAt : date(input.endedAt),
    'endedAt',
  );
  const row = await updateRecord(ctx.db, 'structural', key, {
    ...input,
    since: date(input.since) ?? undefined,
    endedAt: date(input.endedAt),
    termEndsAt: date(input.termEndsAt),
  });
  if (!row) throw notFound('Structural bond');
  return structuralDto(row);
}

const recordNames: Record<RecordKind, string> = {
  relationships: 'Relationship',
  preferences: 'Preference',
  structural: 'Structural bond',
};

export async function deleteBondRecord(ctx: Ctx, kind: RecordKind, key: Key & { id: string }): Promise<void> {
  if (!(await deleteRecord(ctx.db, kind, key))) throw notFound(recordNames[kind]);
}

const DAY_MS = 86_400_000;

/** The workspace's stored indexes: distribution, mean components, switching costs and the churn validation. */
export async function bondSummary(ctx: Ctx, workspaceId: string): Promise<BondSummaryDto> {
  const now = ctx.now();
  const [{ row, bands }, facts, settings, workspace] = await Promise.all([
    summaryFacts(ctx.db, workspaceId),
    validationFacts(ctx.db, workspaceId),
    loadBondSettings(ctx.db, workspaceId),
    getWorkspace(ctx, workspaceId),
  ]);
  const rows: HazardRow[] = facts.map((f) => {
    const end = f.defectedAt ?? now;
    return {
      index: f.index,
      time: Math.max(0, (end.getTime() - f.since.getTime()) / DAY_MS),
      event: f.defectedAt ? 1 : 0,
    };
  });
  const scored = Number(row?.scored ?? 0);
  return {
    scored,
    computedAt: row?.computed_at ? new Date(row.computed_at).toISOString() : null,
    mean: scored ? Math.round(Number(row.mean) * 10) / 10 : null,
    median: scored ? Number(row.median) : null,
    distribution: bands.map((customers, b) => ({ from: b * 10, to: b === 9 ? 100 : b * 10 + 9, customers })),
    components: scored
      ? {
          social: Number(row.social),
          customisation: Number(row.customisation),
          structural: Number(row.structural),
          financial: Number(row.financial),
        }
      : null,
    switchingCostMinor: {
      total: Number(row?.switching_total ?? 0),
      mean: Math.round(Number(row?.switching_mean ?? 0)),
    },
    currency: workspace.currency,
    validation: bondHazardRatio(rows),
    weights: settings.weights,
  };
}
