// Owns the register's use cases: record a defection (any source) with its event and exit-survey
// link, record a win-back, read a customer's history, list and summarise defections.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';
import { newPublicToken } from '../../lib/public-token.ts';
import { getContract } from '../contracts/index.ts';
import { customerExists, updateCustomer } from '../customers/index.ts';
import { recordEvents } from '../events/index.ts';
import type {
  DefectionDto,
  ListDefectionsInput,
  ReactivationDto,
  RecordDefectionInput,
  RecordReactivationInput,
} from './defections.dto.ts';
import {
  countDefections,
  customerDefectionRows,
  customerReactivationRows,
  type DefectionFilter,
  type DefectionRow,
  defectedAmong,
  deleteLapses,
  findDefection,
  findLapse,
  insertDefection,
  insertReactivation,
  insertSurveyToken,
  listDefectionRows,
  listLapseRows,
  listReasonRows,
  type ReactivationRow,
} from './defections.repository.ts';
import type { DefectionSource } from './defections.schema.ts';
import { checkedReason, ensureTaxonomy } from './defections.taxonomy.ts';
import { problem } from '../../lib/problems.ts';

export const surveyApiPath = (token: string) => `/api/v1/public/exit-survey/${token}`;
export const surveyPagePath = (token: string) => `/p/exit-survey/${token}`;

async function controllableOf(db: Db, workspaceId: string): Promise<Map<string, boolean>> {
  return new Map((await listReasonRows(db, workspaceId)).map((r) => [r.code, r.controllable]));
}

export function toDefectionDto(r: DefectionRow, controllable: Map<string, boolean>): DefectionDto {
  return {
    id: r.id,
    customerId: r.customerId,
    contractId: r.contractId,
    defectedAt: r.defectedAt.toISOString(),
    reasonCode: r.reasonCode,
    controllable: r.reasonCode ? (controllable.get(r.reasonCode) ?? null) : null,
    freeText: r.freeText,
    channel: r.channel,
    source: r.source,
    recordedBy: r.recordedBy,
    surveyAnsweredAt: isoOrNull(r.surveyAnsweredAt),
    createdAt: r.createdAt.toISOString(),
  };
}

const toReactivationDto = (r: ReactivationRow): ReactivationDto => ({
  id: r.id,
  customerId: r.customerId,
  defectionId: r.defectionId,
  reactivatedAt: r.reactivatedAt.toISOString(),
  note: r.note,
  recordedBy: r.recordedBy,
});

/** A single-use exit-survey link for a customer (and the defection it answers), expiring after the workspace's TTL. */
export async function issueSurveyLink(
  db: Db,
  ctx: { now: () => Date },
  workspaceId: string,
  target: { customerId: string; defectionId: string | null },
) {
  const settings = await ensureTaxonomy(db, workspaceId);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + settings.surveyTtlDays * 86_400_000);
  const { token, hash } = newPublicToken(workspaceId);
  await insertSurveyToken(db, { workspaceId, tokenHash: hash, ...target, createdAt: now, expiresAt });
  return { token, path: surveyApiPath(token), pagePath: surveyPagePath(token), expiresAt: expiresAt.toISOString() };
}

export type DefectionOrigin = { source: DefectionSource; recordedBy: string };

async function checkedContract(ctx: Ctx, workspaceId: string, customerId: string, contractId: string) {
  const contract = await getContract(ctx, workspaceId, contractId).catch(() => undefined);
  if (!contract || contract.customerId !== customerId)
    throw new AppError('validation_failed', 'No such contract of this customer', {
      fields: [{ path: 'contractId', ...problem('not_a_contract') }],
    });
}

/**
 * Records a defection, its `customer.defected` event and an exit-survey link, in the caller's
 * transaction (`ctx.db`). A confirmed defection replaces a lapse. Null when the contract's
 * cancellation was recorded already (the feed is idempotent).
 */
export async function recordDefection(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  input: RecordDefectionInput,
  origin: DefectionOrigin,
) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  const reason = input.reasonCode ? await checkedReason(ctx.db, workspaceId, input.reasonCode) : undefined;
  await ensureTaxonomy(ctx.db, workspaceId);
  if (input.contractId && origin.source !== 'contract_cancellation')
    await checkedContract(ctx, workspaceId, customerId, input.contractId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const row = await insertDefection(tx, {
      workspaceId,
      id: newId(),
      customerId,
      contractId: input.contractId ?? null,
      defectedAt: input.defectedAt ? new Date(input.defectedAt) : now,
      reasonCode: reason?.code ?? null,
      freeText: input.freeText ?? null,
      channel: input.channel ?? null,
      source: origin.source,
      recordedBy: origin.recordedBy,
      createdAt: now,
    });
    if (!row) return null;
    await deleteLapses(tx, workspaceId, [customerId]);
    const label = reason ? (reason.labels.en ?? reason.code) : 'reason not yet known';
    // The customer record says where they stand now; the register keeps the history.
    await updateCustomer({ db: tx, now: ctx.now }, workspaceId, customerId, {
      status: 'defected',
      defectedAt: row.defectedAt.toISOString(),
      defectionReason: reason ? label : null,
    });
    await recordEvents(tx, ctx, workspaceId, [
      {
        type: 'customer.defected',
        customerId,
        summary: `Customer left: ${label}`,
        occurredAt: row.defectedAt,
        payload: {
          defectionId: row.id,
          reasonCode: row.reasonCode,
          reasonLabels: reason?.labels ?? null,
          controllable: reason?.controllable ?? null,
          source: row.source,
          contractId: row.contractId,
          channel: row.channel,
        },
      },
    ]);
    const exitSurvey = await issueSurveyLink(tx, ctx, workspaceId, { customerId, defectionId: row.id });
    const controllable = new Map(reason ? [[reason.code, reason.controllable]] : []);
    return { defection: toDefectionDto(row, controllable), exitSurvey };
  });
}

export async function surveyLinkForDefection(ctx: Ctx, workspaceId: string, defectionId: string) {
  const row = await findDefection(ctx.db, workspaceId, defectionId);
  if (!row) throw notFound('Defection');
  return issueSurveyLink(ctx.db, ctx, workspaceId, { customerId: row.customerId, defectionId: row.id });
}

export async function surveyLinkForCustomer(ctx: Ctx, workspaceId: string, customerId: string) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  return issueSurveyLink(ctx.db, ctx, workspaceId, { customerId, defectionId: null });
}

/**
 * A win-back. The customer must have left (an open defection) or lapsed; it closes both, linked
 * to the given defection or the latest open one.
 */
export async function recordReactivation(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  input: RecordReactivationInput,
  recordedBy: string,
): Promise<ReactivationDto> {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  const defected = (await defectedAmong(ctx.db, workspaceId, [customerId])).has(customerId);
  const lapse = await findLapse(ctx.db, workspaceId, customerId);
  if (!defected && !lapse) throw conflict('The customer has not left or lapsed, so there is nothing to win back');
  let defectionId: string | null = null;
  if (input.defectionId) {
    const d = await findDefection(ctx.db, workspaceId, input.defectionId);
    if (!d || d.customerId !== customerId)
      throw new AppError('validation_failed', 'No such defection of this customer', {
        fields: [{ path: 'defectionId', ...problem('not_a_defection') }],
      });
    defectionId = d.id;
  } else if (defected) {
    defectionId = (await customerDefectionRows(ctx.db, workspaceId, customerId))[0]?.id ?? null;
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const row = await insertReactivation(tx, {
      workspaceId,
      id: newId(),
      customerId,
      defectionId,
      reactivatedAt: input.reactivatedAt ? new Date(input.reactivatedAt) : now,
      note: input.note ?? null,
      recordedBy,
      createdAt: now,
    });
    const wasLapsed = (await deleteLapses(tx, workspaceId, [customerId])).length > 0;
    await updateCustomer({ db: tx, now: ctx.now }, workspaceId, customerId, {
      status: 'active',
      defectedAt: null,
      defectionReason: null,
    });
    await recordEvents(tx, ctx, workspaceId, [
      {
        type: 'customer.reactivated',
        customerId,
        summary: 'Customer won back',
        occurredAt: row.reactivatedAt,
        payload: { reactivationId: row.id, defectionId, wasLapsed },
      },
    ]);
    return toReactivationDto(row);
  });
}

export async function customerHistory(ctx: Ctx, workspaceId: string, customerId: string) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  const controllable = await controllableOf(ctx.db, workspaceId);
  const [defs, reacts, lapse, defected] = await Promise.all([
    customerDefectionRows(ctx.db, workspaceId, customerId),
    customerReactivationRows(ctx.db, workspaceId, customerId),
    findLapse(ctx.db, workspaceId, customerId),
    defectedAmong(ctx.db, workspaceId, [customerId]),
  ]);
  return {
    defections: defs.map((d) => toDefectionDto(d, controllable)),
    reactivations: reacts.map(toReactivationDto),
    lapse: lapse
      ? { customerId: lapse.customerId, pAlive: lapse.pAlive, lapsedAt: lapse.lapsedAt.toISOString() }
      : null,
    defected: defected.has(customerId),
  };
}

const filterOf = (q: Partial<ListDefectionsInput>): DefectionFilter => ({
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
  reason: q.reason,
  controllable: q.controllable === undefined ? undefined : q.controllable === 'true',
  source: q.source,
  customerId: q.customerId,
});

export async function listDefections(ctx: Ctx, workspaceId: string, q: ListDefectionsInput) {
  const before = q.cursor ? decodeTimeCursor(q.cursor) : undefined;
  const controllable = await controllableOf(ctx.db, workspaceId);
  const rows = await listDefectionRows(ctx.db, workspaceId, filterOf(q), q.limit + 1, before);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => toDefectionDto(r, controllable)),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.defectedAt, last.id) : null,
  };
}

const withShares = <T extends { count: number }>(rows: T[], total: number) =>
  rows.map((r) => ({ ...r, share: total ? r.count / total : 0 }));

/** Counts and shares by reason over the period, and by UTC month (shares within each month). */
export async function defectionSummary(ctx: Ctx, workspaceId: string, q: { from?: string; to?: string }) {
  const f = filterOf(q);
  const byReason = (await countDefections(ctx.db, workspaceId, f, null)).map((r) => ({
    reasonCode: r.reason_code,
    controllable: r.controllable,
    count: r.count,
  }));
  const total = byReason.reduce((s, r) => s + r.count, 0);
  const monthly = await countDefections(ctx.db, workspaceId, f, 'month');
  const monthTotals = new Map<string, number>();
  for (const r of monthly) monthTotals.set(r.grp as string, (monthTotals.get(r.grp as string) ?? 0) + r.count);
  return {
    total,
    byReason: withShares(byReason, total),
    byMonth: monthly.map((r) => ({
      month: r.grp as string,
      reasonCode: r.reason_code,
      controllable: r.controllable,
      count: r.count,
      share: r.count / (monthTotals.get(r.grp as string) as number),
    })),
  };
}

export async function listLapsed(ctx: Ctx, workspaceId: string, q: { limit: number; cursor?: string }) {
  const before = q.cursor ? decodeTimeCursor(q.cursor) : undefined;
  const rows = await listLapseRows(ctx.db, workspaceId, q.limit + 1, before);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map((l) => ({ customerId: l.customerId, pAlive: l.pAlive, lapsedAt: l.lapsedAt.toISOString() })),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.lapsedAt, last.customerId) : null,
  };
}
