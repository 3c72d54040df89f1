// Demo account books, tasks and recognition: two demo account managers join the workspace's
// people (when it has fewer than three), each person gets a capacity and a book of the most
// valuable customers, tasks of every source (some overdue, one with a reminder), a team with
// goals for the quarter, and a few kudos — some for customers' compliments. Runs once per
// workspace (skipped when any customer was ever assigned).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../deps.ts';
import { addDays, isoDay } from '../../lib/dates.ts';
import { customerScoreFacts } from '../../modules/analytics/index.ts';
import { assignCustomers, hasBookHistory, setCapacity, type Viewer } from '../../modules/books/index.ts';
import { liveCustomers } from '../../modules/customers/index.ts';
import { positiveMentionFacts } from '../../modules/feedback/index.ts';
import { createTeam, giveKudos, setGoal } from '../../modules/people/index.ts';
import { createTask, taskSources } from '../../modules/tasks/index.ts';
import { addMember, listWorkspaceMembers } from '../../modules/users/index.ts';

const colleagues = [
  { email: 'ana.souza@demo.tenure.local', name: 'Ana Souza' },
  { email: 'diego.ruiz@demo.tenure.local', name: 'Diego Ruiz' },
];
const taskTitles = [
  'Call about the renewal',
  'Check in after the late delivery',
  'Offer the upgrade from the campaign',
  'Follow up the detractor answer',
  'Review the open complaint with the customer',
];
const PER_BOOK = 40;

export async function loadDemoBooks(ctx: Ctx, workspaceId: string, end: Date) {
  if (await hasBookHistory(ctx, workspaceId)) return { books: 0, tasks: 0, kudos: 0 };
  let members = await listWorkspaceMembers(ctx, workspaceId);
  if (members.length < 3)
    for (const c of colleagues)
      if (!members.some((m) => m.email === c.email))
        await addMember(
          ctx,
          workspaceId,
          { role: 'owner' },
          {
            ...c,
            role: 'account_manager',
            password: `${randomBytes(18).toString('base64url')}-Demo`,
          },
        );
  members = await listWorkspaceMembers(ctx, workspaceId);
  const owner = members.find((m) => m.role === 'owner') ?? members[0];
  const managers = [owner, ...members.filter((m) => m.role === 'account_manager')].slice(0, 4);
  const system: Viewer = { role: 'owner', personId: owner.id, label: 'system:demo' };
  const customers = await queryRows<{ id: string }>(
    ctx.db,
    sql`select c.id from (${liveCustomers(workspaceId)}) c left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.id
        where c.status = 'active' order by s.clv_minor desc nulls last, c.id limit ${PER_BOOK * managers.length}`,
  );
  let tasks = 0;
  for (const [i, m] of managers.entries()) {
    await setCapacity(ctx, workspaceId, system, m.id, m.id === owner.id ? 60 : 120);
    const book = customers.filter((_, j) => j % managers.length === i).map((c) => c.id);
    if (book.length)
      await assignCustomers(ctx, workspaceId, system, { customerIds: book, userId: m.id, reason: 'Demo' });
    for (let k = 0; k < Math.min(5, book.length); k++) {
      await createTask(
        ctx,
        workspaceId,
        {
          title: taskTitles[k],
          customerId: book[k],
          assigneeId: m.id,
          source: taskSources[k],
          dueOn: isoDay(addDays(end, k - 2)),
          ...(k === 4 ? { remindAt: addDays(end, 3).toISOString() } : {}),
        },
        'system:demo',
      );
      tasks++;
    }
  }
  const team = await createTeam(ctx, workspaceId, system, {
    name: 'Account management',
    managerId: owner.id,
    memberIds: managers.map((m) => m.id),
  });
  const quarter = { periodFrom: isoDay(addDays(end, -90)), periodTo: isoDay(end) };
  await setGoal(ctx, workspaceId, system, {
    subjectKind: 'team',
    subjectId: team.id,
    metric: 'book_retention',
    target: 90,
    ...quarter,
  });
  await setGoal(ctx, workspaceId, system, {
    subjectKind: 'team',
    subjectId: team.id,
    metric: 'positive_mentions',
    target: 6,
    ...quarter,
  });
  const praise = await queryRows<{ employee_id: string; id: string }>(
    ctx.db,
    sql`select employee_id, id from (${positiveMentionFacts(workspaceId, addDays(end, -400), addDays(end, 1))}) m order by id`,
  );
  let kudos = 0;
  for (const [i, from] of managers.entries()) {
    const to = managers[(i + 1) % managers.length];
    if (to.id === from.id) continue;
    const forPraise = praise.find((p) => p.employee_id === to.id);
    await giveKudos(
      ctx,
      workspaceId,
      { role: from.role, personId: from.id, label: `user:${from.id}` },
      {
        toUserId: to.id,
        message: forPraise ? 'Thank you for how you looked after this customer' : 'Great teamwork on the renewals',
        ...(forPraise ? { feedbackId: forPraise.id } : {}),
      },
    );
    kudos++;
  }
  return { books: managers.length, tasks, kudos };
}
