// Owns what a member sees and what staff post for one: the account (balance, spendable,
// pending, expiring, level and progress), the statement, adjustments and goodwill compensation.
import { addDays, addMonths } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { customerExists } from '../customers/index.ts';
import { recordEvents } from '../events/index.ts';
import type { AccountDto, EntryDto } from './loyalty.dto.ts';
import { postLedger } from './loyalty.ledger.ts';
import { findAccount } from './loyalty.accounts.repository.ts';
import { recordChange } from '../audit/index.ts';
import { type EntryRow } from './loyalty.repository.ts';
import { listEntryRows, memberLots, memberSnapshot } from './loyalty.ledger.repository.ts';
import { requireProgram, toLevelDto } from './loyalty.service.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';

export const EXPIRING_SOON_DAYS = 30;

export const toEntryDto = (r: EntryRow): EntryDto => ({
  id: r.id,
  kind: r.kind,
  points: r.points,
  occurredAt: r.occurredAt.toISOString(),
  idempotencyKey: r.idempotencyKey,
  transactionId: r.transactionId,
  reversesEntryId: r.reversesEntryId,
  redemptionId: r.redemptionId,
  spendMinor: r.spendMinor,
  reason: r.reason,
  breakdown: r.breakdown,
  createdAt: r.createdAt.toISOString(),
});

/** 404 unless the customer exists (and is not deleted) in this workspace. */
export async function requireCustomer(db: Db, workspaceId: string, customerId: string): Promise<void> {
  if (!(await customerExists(db, workspaceId, customerId))) throw notFound('Customer');
}

/** A member's account as of now; a customer who never earned has an empty one. One query. */
export async function accountOf(db: Db, now: Date, workspaceId: string, customerId: string): Promise<AccountDto> {
  const m = await memberSnapshot(db, workspaceId, customerId, now, addDays(now, EXPIRING_SOON_DAYS));
  const months = m.program?.qualificationMonths ?? 12;
  const basis = m.program?.levelBasis ?? 'points';
  const level = m.levels.find((l) => l.id === m.account?.levelId) ?? null;
  const next = m.levels.find((l) => l.rank > (level?.rank ?? -1) && l.threshold > m.qualifying) ?? null;
  return {
    customerId,
    pointsUnit: m.program?.pointsUnit ?? 'points',
    balance: m.account?.balance ?? 0,
    spendable: m.spendable,
    pending: m.pending,
    expiringSoon: m.expiringSoon,
    debt: m.account?.debt ?? 0,
    level: level ? toLevelDto(level) : null,
    levelSince: m.account?.levelSince?.toISOString() ?? null,
    reviewAt: m.account?.reviewAt?.toISOString() ?? null,
    graceUntil: m.account?.graceUntil?.toISOString() ?? null,
    qualifying: { basis, value: m.qualifying, since: addMonths(now, -months).toISOString() },
    nextLevel: next
      ? { id: next.id, name: next.name, threshold: next.threshold, toGo: next.threshold - m.qualifying }
      : null,
  };
}

export async function getAccount(ctx: Ctx, workspaceId: string, customerId: string): Promise<AccountDto> {
  await requireCustomer(ctx.db, workspaceId, customerId);
  return accountOf(ctx.db, ctx.now(), workspaceId, customerId);
}

export async function statement(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  q: { from?: string; to?: string; limit: number; cursor?: string },
) {
  await requireCustomer(ctx.db, workspaceId, customerId);
  let before: { occurredAt: Date; id: string } | undefined;
  if (q.cursor) {
    const c = decodeTimeCursor(q.cursor);
    before = { occurredAt: c.at, id: c.id };
  }
  const now = ctx.now();
  const [account, rows, lots] = await Promise.all([
    accountOf(ctx.db, now, workspaceId, customerId),
    listEntryRows(
      ctx.db,
      workspaceId,
      customerId,
      { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
      q.limit + 1,
      before,
    ),
    memberLots(ctx.db, workspaceId, customerId),
  ]);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const expiring = new Map<string, number>();
  for (const l of lots)
    if (l.expiresAt && l.expiresAt > now)
      expiring.set(l.expiresAt.toISOString(), (expiring.get(l.expiresAt.toISOString()) ?? 0) + l.remaining);
  return {
    account,
    entries: items.map(toEntryDto),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.occurredAt, last.id) : null,
    pendingLots: lots
      .filter((l) => l.availableAt > now && (!l.expiresAt || l.expiresAt > now))
      .map((l) => ({
        points: l.remaining,
        earnedAt: l.earnedAt.toISOString(),
        availableAt: l.availableAt.toISOString(),
      })),
    expiring: [...expiring].sort(([a], [b]) => (a < b ? -1 : 1)).map(([expiresAt, points]) => ({ expiresAt, points })),
  };
}

type ManualPosting = { points: number; reason: string; idempotencyKey?: string };

/**
 * A manual entry: a compensation (goodwill, positive) or an adjustment (either sign; a negative
 * one may not exceed the member's unexpired points). Credits follow the program's expiry.
 */
type ManualInput = { points: number; reason: string; idempotencyKey?: string };

/** Posts an adjustment or goodwill compensation inside the caller's transaction, with its event. */
export async function postManualInTx(
  tx: Db,
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  kind: 'adjust' | 'compensation',
  input: ManualInput,
  actor: string | null,
) {
  const program = await requireProgram(tx, workspaceId);
  const key = `${kind}:${input.idempotencyKey ?? newId()}`;
  const now = ctx.now();
  const [r] = await postLedger(tx, ctx, workspaceId, [
    {
      customerId,
      kind,
      key,
      occurredAt: now,
      reason: input.reason,
      actor,
      spec:
        input.points > 0
          ? {
              op: 'credit',
              points: input.points,
              availableAt: now,
              expiresAt: program.expiryMonths ? addMonths(now, program.expiryMonths) : null,
            }
          : { op: 'debit', points: -input.points, from: 'unexpired', overdraft: 'reject' },
    },
  ]);
  const entry = r.entry as EntryRow;
  if (r.status === 'existing' && entry.points !== input.points)
    throw new AppError(
      'idempotency_conflict',
      `The idempotency key "${input.idempotencyKey}" was already used for ${entry.points} points`,
    );
  if (r.status === 'created') {
    const summary =
      kind === 'compensation'
        ? `Goodwill: ${entry.points} ${program.pointsUnit} — ${input.reason}`
        : `Adjustment of ${entry.points > 0 ? '+' : ''}${entry.points} ${program.pointsUnit} — ${input.reason}`;
    await recordEvents(tx, ctx, workspaceId, [
      {
        type: kind === 'compensation' ? 'loyalty.compensation_granted' : 'loyalty.points_adjusted',
        customerId,
        summary,
        payload: { entryId: entry.id, points: entry.points, reason: input.reason, actor },
      },
    ]);
    // The account row is locked by the posting: its balance is the one after it.
    const balance = (await findAccount(tx, workspaceId, customerId))?.balance ?? 0;
    await recordChange(tx, now, {
      workspaceId,
      action: kind === 'compensation' ? 'loyalty.compensation' : 'loyalty.adjust',
      entityType: 'customers',
      entityId: customerId,
      customerId,
      detail: {
        before: { balance: balance - entry.points },
        after: { balance },
        points: entry.points,
        reason: input.reason,
      },
    });
  }
  return r;
}

/**
 * Credits many members at once inside the caller's transaction (e.g. a campaign's bonus points):
 * one ledger posting with every member's account locked in id order, idempotent per key, and one
 * `loyalty.points_adjusted` event per entry created. Keys are used as given (callers prefix them).
 */
export async function creditManyInTx(
  tx: Db,
  ctx: Ctx,
  workspaceId: string,
  items: { customerId: string; points: number; key: string; reason: string }[],
  actor: string | null,
) {
  if (items.length === 0) return [];
  const program = await requireProgram(tx, workspaceId);
  const now = ctx.now();
  const expiresAt = program.expiryMonths ? addMonths(now, program.expiryMonths) : null;
  const results = await postLedger(
    tx,
    ctx,
    workspaceId,
    items.map((i) => ({
      customerId: i.customerId,
      kind: 'adjust' as const,
      key: i.key,
      occurredAt: now,
      reason: i.reason,
      actor,
      spec: { op: 'credit' as const, points: i.points, availableAt: now, expiresAt },
    })),
  );
  const created = results.filter((r) => r.status === 'created' && r.entry).map((r) => r.entry as EntryRow);
  await recordEvents(
    tx,
    ctx,
    workspaceId,
    created.map((entry) => ({
      type: 'loyalty.points_adjusted',
      customerId: entry.customerId,
      summary: `Adjustment of +${entry.points} ${program.pointsUnit} — ${entry.reason ?? ''}`,
      payload: { entryId: entry.id, points: entry.points, reason: entry.reason, actor },
    })),
  );
  return results;
}

export async function postManual(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  kind: 'adjust' | 'compensation',
  input: ManualPosting,
  actor: string | null,
) {
  await requireCustomer(ctx.db, workspaceId, customerId);
  await requireProgram(ctx.db, workspaceId);
  const result = await ctx.db.transaction((tx) => postManualInTx(tx, ctx, workspaceId, customerId, kind, input, actor));
  return {
    entry: toEntryDto(result.entry as EntryRow),
    created: result.status === 'created',
    account: await accountOf(ctx.db, ctx.now(), workspaceId, customerId),
  };
}
