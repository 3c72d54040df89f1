// Tasks, account books and recognition through the API, on the real database: the task status
// machine and "my tasks" by value at stake; the reminder job (exactly one message, however often
// it runs); (bulk) assignment with history and a leaver's book spread by capacity, their open
// tasks following; kudos linked to positive feedback; and who may see whose figures.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { silentLogger } from '../../logger.ts';
import { type OutgoingMessage, type Senders, sendDueNotifications } from '../notifications/index.ts';
import { sendDueTaskReminders } from '../tasks/index.ts';
import { newId } from '../../ids.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
type Person = { id: string; email: string; password: string; cookie: string };
let am1: Person;
let am2: Person;
let am3: Person;
let agent: Person;
let manager: Person;

async function person(role: 'account_manager' | 'agent' | 'manager'): Promise<Person> {
  const m = await ws.member(role);
  return { id: m.id, email: m.email, password: m.password, cookie: (await t.signIn(m.email, m.password)).cookie };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-15T12:00:00Z'));
  ws = await t.workspace('Books Shop');
  am1 = await person('account_manager');
  am2 = await person('account_manager');
  am3 = await person('account_manager');
  agent = await person('agent');
  manager = await person('manager');
});
afterAll(() => t.close());

const as = (who: Person | 'owner') => (who === 'owner' ? { token: ws.ownerToken } : { cookie: who.cookie });
const call = (method: string, path: string, body?: unknown, who: Person | 'owner' = 'owner') =>
  t.request(method, `/api/v1${path}`, { ...as(who), body });
async function ok(method: string, path: string, body?: unknown, who: Person | 'owner' = 'owner') {
  const r = await call(method, path, body, who);
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}

async function customer(name: string, risk?: number, lossMinor?: number, acquiredAt = '2025-01-01T00:00:00Z') {
  const id = (await ok('POST', '/customers', { name, acquiredAt })).id;
  if (risk !== undefined)
    await t.deps.db.execute(
      sql`insert into churn_risk (workspace_id, customer_id, run_id, basis, risk, drivers, value_at_stake_minor, expected_loss_minor, computed_at)
          values (${ws.id}, ${id}, ${newId()}, 'purchase', ${risk}, '[]'::jsonb, ${lossMinor ?? 0}, ${lossMinor ?? 0}, now())`,
    );
  return id as string;
}

describe('tasks', () => {
  test('the status machine: done needs an outcome, a wrong move is a 409 naming the allowed states', async () => {
    const c = await customer('Status Co');
    const task = await ok('POST', '/tasks', { title: 'Call', customerId: c, assigneeId: am1.id, source: 'complaint' });
    expect(task).toMatchObject({ status: 'open', source: 'complaint', remindAt: null });
    const noOutcome = await call('PATCH', `/tasks/${task.id}`, { status: 'done' });
    expect(noOutcome.status).toBe(422);
    expect(noOutcome.text).toContain('outcome');
    const done = await ok('PATCH', `/tasks/${task.id}`, { status: 'done', outcome: 'Renewed' });
    expect(done).toMatchObject({ status: 'done', outcome: 'Renewed' });
    expect(done.closedAt).not.toBeNull();
    const wrong = await call('PATCH', `/tasks/${task.id}`, { status: 'cancelled' });
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('it can become open');
    const reopened = await ok('PATCH', `/tasks/${task.id}`, { status: 'open', assigneeId: am2.id });
    expect(reopened).toMatchObject({ status: 'open', assigneeId: am2.id, closedAt: null });
    expect((await call('POST', '/tasks', { title: 'x', assigneeId: am1.id, source: 'telepathy' })).status).toBe(422);
    expect((await call('POST', '/tasks', { title: 'x', assigneeId: am1.id, remindAt: 'soon' })).status).toBe(422);
    expect((await call('PATCH', `/tasks/${newId()}`, { title: 'x' })).status).toBe(404);
  });

  test('my tasks: overdue first, then by value at stake; filters by source and overdue', async () => {
    const big = await customer('Big Co', 0.6, 900_000);
    const small = await customer('Small Co', 0.1, 5_000);
    const mid = await customer('Mid Co', 0.3, 80_000);
    await ok('POST', '/tasks', { title: 'small', customerId: small, assigneeId: agent.id, dueOn: '2026-06-01' });
    await ok('POST', '/tasks', { title: 'big', customerId: big, assigneeId: agent.id, source: 'churn_worklist' });
    await ok('POST', '/tasks', { title: 'mid', customerId: mid, assigneeId: agent.id, source: 'campaign' });
    await ok('POST', '/tasks', { title: 'none', assigneeId: agent.id, source: 'survey_detractor' });
    const mine = await ok('GET', '/me/tasks', undefined, agent);
    expect(mine.items.map((x: { title: string }) => x.title)).toEqual(['small', 'big', 'mid', 'none']);
    expect(mine.items[0]).toMatchObject({ overdue: true, priority: 'high', customerName: 'Small Co' });
    expect(mine.items[1]).toMatchObject({ valueAtStakeMinor: 900_000, priority: 'high', churnRisk: 0.6 });
    expect(mine.items[2]).toMatchObject({ valueAtStakeMinor: 80_000, priority: 'medium' });
    const campaign = await ok('GET', '/me/tasks?source=campaign', undefined, agent);
    expect(campaign.items.map((x: { title: string }) => x.title)).toEqual(['mid']);
    const notOverdue = await ok('GET', '/me/tasks?overdue=false&limit=1', undefined, agent);
    expect(notOverdue).toMatchObject({ items: [{ title: 'big' }], nextOffset: 1 });
    expect((await call('GET', '/me/tasks?source=nope', undefined, agent)).status).toBe(422);
    expect((await call('GET', '/me/tasks')).status).toBe(403); // an API token is nobody's "me"
  });

  test('a due reminder becomes exactly one message to the assignee, however often the job runs', async () => {
    const task = await ok('POST', '/tasks', {
      title: 'Renewal call',
      assigneeId: am3.id,
      dueOn: '2026-06-20',
      remindAt: '2026-06-15T13:00:00Z',
    });
    const ctx = { db: t.deps.db, now: t.deps.now, config: t.config };
    expect((await sendDueTaskReminders(ctx)).sent).toBe(0); // not due yet
    t.clock.set(new Date('2026-06-15T13:05:00Z'));
    const runs = await Promise.all([sendDueTaskReminders(ctx), sendDueTaskReminders(ctx)]);
    expect(runs.map((r) => r.sent).reduce((a, b) => a + b)).toBe(1);
    expect((await sendDueTaskReminders(ctx)).sent).toBe(0);
    const outbox = (await ok('GET', '/notifications?limit=200')).items.filter(
      (n: { userId: string | null }) => n.userId === am3.id,
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ templateKey: 'task.reminder', customerId: null, status: 'pending' });
    expect((await ok('GET', `/tasks/${task.id}`)).remindedAt).toBe('2026-06-15T13:05:00.000Z');

    const sent: OutgoingMessage[] = [];
    const capture = {
      channel: 'email',
      configured: true,
      send: async (m: OutgoingMessage) => {
        sent.push(m);
        return { status: 'sent' as const, providerMessageId: null };
      },
    };
    const senders = { email: capture, sms: capture, whatsapp: capture } as unknown as Senders;
    await sendDueNotifications({ db: t.deps.db, now: t.deps.now, log: silentLogger, config: t.config }, senders);
    const mine = sent.filter((m) => m.to === am3.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].content.subject).toBe('Reminder: Renewal call');
    expect(mine[0].content.text).toContain('2026-06-20');

    // A new reminder time re-arms it: one more message, not two.
    await ok('PATCH', `/tasks/${task.id}`, { remindAt: '2026-06-16T09:00:00Z' });
    t.clock.set(new Date('2026-06-16T09:01:00Z'));
    expect((await sendDueTaskReminders(ctx)).sent).toBe(1);
    expect((await sendDueTaskReminders(ctx)).sent).toBe(0);
    t.clock.set(new Date('2026-06-15T12:00:00Z'));
  });
});

describe('books', () => {
  test('bulk assignment with history, then a leaver’s book spread by capacity; open tasks follow', async () => {
    const leaver = await person('account_manager');
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await customer(`Book ${i}`, 0.1 * (i + 1), 10_000 * (i + 1)));
    const assigned = await ok('POST', '/books/assign', { customerIds: ids, userId: leaver.id, reason: 'New hire' });
    expect(assigned).toMatchObject({ changed: 6, to: [{ userId: leaver.id, customers: 6 }] });
    expect((await ok('POST', '/books/assign', { customerIds: ids, userId: leaver.id })).changed).toBe(0);
    const open = await ok('POST', '/tasks', { title: 'Visit', customerId: ids[5], assigneeId: leaver.id });
    const loose = await ok('POST', '/tasks', { title: 'Paperwork', assigneeId: leaver.id });

    const myBook = await ok('GET', '/me/book', undefined, leaver);
    expect(myBook.kpis).toMatchObject({ customers: 6, atRisk: 2, expectedLossMinor: 210_000 });
    expect(myBook.customers.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    expect(myBook.customers[0]).toMatchObject({ valueAtStakeMinor: 60_000, openTasks: 1 });

    await ok('PUT', `/books/${am1.id}/capacity`, { capacity: 20 });
    await ok('PUT', `/books/${am2.id}/capacity`, { capacity: 10 });
    const spread = await ok('POST', `/books/${leaver.id}/reassign`, {
      mode: 'spread',
      among: [am1.id, am2.id],
      reason: 'Left the company',
    });
    expect(spread.changed).toBe(6);
    expect(
      Object.fromEntries(spread.to.map((x: { userId: string; customers: number }) => [x.userId, x.customers])),
    ).toEqual({
      [am1.id]: 4,
      [am2.id]: 2,
    });
    expect(spread.tasksMoved).toBe(2);
    const visit = await ok('GET', `/tasks/${open.id}`);
    const history = (await ok('GET', `/books/history?customerId=${ids[5]}`)).items;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      fromUserId: leaver.id,
      reason: 'Left the company',
      by: expect.stringMatching(/^token:/),
    });
    expect(history[0].toUserId).toBe(visit.assigneeId);
    expect((await ok('GET', `/tasks/${loose.id}`)).assigneeId).toBe(am1.id);
    expect((await ok('GET', '/me/book', undefined, leaver)).kpis.customers).toBe(0);

    const bad = [
      await call('POST', `/books/${am1.id}/reassign`, { mode: 'one' }),
      await call('POST', `/books/${am1.id}/reassign`, { mode: 'one', toUserId: am1.id }),
      await call('POST', `/books/${am1.id}/reassign`, { mode: 'spread', among: [newId()] }),
      await call('PUT', `/books/${am1.id}/capacity`, { capacity: -1 }),
      await call('POST', '/books/assign', { customerIds: [], userId: am1.id }),
      await call('POST', '/books/assign', { customerIds: [ids[0]], userId: newId() }),
    ];
    expect(bad.map((r) => r.status)).toEqual([422, 422, 422, 422, 422, 422]);
    expect((await call('POST', `/books/${am1.id}/reassign`, { mode: 'one', toUserId: am2.id }, am2)).status).toBe(403);
  });

  test('book retention is shown against what the models expected for that book', async () => {
    const keeper = await person('account_manager');
    const stay = [await customer('Stay 1', 0.5), await customer('Stay 2', 0.5)];
    const gone = await customer('Gone', 0.5);
    await ok('POST', '/books/assign', { customerIds: [...stay, gone], userId: keeper.id });
    await ok('PATCH', `/customers/${gone}`, { status: 'defected', defectedAt: '2026-05-01T00:00:00Z' });
    const k = await ok('GET', `/books/${keeper.id}?from=2026-03-01&to=2026-06-01`, undefined, keeper);
    expect(k.retention).toMatchObject({ base: 3, retained: 2, scored: 3, expected: 0.5 });
    expect(k.retention.actual).toBeCloseTo(2 / 3, 10);
    expect(k.retention.difference).toBeCloseTo(2 / 3 - 0.5, 10);
    const se = Math.sqrt(3 * 0.25) / 3;
    expect(k.retention.high - k.retention.low).toBeCloseTo(2 * 1.959964 * se, 5);
    expect((await call('GET', `/books/${keeper.id}?from=2026-06-01&to=2026-03-01`)).status).toBe(422);
  });
});

describe('people: recognition and who sees whose figures', () => {
  test('kudos, optionally for a positive feedback item, on the recognition board', async () => {
    const c = await customer('Kudos Co');
    const praise = await ok('POST', '/feedback', {
      kind: 'compliment',
      customerId: c,
      employeeId: am1.id,
      body: 'Great help',
    });
    const note = await ok('POST', '/feedback', {
      kind: 'agent_note',
      customerId: c,
      sentiment: 'negative',
      body: 'Angry',
    });
    const k = await ok('POST', '/kudos', { toUserId: am1.id, message: 'Well done', feedbackId: praise.id }, am2);
    expect(k).toMatchObject({ fromUserId: am2.id, toUserId: am1.id, feedbackBody: 'Great help' });
    const board = (await ok('GET', '/kudos', undefined, agent)).items;
    expect(board[0]).toMatchObject({ id: k.id, fromName: 'A account_manager', message: 'Well done' });
    expect((await call('POST', '/kudos', { toUserId: am2.id, message: 'me!' }, am2)).status).toBe(422);
    expect((await call('POST', '/kudos', { toUserId: am1.id, message: 'x', feedbackId: note.id }, am2)).status).toBe(
      422,
    );
    expect((await call('POST', '/kudos', { toUserId: newId(), message: 'x' }, am2)).status).toBe(422);
    expect((await call('POST', '/kudos', { toUserId: am1.id, message: '' }, am2)).status).toBe(422);
    const figures = await ok('GET', `/people/${am1.id}/figures?from=2026-06-01&to=2026-07-01`, undefined, am1);
    expect(figures.figures).toMatchObject({ kudos: 1, positiveMentions: 1 });
  });

  test('people see their own figures and their team’s totals; managers see everyone’s; otherwise 403', async () => {
    const team = await ok('POST', '/teams', { name: 'North', managerId: manager.id, memberIds: [am1.id, am2.id] });
    expect((await call('POST', '/teams', { name: 'north', memberIds: [] })).status).toBe(409);
    expect((await call('POST', '/teams', { name: 'X', memberIds: [newId()] })).status).toBe(422);
    expect((await call('POST', '/teams', { name: 'Y', memberIds: [] }, am1)).status).toBe(403);
    await ok('PUT', '/goals', {
      subjectKind: 'team',
      subjectId: team.id,
      metric: 'positive_mentions',
      target: 1,
      periodFrom: '2026-06-01',
      periodTo: '2026-06-30',
    });
    expect(
      (
        await call('PUT', '/goals', {
          subjectKind: 'user',
          subjectId: am1.id,
          metric: 'csat',
          target: 120,
          periodFrom: '2026-06-01',
          periodTo: '2026-06-30',
        })
      ).status,
    ).toBe(422);

    expect((await call('GET', `/people/${am1.id}/figures`, undefined, am1)).status).toBe(200);
    expect((await call('GET', `/people/${am1.id}/figures`, undefined, am2)).status).toBe(403);
    expect((await call('GET', `/people/${am1.id}/figures`, undefined, manager)).status).toBe(200);
    expect((await call('GET', `/books/${am1.id}`, undefined, am2)).status).toBe(403);
    expect((await call('GET', '/books', undefined, am1)).status).toBe(403);
    expect((await call('GET', '/books', undefined, manager)).status).toBe(200);
    expect((await call('GET', `/books/history?userId=${am1.id}`, undefined, am2)).status).toBe(403);

    const mine = await ok('GET', '/people/scoreboard?from=2026-06-01&to=2026-07-01', undefined, am2);
    expect(mine.seesEveryone).toBe(false);
    expect(mine.people.map((p: { userId: string }) => p.userId)).toEqual([am2.id]);
    expect(mine.teams).toHaveLength(1);
    expect(mine.teams[0]).toMatchObject({ name: 'North', members: 2, figures: { kudos: 1, positiveMentions: 1 } });
    expect(mine.teams[0].goals[0]).toMatchObject({ metric: 'positive_mentions', actual: 1, met: true });
    const outsider = await ok('GET', '/people/scoreboard', undefined, agent);
    expect(outsider.teams).toHaveLength(0);
    const all = await ok('GET', '/people/scoreboard?from=2026-06-01&to=2026-07-01', undefined, manager);
    expect(all.seesEveryone).toBe(true);
    expect(all.people.map((p: { userId: string }) => p.userId)).toEqual(
      expect.arrayContaining([am1.id, am2.id, agent.id]),
    );
  });
});
