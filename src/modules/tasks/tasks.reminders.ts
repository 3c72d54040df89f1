// Owns sending task reminders: a bounded batch of due reminders is claimed (SKIP LOCKED) and each
// becomes one message to the assignee in the notifications outbox, in the same transaction. The
// claim marks the task reminded and the outbox's dedupe key (task + reminder time) makes a second
// run — or a second worker — add nothing: exactly one message per reminder.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { enqueueStaffNotification } from '../notifications/index.ts';
import { claimDueReminders } from './tasks.repository.ts';

const BATCH = 200;

export async function sendDueTaskReminders(
  ctx: Ctx & { config: Pick<Config, 'smtp' | 'publicUrl'> },
): Promise<{ sent: number; more: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const due = await claimDueReminders(tx, ctx.now(), BATCH);
    for (const task of due) {
      await enqueueStaffNotification(tx, { now: ctx.now, config: ctx.config }, task.workspaceId, {
        userId: task.assigneeId,
        templateKey: 'task.reminder',
        vars: {
          title: task.title,
          ...(task.dueOn ? { dueOn: task.dueOn } : {}),
          taskUrl: `${ctx.config.publicUrl.replace(/\/$/, '')}/my/tasks`,
        },
        dedupeKey: `task-reminder:${task.id}:${task.remindAt?.toISOString() ?? ''}`,
      });
    }
    return { sent: due.length, more: due.length === BATCH };
  });
}
