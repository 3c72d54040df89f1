// Assigning a complaint by hand to a member of the workspace.
import type { Ctx } from '../../deps.ts';
import { conflict, unlessNotFound } from '../../errors.ts';
import { recordEvents } from '../events/index.ts';
import { getMember } from '../users/index.ts';
import type { ComplaintDto } from './complaints.dto.ts';
import { updateComplaintIf } from './complaints.repository.ts';
import { openStatuses } from './complaints.status.ts';
import { actorLabel, complaintEvent, invalid, toComplaintDto, type Actor } from './complaints.service.ts';
import { getComplaintRow } from './complaints.read.ts';
import { problem } from '../../lib/problems.ts';

export async function assignComplaint(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: { assigneeId: string; note?: string },
  actor: Actor,
): Promise<ComplaintDto> {
  const row = await getComplaintRow(ctx, workspaceId, id);
  if (!(openStatuses as readonly string[]).includes(row.status))
    throw conflict(`A complaint that is ${row.status} is no longer assigned`);
  if (!(await unlessNotFound(getMember(ctx, workspaceId, input.assigneeId))))
    throw invalid([{ path: 'assigneeId', ...problem('not_a_member') }]);
  return ctx.db.transaction(async (tx) => {
    const updated = await updateComplaintIf(tx, workspaceId, id, row.status, {
      assigneeId: input.assigneeId,
      updatedAt: ctx.now(),
    });
    if (!updated) throw conflict('The complaint changed meanwhile; reload it and try again');
    await recordEvents(tx, ctx, workspaceId, [
      complaintEvent('complaint.assigned', updated, 'reassigned', {
        by: actorLabel(actor),
        previousAssigneeId: row.assigneeId,
        note: input.note ?? null,
      }),
    ]);
    return toComplaintDto(updated);
  });
}
