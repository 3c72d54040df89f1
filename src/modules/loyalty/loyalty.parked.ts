// Owns what admins do with transactions that failed to earn and were parked (see the earning
// workflow): see them with their error, put one (or all) back in the queue after a fix, or
// dismiss one, which means it never earns.
import type { Ctx } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import type { ParkedEarningDto, ParkedEarningsDto } from './loyalty.dto.ts';
import { deleteParkedRow, listParkedRows, type ParkedRow, unparkRows } from './loyalty.queue.sources.ts';

type DbCtx = Pick<Ctx, 'db'>;

const LIST_LIMIT = 100;

const toDto = (r: ParkedRow): ParkedEarningDto => ({
  id: r.id,
  transactionId: r.transactionId,
  customerId: r.customerId,
  attempts: r.attempts,
  error: r.error,
  failedAt: r.failedAt.toISOString(),
  parkedAt: r.parkedAt.toISOString(),
  queuedAt: r.enqueuedAt.toISOString(),
});

export async function listParked(ctx: DbCtx, workspaceId: string): Promise<ParkedEarningsDto> {
  const { items, total } = await listParkedRows(ctx.db, workspaceId, LIST_LIMIT);
  return { items: items.map(toDto), total };
}

/** Back in the queue, due at once; the next run tries it (once more: failing again parks it again). */
export async function retryParked(ctx: DbCtx, workspaceId: string, id: string): Promise<void> {
  if ((await unparkRows(ctx.db, workspaceId, id)) === 0) throw notFound('Parked transaction');
}

/** Every parked transaction of the workspace back in the queue (after fixing what failed them all). */
export async function retryAllParked(ctx: DbCtx, workspaceId: string): Promise<{ requeued: number }> {
  return { requeued: await unparkRows(ctx.db, workspaceId) };
}

export async function dismissParked(ctx: DbCtx, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteParkedRow(ctx.db, workspaceId, id))) throw notFound('Parked transaction');
}
