// Owns "my tasks": one person's tasks ordered by what is at stake — overdue first, then the value
// the workspace expects to lose if the customer leaves, computed at read time from the
// customers', analytics' and churn domains' declared sources (never their tables).
import { isoDay } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import { churnRiskFacts } from '../churn/index.ts';
import { liveCustomers } from '../customers/index.ts';
import type { MyTaskDto, MyTasksInput, TaskPriority } from './tasks.dto.ts';
import { listMyTaskRows, type MyTaskRow, type ValueSources } from './tasks.repository.ts';
import { toTaskDto } from './tasks.service.ts';

export const valueSources = (workspaceId: string): ValueSources => ({
  customers: liveCustomers(workspaceId),
  scores: customerScoreFacts(workspaceId),
  risks: churnRiskFacts(workspaceId),
});

/** High: overdue or a customer more likely to leave than not; medium: a risk of 20 % or more. */
export function taskPriority(r: { overdue: boolean; churnRisk: number | null }): TaskPriority {
  if (r.overdue || (r.churnRisk ?? 0) >= 0.5) return 'high';
  return (r.churnRisk ?? 0) >= 0.2 ? 'medium' : 'low';
}

const toMyTask = (r: MyTaskRow): MyTaskDto => ({
  ...toTaskDto(r),
  customerName: r.customerName,
  valueAtStakeMinor: r.valueAtStakeMinor,
  churnRisk: r.churnRisk,
  overdue: r.overdue,
  priority: taskPriority(r),
});

export async function listMyTasks(ctx: Ctx, workspaceId: string, me: string | null, q: MyTasksInput) {
  if (!me) throw new AppError('forbidden', '"My tasks" needs a signed-in person, not an API token');
  const rows = await listMyTaskRows(
    ctx.db,
    workspaceId,
    {
      assigneeId: me,
      status: q.status,
      source: q.source,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      customerId: q.customerId,
      today: isoDay(ctx.now()),
      limit: q.limit + 1,
      offset: q.offset,
    },
    valueSources(workspaceId),
  );
  const items = rows.slice(0, q.limit).map(toMyTask);
  return { items, nextOffset: rows.length > q.limit ? q.offset + q.limit : null };
}
