// Owns creating many tasks at once for work done in batches (a campaign's task action): the same
// rules as one task (the assignee is a member of the workspace, the customer exists, a title of
// 1–200 characters) checked for the whole batch in a few queries, then one set-based insert. Each
// task carries a dedupe key (e.g. campaign × customer × action): a key already used is not
// inserted again, so a retried or resumed batch never makes a second task.
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { getMember } from '../users/index.ts';
import { insertTasksOnce } from './tasks.repository.ts';
import type { TaskSource } from './tasks.schema.ts';

export type TaskDraft = {
  /** Unique per task in the workspace; a second draft with a used key is not created. */
  dedupeKey: string;
  title: string;
  customerId: string;
  assigneeId: string;
  dueOn?: string | null;
  source: TaskSource;
};

/** Per draft (by dedupe key): created now, created before, or why not (nothing written for it). */
export type TaskDraftOutcome = 'created' | 'existed' | 'no_such_assignee' | 'no_such_customer' | 'invalid_title';

export async function createTasksInBatch(
  ctx: Ctx,
  workspaceId: string,
  drafts: TaskDraft[],
  createdBy: string | null,
): Promise<Map<string, TaskDraftOutcome>> {
  const out = new Map<string, TaskDraftOutcome>();
  if (drafts.length === 0) return out;
  const members = new Map<string, boolean>();
  for (const id of new Set(drafts.map((d) => d.assigneeId)))
    members.set(
      id,
      await getMember(ctx, workspaceId, id).then(
        () => true,
        (err) => {
          if (err instanceof AppError && err.code === 'not_found') return false;
          throw err;
        },
      ),
    );
  const customers = await existingCustomerIds(
    ctx.db,
    workspaceId,
    drafts.map((d) => d.customerId),
  );
  const now = ctx.now();
  const rows = [];
  for (const d of drafts) {
    const title = d.title.trim();
    if (title.length === 0 || title.length > 200) out.set(d.dedupeKey, 'invalid_title');
    else if (!members.get(d.assigneeId)) out.set(d.dedupeKey, 'no_such_assignee');
    else if (!customers.has(d.customerId)) out.set(d.dedupeKey, 'no_such_customer');
    else
      rows.push({
        workspaceId,
        id: newId(),
        title,
        customerId: d.customerId,
        assigneeId: d.assigneeId,
        dueOn: d.dueOn ?? null,
        status: 'open' as const,
        source: d.source,
        createdBy,
        dedupeKey: d.dedupeKey,
        createdAt: now,
        updatedAt: now,
      });
  }
  const inserted = await insertTasksOnce(ctx.db, rows);
  for (const r of rows) out.set(r.dedupeKey, inserted.has(r.dedupeKey) ? 'created' : 'existed');
  return out;
}
