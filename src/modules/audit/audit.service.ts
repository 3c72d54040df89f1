// Use cases of the audit log: record a request or a change (appending to the workspace's chain
// under its lock), verify the chain, list rows, retention, and redaction for erasure.
import type { Ctx } from '../../deps.ts';
import type { Database, Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.ts';
import { newId } from '../../ids.ts';
import { findUsersByIds } from '../users/index.ts';
import { type Break, checkRows, detailHashOf } from './audit.chain.ts';
import { type AuditRequest, currentAuditRequest } from './audit.context.ts';
import { appendGrouped } from './audit.group.ts';
import { toAuditDto, type AuditVerifyDto, type ListAuditInput } from './audit.dto.ts';
import {
  chainRows,
  chainStart,
  deletePrefix,
  getSettings,
  insertChained,
  listRows,
  lockChain,
  redactRows,
  saveRetention,
  workspacesPastRetention,
} from './audit.repository.ts';

export type Change = {
  workspaceId: string;
  /** What happened, e.g. customer.update, complaint.transition, loyalty.adjust. */
  action: string;
  entityType: string;
  entityId: string | null;
  customerId?: string | null;
  /** Changed fields only (see `changedFields`); personal data, kept outside the chain. */
  detail?: Record<string, unknown> | null;
};

/** The fields that differ between two versions of a record, as { before, after }. */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: readonly string[] = ['updatedAt', 'createdAt', 'searchText'],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (ignore.includes(k)) continue;
    const x = before?.[k] ?? null;
    const y = after?.[k] ?? null;
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    b[k] = x;
    a[k] = y;
  }
  return { before: b, after: a };
}

const rowOf = (req: AuditRequest | undefined, change: Change, at: Date, status: number | null) => ({
  workspaceId: change.workspaceId,
  id: newId(),
  at,
  actorType: req?.actorType ?? 'system',
  actorId: req?.actorId ?? null,
  ip: req?.ip ?? null,
  userAgent: req?.userAgent ?? null,
  method: req?.method ?? null,
  route: req?.route ?? null,
  action: change.action,
  entityType: change.entityType,
  entityId: change.entityId,
  customerId: change.customerId ?? null,
  requestId: req?.requestId ?? null,
  status,
  detail: change.detail ?? null,
  detailHash: detailHashOf(change.detail ?? null),
});

/**
 * Records a change inside the caller's transaction (which commits or rolls back with it), with
 * the acting person of the current request, or `system` outside one (CLI, jobs). Call it last in
 * the transaction: the chain's lock is held from here to commit.
 */
export async function recordChange(tx: Db, now: Date, change: Change): Promise<void> {
  const req = currentAuditRequest();
  await lockChain(tx, change.workspaceId);
  await insertChained(tx, rowOf(req, change, now, null));
  if (req) req.recorded += 1;
}

/**
 * Records a request's outcome after the response is decided, in one append (one round trip)
 * shared with the other requests of the workspace finishing at the same moment (audit.group.ts);
 * answers once the row is committed. A failure is logged, never thrown: the audit must not turn an answered
 * request into a 500.
 */
export async function recordRequest(
  ctx: Ctx & { log: Logger; database: Pick<Database, 'executeSql' | 'pglite'> },
  req: AuditRequest,
  change: Omit<Change, 'workspaceId'>,
  status: number,
): Promise<boolean> {
  if (!req.workspaceId) return false;
  return appendGrouped(ctx, rowOf(req, { ...change, workspaceId: req.workspaceId }, ctx.now(), status));
}

const VERIFY_BATCH = 1_000;

/** Walks the workspace's chain from its start (or retention's anchor): the first break, if any. */
export async function verifyChain(ctx: Pick<Ctx, 'db'>, workspaceId: string): Promise<AuditVerifyDto> {
  const start = await chainStart(ctx.db, workspaceId);
  let end = start;
  let rows = 0;
  for (;;) {
    const batch = await chainRows(ctx.db, workspaceId, end.seq, VERIFY_BATCH);
    const checked = checkRows(
      batch.map((r) => ({ ...r, seq: Number(r.seq) })),
      end,
    );
    if ('broken' in checked) return result(start.seq, rows, end.seq, checked.broken);
    rows += batch.length;
    end = checked.end;
    if (batch.length < VERIFY_BATCH) return result(start.seq, rows, end.seq, null);
  }
}

const result = (fromSeq: number, rows: number, lastSeq: number, broken: Break | null): AuditVerifyDto => ({
  ok: broken === null,
  rows,
  fromSeq,
  lastSeq,
  broken,
});

export async function listAudit(ctx: Ctx, workspaceId: string, q: ListAuditInput) {
  let beforeSeq: number | undefined;
  if (q.cursor) {
    const v = decodeCursor(q.cursor);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw invalidCursor();
    beforeSeq = v;
  }
  const rows = await listRows(
    ctx.db,
    workspaceId,
    {
      actorId: q.actorId,
      actorType: q.actorType,
      entityType: q.entityType,
      entityId: q.entityId,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeSeq,
    },
    q.limit + 1,
  );
  const items = rows.slice(0, q.limit);
  const userIds = [
    ...new Set(items.filter((r) => r.actorType === 'user' && r.actorId).map((r) => r.actorId as string)),
  ];
  const names = new Map((await findUsersByIds(ctx.db, userIds)).map((u) => [u.id, u.name]));
  const last = items.at(-1);
  return {
    items: items.map((r) => toAuditDto(r, names)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(Number(last.seq)) : null,
  };
}

export const getAuditSettings = (ctx: Pick<Ctx, 'db'>, workspaceId: string) => getSettings(ctx.db, workspaceId);

export async function updateAuditSettings(ctx: Pick<Ctx, 'db'>, workspaceId: string, input: { retentionDays: number }) {
  await saveRetention(ctx.db, workspaceId, input.retentionDays);
  return getSettings(ctx.db, workspaceId);
}

const PURGE_BATCH = 5_000;
const PURGE_WORKSPACES = 200;

/** Deletes rows past each workspace's retention, oldest first, leaving the anchor. Bounded per run. */
export async function purgeExpiredAudit(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  let removed = 0;
  for (const workspaceId of await workspacesPastRetention(ctx.db, now, PURGE_WORKSPACES)) {
    const { retentionDays } = await getSettings(ctx.db, workspaceId);
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
    removed += await ctx.db.transaction(async (tx) => {
      await lockChain(tx, workspaceId);
      return deletePrefix(tx, workspaceId, cutoff, PURGE_BATCH);
    });
  }
  return removed;
}

/**
 * For erasure: replaces the detail of every row about the customer (by id, or quoting one of
 * `values`: name, e-mail, phone) with {"redacted":true}. detail_hash stays, so the chain verifies.
 */
export function redactCustomerInAudit(
  tx: Db,
  workspaceId: string,
  customerId: string,
  options: { values: string[]; now?: Date },
): Promise<number> {
  return redactRows(tx, workspaceId, customerId, options.values, options.now ?? new Date());
}
