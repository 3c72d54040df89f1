// Complaint KPIs and root causes over time on a small, fully known history: every figure is
// computed by hand below and compared exactly.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from './complaints.test-helpers.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
const HOUR = 3_600_000;
const t0 = new Date('2026-04-01T00:00:00Z'); // a Wednesday
const at = (hours: number) => t.clock.set(new Date(t0.getTime() + hours * HOUR));
const window = `from=2026-03-31T00:00:00Z&to=2026-05-01T00:00:00Z`;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(t0);
  w = await complaintsWorkspace(t, 'KPIs');
  const assign = (id: string, who: 'agentA' | 'agentB') =>
    w.ok('POST', `/complaints/${id}/assignment`, { assigneeId: w[who].id });

  // c1: Xavier, resolved by agent A after 10 h (within 48 h), rated 4.
  const c1 = await w.register('xavier@example.com');
  await assign(c1.id, 'agentA');
  await w.validate(c1.id, 'high', 'agentA');
  at(10);
  await w.resolve(c1.id, 'Refunded', 'billing_error', 'agentA');
  at(11);
  expect((await t.request('POST', `${c1.statusPath}/satisfaction`, { body: { score: 4 } })).status).toBe(200);

  // c2: Yara, registered at +1 h, resolved at +61 h: past its 48 h deadline.
  at(1);
  const c2 = await w.register('yara@example.com');
  await assign(c2.id, 'agentB');
  await w.validate(c2.id, 'high', 'agentB');
  at(61);
  await w.resolve(c2.id, 'Re-shipped', 'delivery_delay', 'agentB');

  // c3: Xavier again within 90 days (a repeat), still open. c4: Zoe, found not valid.
  at(20);
  const c3 = await w.register('xavier@example.com');
  await assign(c3.id, 'agentA');
  at(21);
  const c4 = await w.register('zoe@example.com');
  await assign(c4.id, 'agentB');
  await w.move(c4.id, { to: 'under_analysis' }, 'agentB');
  await w.move(c4.id, { to: 'invalid', reason: 'Not our product' }, 'agentB');
  at(24 * 10);
});
afterAll(() => t.close());

describe('complaint KPIs', () => {
  test('overall, per agent and per team', async () => {
    const k = await w.ok('GET', `/complaints/kpis?${window}`, undefined, 'analyst');
    expect(k).toMatchObject({
      from: '2026-03-31T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      activeCustomers: 3,
      complaintsPer1000ActiveCustomers: 1333.33,
      repeatComplaints90d: 1,
      shareRepeat90d: 0.25,
    });
    expect(k.overall).toEqual({
      registered: 4,
      resolved: 2,
      resolvedWithinSla: 1,
      shareResolvedWithinSla: 0.5,
      meanHoursToResolve: 35,
      p90HoursToResolve: 55,
      satisfactionResponses: 1,
      meanSatisfaction: 4,
    });
    expect(k.topRootCauses).toEqual([
      { rootCause: 'billing_error', count: 1 },
      { rootCause: 'delivery_delay', count: 1 },
    ]);
    const agent = (id: string) => k.byAgent.find((a: { userId: string }) => a.userId === id);
    expect(agent(w.agentA.id)).toEqual({
      userId: w.agentA.id,
      name: 'A agent',
      registered: 2,
      resolved: 1,
      resolvedWithinSla: 1,
      shareResolvedWithinSla: 1,
      meanHoursToResolve: 10,
      p90HoursToResolve: 10,
      satisfactionResponses: 1,
      meanSatisfaction: 4,
    });
    expect(agent(w.agentB.id)).toMatchObject({
      registered: 2,
      resolved: 1,
      resolvedWithinSla: 0,
      shareResolvedWithinSla: 0,
      meanHoursToResolve: 60,
      satisfactionResponses: 0,
      meanSatisfaction: null,
    });
    expect(k.byTeam).toEqual([{ teamId: w.team.id, name: 'Care', ...k.overall }]);
  });

  test('a window that holds nothing gives zeros and nulls, not errors', async () => {
    const k = await w.ok('GET', '/complaints/kpis?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z');
    expect(k.overall).toEqual({
      registered: 0,
      resolved: 0,
      resolvedWithinSla: 0,
      shareResolvedWithinSla: null,
      meanHoursToResolve: null,
      p90HoursToResolve: null,
      satisfactionResponses: 0,
      meanSatisfaction: null,
    });
    expect(k).toMatchObject({
      complaintsPer1000ActiveCustomers: 0,
      shareRepeat90d: null,
      topRootCauses: [],
      byAgent: [],
      byTeam: [],
    });
    // Default window: the 90 days before now.
    const d = await w.ok('GET', '/complaints/kpis');
    expect(new Date(d.to).getTime() - new Date(d.from).getTime()).toBe(90 * 24 * HOUR);
    expect(d.overall.registered).toBe(4);
  });

  test('root causes per period in the workspace time zone', async () => {
    const month = await w.ok('GET', `/complaints/root-causes?${window}`);
    expect(month).toEqual({
      interval: 'month',
      items: [
        { period: '2026-04-01', rootCause: 'billing_error', count: 1 },
        { period: '2026-04-01', rootCause: 'delivery_delay', count: 1 },
      ],
    });
    const week = await w.ok('GET', `/complaints/root-causes?${window}&interval=week`);
    expect(week.items.map((i: { period: string }) => i.period)).toEqual(['2026-03-30', '2026-03-30']);
    // c1 was resolved at 10:00 UTC on 1 April: still April at UTC+14, but 31 March at UTC−11.
    await w.ok('PATCH', '/workspace', { timeZone: 'Pacific/Kiritimati' });
    const far = await w.ok('GET', `/complaints/root-causes?${window}&interval=month`);
    expect(far.items.map((i: { period: string }) => i.period)).toEqual(['2026-04-01', '2026-04-01']);
    await w.ok('PATCH', '/workspace', { timeZone: 'Pacific/Pago_Pago' }); // UTC−11: c1 at 23:00 on 31 March
    const west = await w.ok('GET', `/complaints/root-causes?${window}&interval=month`);
    expect(west.items).toEqual([
      { period: '2026-03-01', rootCause: 'billing_error', count: 1 },
      { period: '2026-04-01', rootCause: 'delivery_delay', count: 1 },
    ]);
    await w.ok('PATCH', '/workspace', { timeZone: 'UTC' });
  });

  test('need the KPI permission and a sensible window', async () => {
    const agent = await w.ws.token('agent');
    expect((await t.request('GET', '/api/v1/complaints/kpis', { token: agent })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/complaints/root-causes', { token: agent })).status).toBe(403);
    const backwards = await w.call('GET', '/complaints/kpis?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z');
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].path).toBe('query.from');
    expect((await w.call('GET', '/complaints/kpis?from=2020-01-01T00:00:00Z&to=2026-04-01T00:00:00Z')).status).toBe(
      422,
    );
    expect((await w.call('GET', '/complaints/kpis?from=yesterday')).status).toBe(422);
    expect((await w.call('GET', '/complaints/root-causes?interval=decade')).status).toBe(422);
  });
});
