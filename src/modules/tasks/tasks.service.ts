// Owns task use cases: create (assign), list (mine, a customer's, by status), change. The status
// follows tasks.status.ts (done needs an outcome); the change is a conditional update on the
// status read, so two people closing one task at once cannot both win. A new reminder time
// re-arms the reminder.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, invalidField } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { getMember } from '../users/index.ts';
import type { CreateTaskInput, ListTasksInput, TaskDto, UpdateTaskInput } from './tasks.dto.ts';
import { findTask, insertTask, listTaskRows, type TaskRow, updateTaskRow } from './tasks.repository.ts';
import { assertTaskMove } from './tasks.status.ts';
import { problem } from '../../lib/problems.ts';

export const toTaskDto = (r: TaskRow): TaskDto => ({
  id: r.id,
  title: r.title,
  customerId: r.customerId,
  assigneeId: r.assigneeId,
  dueOn: r.dueOn,
  remindAt: isoOrNull(r.remindAt),
  remindedAt: isoOrNull(r.remindedAt),
  status: r.status,
  outcome: r.outcome,
  source: r.source,
  createdBy: r.createdBy,
  closedAt: isoOrNull(r.closedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

async function assertAssignee(ctx: Ctx, workspaceId: string, userId: string) {
  try {
    await getMember(ctx, workspaceId, userId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found')
      throw invalidField('assigneeId', problem('no_such_member'));
    throw err;
  }
}

export async function createTask(ctx: Ctx, workspaceId: string, input: CreateTaskInput, createdBy: string | null) {
  await assertAssignee(ctx, workspaceId, input.assigneeId);
  if (input.customerId && !(await existingCustomerIds(ctx.db, workspaceId, [input.customerId])).has(input.customerId))
    throw invalidField('customerId', problem('no_such_customer'));
  const now = ctx.now();
  return toTaskDto(
    await insertTask(ctx.db, {
      workspaceId,
      id: newId(),
      title: input.title,
      customerId: input.customerId ?? null,
      assigneeId: input.assigneeId,
      dueOn: input.dueOn ?? null,
      remindAt: input.remindAt ? new Date(input.remindAt) : null,
      status: 'open',
      source: input.source ?? 'manual',
      createdBy,
      createdAt: now,
      updatedAt: now,
    }),
  );
}

export async function updateTask(ctx: Ctx, workspaceId: string, id: string, patch: UpdateTaskInput) {
  const current = await findTask(ctx.db, workspaceId, id);
  if (!current) throw notFound('Task');
  const moving = patch.status !== undefined && patch.status !== current.status;
  if (patch.status !== undefined && patch.status === current.status && current.status !== 'open')
    assertTaskMove(current.status, patch.status);
  if (moving) assertTaskMove(current.status, patch.status as TaskRow['status']);
  if (patch.status === 'done' && moving && !(patch.outcome ?? current.outcome))
    throw invalidField('outcome', problem('outcome_required'));
  if (patch.assigneeId) await assertAssignee(ctx, workspaceId, patch.assigneeId);
  const now = ctx.now();
  const closing = moving && patch.status !== 'open';
  const reopening = moving && patch.status === 'open';
  const remindAt = patch.remindAt === undefined ? undefined : patch.remindAt === null ? null : new Date(patch.remindAt);
  const row = await updateTaskRow(ctx.db, workspaceId, id, current.status, {
    title: patch.title,
    assigneeId: patch.assigneeId,
    dueOn: patch.dueOn,
    status: patch.status,
    outcome: patch.outcome,
    remindAt,
    // A new reminder time (or a new assignee) is a new reminder to send.
    remindedAt: remindAt !== undefined || patch.assigneeId ? null : undefined,
    closedAt: closing ? now : reopening ? null : undefined,
    updatedAt: now,
  });
  if (!row) throw new AppError('conflict', 'The task changed meanwhile; load it again');
  return toTaskDto(row);
}

export async function getTask(ctx: Ctx, workspaceId: string, id: string) {
  const row = await findTask(ctx.db, workspaceId, id);
  if (!row) throw notFound('Task');
  return toTaskDto(row);
}

export async function listTasks(ctx: Ctx, workspaceId: string, q: ListTasksInput, me: string | null) {
  if (q.assignee === 'me' && !me) throw invalidField('query.assignee', problem('me_needs_person'));
  const assigneeId = q.assignee === 'me' ? (me as string) : q.assignee;
  const rows = await listTaskRows(
    ctx.db,
    workspaceId,
    { assigneeId, customerId: q.customerId, status: q.status },
    q.limit + 1,
    q.cursor ? decodeIdCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(toTaskDto), nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.id) : null };
}
