// Complaints through the real HTTP layer: the whole lifecycle with its history and events,
// refused transitions (409), who may act, SLA deadlines by severity × tier and in business hours,
// breach escalation driven by the injected clock, compensations, the knowledge base, teams.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { findEvent } from '../events/index.ts';
import { complaintCostsByCustomer } from './complaints.repository.ts';
import { type GoodwillPoints, sweepSla } from './index.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from './complaints.test-helpers.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
const tiers = new Map<string, 'platinum' | 'gold'>();
let revenue = 0;
const posted: GoodwillPoints[] = [];
const HOUR = 3_600_000;
const monday = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  t = await createTestApp({
    app: {
      complaintHooks: {
        tierOf: async (_ws, customerId) => tiers.get(customerId) ?? null,
        revenue12mOf: async () => revenue,
        postGoodwillPoints: async (_tx, input) => {
          posted.push(input);
        },
      },
    },
  });
  t.clock.set(monday);
  w = await complaintsWorkspace(t, 'Complaints');
});
afterAll(() => t.close());

describe('the lifecycle', () => {
  test('registered → under analysis → valid → in resolution → resolved → rated through the link → closed, all recorded', async () => {
    const created = await w.register('ana@example.com', {
      attachments: [
        {
          name: 'statement.pdf',
          contentType: 'application/pdf',
          sizeBytes: 48_213,
          url: 'https://files.example.com/s/1',
        },
      ],
    });
    expect(created.reference).toMatch(/^C-2026-\d{6}$/);
    expect(created).toMatchObject({
      status: 'registered',
      source: 'agent',
      channel: 'phone',
      teamId: w.team.id,
      severity: null,
      slaState: null,
      locale: 'en',
    });
    expect(created.attachments[0]).toEqual({
      name: 'statement.pdf',
      contentType: 'application/pdf',
      sizeBytes: 48_213,
      url: 'https://files.example.com/s/1',
    });
    const assignee = w.whoIs(created.assigneeId);
    expect(['agentA', 'agentB']).toContain(assignee);
    expect(created.statusPath).toBe(`/api/v1/public/complaints/${created.statusToken}`);

    // The customer was created from the contact, and the next complaint from the same email matches them.
    const customers = await w.ok('GET', '/customers?q=ana@example.com');
    expect(customers.items.map((c: { id: string }) => c.id)).toEqual([created.customerId]);
    const again = await w.register('ANA@example.com');
    expect(again.customerId).toBe(created.customerId);
    expect(again.reference).not.toBe(created.reference);
    // Round robin: the second complaint goes to the other agent.
    expect(w.whoIs(again.assigneeId)).not.toBe(assignee);

    const by = assignee as 'agentA' | 'agentB';
    t.clock.advance(HOUR);
    expect((await w.move(created.id, { to: 'under_analysis', note: 'Looking at the bank statement' }, by)).status).toBe(
      'under_analysis',
    );
    const valid = await w.move(
      created.id,
      { to: 'valid', severity: 'high', reason: 'The double charge is confirmed' },
      by,
    );
    expect(valid).toMatchObject({
      status: 'valid',
      severity: 'high',
      customerTier: 'none',
      slaHours: 48,
      slaBusinessHours: false,
      slaState: 'on_track',
      validityReason: 'The double charge is confirmed',
    });
    expect(valid.deadlineAt).toBe(new Date(monday.getTime() + 48 * HOUR).toISOString());
    expect(valid.atRiskAt).toBe(new Date(monday.getTime() + 36 * HOUR).toISOString());
    await w.move(created.id, { to: 'in_resolution' }, by);
    t.clock.advance(5 * HOUR);
    const resolved = await w.move(
      created.id,
      { to: 'resolved', solution: 'Refunded the duplicate charge', rootCause: 'billing_error' },
      by,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      slaState: 'met',
      solution: 'Refunded the duplicate charge',
      rootCause: 'billing_error',
      resolvedBy: w[by].id,
    });
    // Service recovery: whoever resolved it gets a task to check with the customer, due in 3 days.
    const followUps = await w.ok('GET', `/tasks?customerId=${created.customerId}`);
    expect(followUps.items).toEqual([
      expect.objectContaining({
        source: 'complaint',
        assigneeId: w[by].id,
        title: `Check with the customer that complaint ${created.reference} is solved`,
        dueOn: new Date(t.clock.now().getTime() + 3 * 24 * HOUR).toISOString().slice(0, 10),
        status: 'open',
      }),
    ]);

    // The customer rates through the link they got at registration, once.
    const page = await t.request('GET', created.statusPath);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      reference: created.reference,
      status: 'resolved',
      canRate: true,
      decision: { valid: true, reason: 'The double charge is confirmed' },
      resolution: { solution: 'Refunded the duplicate charge' },
    });
    expect(page.body).not.toHaveProperty('assigneeId');
    const rated = await t.request('POST', `${created.statusPath}/satisfaction`, {
      body: { score: 4, comment: 'Quick, thanks' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({
      status: 'satisfaction_checked',
      canRate: false,
      satisfaction: { score: 4, comment: 'Quick, thanks' },
    });
    const twice = await t.request('POST', `${created.statusPath}/satisfaction`, { body: { score: 1 } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('conflict');

    const closed = await w.move(created.id, { to: 'closed' }, by);
    expect(closed).toMatchObject({ status: 'closed', satisfactionScore: 4, satisfactionComment: 'Quick, thanks' });
    expect(closed.closedAt).toBeTruthy();

    const history = (await w.ok('GET', `/complaints/${created.id}/transitions`)).items;
    expect(history.map((h: { from: string | null; to: string }) => `${h.from}→${h.to}`)).toEqual([
      'null→registered',
      'registered→under_analysis',
      'under_analysis→valid',
      'valid→in_resolution',
      'in_resolution→resolved',
      'resolved→satisfaction_checked',
      'satisfaction_checked→closed',
    ]);
    expect(history[0].actor).toMatch(/^token:/);
    expect(history[1]).toMatchObject({ actor: `user:${w[by].id}`, note: 'Looking at the bank statement' });
    expect(history[5].actor).toBe('customer');

    // Events for notifications and webhooks, in order, with what they need.
    const mine = (await w.events('complaint.')).filter((e) => e.payload.complaintId === created.id);
    expect(mine.map((e) => e.type)).toEqual([
      'complaint.registered',
      'complaint.assigned',
      'complaint.validated',
      'complaint.resolved',
      'complaint.satisfaction_rated',
      'complaint.closed',
    ]);
    for (const e of mine)
      expect(e.payload).toMatchObject({
        complaintId: created.id,
        reference: created.reference,
        customerId: created.customerId,
        category: 'billing',
        locale: 'en',
      });
    expect(mine[0].payload).toMatchObject({ subject: 'Charged twice' });
    // The customer's link reaches the notifier as a secret, never the events API (nor webhooks).
    for (const e of mine) expect(Object.keys(e.payload).filter((k) => /token|path/i.test(k))).toEqual([]);
    const secretOf = async (id: string) => (await findEvent(t.deps.db, w.ws.id, id))?.secrets?.statusToken;
    expect(await secretOf(mine[0].id)).toBe(created.statusToken);
    expect(mine[2].payload).toMatchObject({
      severity: 'high',
      reason: 'The double charge is confirmed',
      tier: 'none',
      slaHours: 48,
    });
    expect(mine[3].payload).toMatchObject({
      solution: 'Refunded the duplicate charge',
      rootCause: 'billing_error',
      slaMet: true,
    });
    // The resolution message carries a fresh link to the same page.
    const fresh = await secretOf(mine[3].id);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(created.statusToken);
    expect((await t.request('GET', `/api/v1/public/complaints/${fresh}`)).body.reference).toBe(created.reference);
    expect(mine[4].payload).toMatchObject({ score: 4, via: 'customer' });

    // …and they are on the customer's timeline.
    const timeline = await w.ok('GET', `/customers/${created.customerId}/timeline?limit=100`);
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['complaint.registered', 'complaint.resolved', 'complaint.closed']),
    );
  });

  test('an invalid complaint is answered with its reason and closed', async () => {
    const c = await w.register('bruno@example.com');
    await w.move(c.id, { to: 'under_analysis' });
    const invalid = await w.move(c.id, {
      to: 'invalid',
      reason: 'The charge was a pre-authorisation that has been released',
    });
    expect(invalid).toMatchObject({ status: 'invalid', severity: null, slaState: null });
    const page = (await t.request('GET', c.statusPath)).body;
    expect(page).toMatchObject({
      status: 'invalid',
      decision: { valid: false, reason: 'The charge was a pre-authorisation that has been released' },
      canRate: false,
    });
    expect((await t.request('POST', `${c.statusPath}/satisfaction`, { body: { score: 5 } })).status).toBe(409);
    await w.move(c.id, { to: 'closed' });
    const types = (await w.events('complaint.')).filter((e) => e.payload.complaintId === c.id).map((e) => e.type);
    expect(types).toEqual(['complaint.registered', 'complaint.assigned', 'complaint.invalidated', 'complaint.closed']);
  });

  test('a resolved complaint whose customer never answers may be closed', async () => {
    const c = await w.register('carla@example.com');
    await w.validate(c.id, 'low');
    await w.resolve(c.id);
    expect((await w.move(c.id, { to: 'closed', note: 'No answer after 7 days' })).status).toBe('closed');
    expect((await t.request('POST', `${c.statusPath}/satisfaction`, { body: { score: 5 } })).status).toBe(409);
  });
});

describe('refused transitions and fields', () => {
  test('moves the status machine does not allow answer 409 and change nothing', async () => {
    const c = await w.register('diego@example.com');
    const refuse = async (body: Record<string, unknown>) => {
      const res = await w.call('POST', `/complaints/${c.id}/transitions`, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.code).toBe('conflict');
    };
    await refuse({ to: 'valid', severity: 'high', reason: 'skip analysis' });
    await refuse({ to: 'resolved', solution: 'x', rootCause: 'other' });
    await refuse({ to: 'closed' });
    expect((await w.ok('GET', `/complaints/${c.id}`)).status).toBe('registered');
    await w.validate(c.id);
    await refuse({ to: 'under_analysis' });
    await refuse({ to: 'invalid', reason: 'too late' });
    await w.resolve(c.id);
    await refuse({ to: 'in_resolution' });
    await w.move(c.id, { to: 'closed' });
    for (const to of ['under_analysis', 'valid', 'in_resolution', 'resolved', 'satisfaction_checked', 'closed'])
      await refuse({ to, satisfactionScore: 3 });
    expect((await w.ok('GET', `/complaints/${c.id}/transitions`)).items).toHaveLength(6);
    // "registered" is never a target: a validation problem, not a conflict.
    expect((await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'registered' })).status).toBe(422);
  });

  test('each target names what it needs, and root causes and categories come from the settings', async () => {
    const c = await w.register('elena@example.com');
    await w.move(c.id, { to: 'under_analysis' });
    const missing = await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'valid' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['reason', 'severity']);
    expect(
      (await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'valid', reason: 'x', severity: 'apocalyptic' }))
        .status,
    ).toBe(422);
    await w.move(c.id, { to: 'valid', severity: 'medium', reason: 'ok' });
    await w.move(c.id, { to: 'in_resolution' });
    const cause = await w.call('POST', `/complaints/${c.id}/transitions`, {
      to: 'resolved',
      solution: 'Fixed',
      rootCause: 'gremlins',
    });
    expect(cause.status).toBe(422);
    expect(cause.body.errors[0]).toMatchObject({ path: 'rootCause' });
    const category = await w.call('POST', '/complaints', {
      customer: { name: 'X', email: 'x@example.com' },
      category: 'weather',
      channel: 'phone',
      subject: 's',
      description: 'd',
    });
    expect(category.status).toBe(422);
    expect(category.body.errors[0].path).toBe('category');
    const both = await w.call('POST', '/complaints', {
      customerId: c.customerId,
      customer: { name: 'X' },
      category: 'billing',
      channel: 'phone',
      subject: 's',
      description: 'd',
    });
    expect(both.status).toBe(422);
    const foreign = await w.call('POST', '/complaints', {
      customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
      category: 'billing',
      channel: 'phone',
      subject: 's',
      description: 'd',
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].path).toBe('customerId');
    const badPhone = await w.call('POST', '/complaints', {
      customer: { name: 'X', phone: 'call me' },
      category: 'billing',
      channel: 'phone',
      subject: 's',
      description: 'd',
    });
    expect(badPhone.body.errors[0].path).toBe('customer.phone');
  });

  test('only the assignee or a manager acts on an assigned complaint; roles are enforced', async () => {
    const c = await w.register('felipe@example.com');
    const assignee = w.whoIs(c.assigneeId) as 'agentA' | 'agentB';
    const other = assignee === 'agentA' ? 'agentB' : 'agentA';
    const denied = await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'under_analysis' }, other);
    expect(denied.status).toBe(403);
    expect((await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'under_analysis' }, 'manager')).status).toBe(
      200,
    );
    // Reassignment is for managers; the new assignee may then act.
    expect((await w.call('POST', `/complaints/${c.id}/assignment`, { assigneeId: w[other].id }, assignee)).status).toBe(
      403,
    );
    expect(
      (
        await w.call(
          'POST',
          `/complaints/${c.id}/assignment`,
          { assigneeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' },
          'manager',
        )
      ).status,
    ).toBe(422);
    const moved = await w.ok(
      'POST',
      `/complaints/${c.id}/assignment`,
      { assigneeId: w[other].id, note: 'Covering a holiday' },
      'manager',
    );
    expect(moved.assigneeId).toBe(w[other].id);
    expect(
      (await w.call('POST', `/complaints/${c.id}/transitions`, { to: 'invalid', reason: 'duplicate' }, other)).status,
    ).toBe(200);
    const assigned = (await w.events('complaint.assigned')).filter((e) => e.payload.complaintId === c.id).at(-1);
    expect(assigned?.payload).toMatchObject({
      assigneeId: w[other].id,
      previousAssigneeId: w[assignee].id,
      note: 'Covering a holiday',
    });
    expect(
      (
        await w.call(
          'POST',
          '/complaints',
          { customerId: c.customerId, category: 'billing', channel: 'email', subject: 's', description: 'd' },
          'analyst',
        )
      ).status,
    ).toBe(403);
    expect((await w.call('GET', `/complaints/${c.id}`, undefined, 'analyst')).status).toBe(200);
  });

  test('an unassigned complaint is taken by whoever starts its analysis', async () => {
    await w.ok('PUT', '/complaint-routing', { rules: [{ category: 'billing', teamId: w.team.id }] });
    const c = await w.register('gabriela@example.com', { category: 'website' });
    expect(c.assigneeId).toBeNull();
    expect((await w.move(c.id, { to: 'under_analysis' }, 'agentB')).assigneeId).toBe(w.agentB.id);
    await w.ok('PUT', '/complaint-routing', { rules: [{ category: '*', teamId: w.team.id }] });
  });
});

describe('SLA', () => {
  test('deadlines follow severity × the customer’s pyramid tier', async () => {
    const platinum = await w.register('hugo@example.com');
    tiers.set(platinum.customerId, 'platinum');
    const gold = await w.register('isabel@example.com');
    tiers.set(gold.customerId, 'gold');
    const registeredAt = (c: { registeredAt: string }) => new Date(c.registeredAt).getTime();
    const p = await w.validate(platinum.id, 'critical');
    expect(p).toMatchObject({ customerTier: 'platinum', slaHours: 12 });
    expect(new Date(p.deadlineAt).getTime() - registeredAt(platinum)).toBe(12 * HOUR);
    const g = await w.validate(gold.id, 'high');
    expect(g).toMatchObject({ customerTier: 'gold', slaHours: 36 });
    expect(new Date(g.deadlineAt).getTime() - registeredAt(gold)).toBe(36 * HOUR);
    const validated = (await w.events('complaint.validated')).find((e) => e.payload.complaintId === platinum.id);
    expect(validated?.payload).toMatchObject({ tier: 'platinum', slaHours: 12, deadlineAt: p.deadlineAt });
  });

  test('a workspace may count deadlines in business hours of its calendar and change its matrix', async () => {
    const bad = await w.call('PATCH', '/complaint-settings', {
      businessHoursOnly: true,
      weeklyHours: { mon: [['18:00', '09:00']] },
    });
    expect(bad.status).toBe(422);
    const settings = await w.ok('PATCH', '/complaint-settings', {
      businessHoursOnly: true,
      holidays: ['2026-03-09'],
      slaMatrix: { critical: { none: 20 } },
    });
    expect(settings.slaMatrix.critical).toEqual({ platinum: 12, gold: 18, iron: 24, lead: 24, none: 20 });
    expect(settings).toMatchObject({
      businessHoursOnly: true,
      timeZone: 'UTC',
      weeklyHours: { mon: [['09:00', '18:00']], sat: [] },
    });
    const saved = t.clock.now();
    t.clock.set(new Date('2026-03-06T17:00:00Z')); // a Friday, one business hour left
    const c = await w.register('joao@example.com');
    const valid = await w.validate(c.id, 'critical');
    // Fri 1 h, (Mon holiday), Tue 9 h, Wed 9 h, Thu 1 h → Thursday 10:00.
    expect(valid).toMatchObject({ slaBusinessHours: true, slaHours: 20, deadlineAt: '2026-03-12T10:00:00.000Z' });
    await w.ok('PATCH', '/complaint-settings', {
      businessHoursOnly: false,
      holidays: [],
      slaMatrix: { critical: { none: 24 } },
    });
    t.clock.set(saved);
  });

  test('the sweep warns at 75 %, then at the deadline marks the breach and escalates to the team manager, once each', async () => {
    const c = await w.register('karina@example.com');
    const assignee = c.assigneeId as string;
    const valid = await w.validate(c.id, 'high');
    const deadline = new Date(valid.deadlineAt).getTime();
    const sweep = () => sweepSla(t.deps);
    const eventsOf = async () =>
      (await w.events('complaint.')).filter((e) => e.payload.complaintId === c.id).map((e) => e.type);

    t.clock.set(new Date(new Date(valid.atRiskAt).getTime() - 60_000));
    await sweep();
    expect((await w.ok('GET', `/complaints/${c.id}`)).slaState).toBe('on_track');

    t.clock.set(new Date(new Date(valid.atRiskAt).getTime() + 60_000));
    expect((await sweep()).atRisk).toBeGreaterThanOrEqual(1);
    await sweep();
    expect((await w.ok('GET', `/complaints/${c.id}`)).slaState).toBe('at_risk');
    const atRisk = (await w.events('complaint.at_risk')).filter((e) => e.payload.complaintId === c.id);
    expect(atRisk).toHaveLength(1);
    expect(atRisk[0].payload).toMatchObject({
      assigneeId: assignee,
      deadlineAt: valid.deadlineAt,
      slaState: 'at_risk',
    });

    t.clock.set(new Date(deadline + 60_000));
    await sweep();
    await sweep();
    const breached = await w.ok('GET', `/complaints/${c.id}`);
    expect(breached).toMatchObject({
      slaState: 'breached',
      assigneeId: w.manager.id,
      breachedAt: new Date(deadline + 60_000).toISOString(),
    });
    expect(breached.escalatedAt).toBeTruthy();
    expect(await eventsOf()).toEqual([
      'complaint.registered',
      'complaint.assigned',
      'complaint.validated',
      'complaint.at_risk',
      'complaint.breached',
      'complaint.escalated',
    ]);
    const escalated = (await w.events('complaint.escalated')).find((e) => e.payload.complaintId === c.id);
    expect(escalated?.payload).toMatchObject({
      reason: 'sla_breach',
      fromAssigneeId: assignee,
      toAssigneeId: w.manager.id,
      assigneeId: w.manager.id,
    });

    // Resolved late: the state stays breached.
    const resolved = await w.resolve(c.id, 'Refunded', 'billing_error', 'manager');
    expect(resolved.slaState).toBe('breached');
    expect((await w.events('complaint.resolved')).find((e) => e.payload.complaintId === c.id)?.payload.slaMet).toBe(
      false,
    );
    t.clock.set(monday);
  });

  test('a breach with the manager as assignee escalates to another workspace manager or owner', async () => {
    const c = await w.register('lucas@example.com');
    await w.ok('POST', `/complaints/${c.id}/assignment`, { assigneeId: w.manager.id });
    const valid = await w.validate(c.id, 'critical', 'manager');
    t.clock.set(new Date(new Date(valid.deadlineAt).getTime() + 1));
    await sweepSla(t.deps);
    const after = await w.ok('GET', `/complaints/${c.id}`);
    expect(after.slaState).toBe('breached');
    expect(after.assigneeId).toBe(w.ws.ownerId);
    t.clock.set(monday);
  });
});

describe('service recovery', () => {
  test('a proposal sized to value and severity; above the threshold a manager approves; points go to the loyalty hook', async () => {
    const c = await w.register('mariana@example.com');
    expect((await w.call('GET', `/complaints/${c.id}/compensation-proposal`)).status).toBe(409);
    expect((await w.call('POST', `/complaints/${c.id}/compensations`, { type: 'points', amount: 100 })).status).toBe(
      409,
    );
    await w.validate(c.id, 'high');
    revenue = 1_000_000;
    const proposal = await w.ok('GET', `/complaints/${c.id}/compensation-proposal`);
    expect(proposal).toMatchObject({
      valueMinor: 40_000,
      points: 40_000,
      currency: 'USD',
      requiresApproval: true,
      basis: { revenue12mMinor: 1_000_000, severity: 'high', tier: 'none', share: 0.04 },
    });

    const agent = w.whoIs(c.assigneeId) as 'agentA' | 'agentB';
    const pending = await w.ok(
      'POST',
      `/complaints/${c.id}/compensations`,
      { type: 'points', amount: proposal.points, note: 'Sorry for the trouble' },
      agent,
    );
    expect(pending).toMatchObject({
      status: 'pending_approval',
      requiresApproval: true,
      costMinor: 40_000,
      amount: 40_000,
      decidedBy: null,
    });
    expect((await w.call('POST', `/compensations/${pending.id}/approve`, {}, agent)).status).toBe(403);
    const approved = await w.ok('POST', `/compensations/${pending.id}/approve`, { note: 'Loyal customer' }, 'manager');
    expect(approved).toMatchObject({
      status: 'posted',
      decidedBy: `user:${w.manager.id}`,
      decisionNote: 'Loyal customer',
    });
    expect(posted).toEqual([
      {
        workspaceId: w.ws.id,
        customerId: c.customerId,
        points: 40_000,
        compensationId: pending.id,
        complaintId: c.id,
        reference: c.reference,
        note: 'Sorry for the trouble',
      },
    ]);
    const twice = await w.call('POST', `/compensations/${pending.id}/approve`, {}, 'manager');
    expect(twice.status).toBe(409);
    expect(posted).toHaveLength(1);

    // Small gestures need no approval; a rejected one costs nothing.
    const voucher = await w.ok('POST', `/complaints/${c.id}/compensations`, { type: 'voucher', amount: 2_000 }, agent);
    expect(voucher).toMatchObject({ status: 'approved', requiresApproval: false, costMinor: 2_000 });
    const refund = await w.ok(
      'POST',
      `/complaints/${c.id}/compensations`,
      { type: 'refund_note', amount: 30_000 },
      agent,
    );
    const rejected = await w.ok('POST', `/compensations/${refund.id}/reject`, { note: 'Already refunded' }, 'manager');
    expect(rejected.status).toBe('rejected');
    const other = await w.call('POST', `/complaints/${c.id}/compensations`, { type: 'other', amount: 1 }, agent);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('costMinor');

    const list = await w.ok('GET', `/compensations?complaintId=${c.id}`);
    expect(list.items.map((x: { status: string }) => x.status).sort()).toEqual(['approved', 'posted', 'rejected']);
    expect(
      (await w.ok('GET', '/compensations?status=pending_approval')).items.filter(
        (x: { complaintId: string }) => x.complaintId === c.id,
      ),
    ).toEqual([]);

    // Cost to serve for analytics: handling + approved or posted compensations.
    await w.ok('PATCH', '/complaint-settings', { handlingCostMinor: 750 });
    const second = await w.register('mariana@example.com');
    expect(second.handlingCostMinor).toBe(750);
    const costs = await complaintCostsByCustomer(t.deps.db, w.ws.id, {
      from: new Date(monday.getTime() - HOUR),
      to: new Date(monday.getTime() + 24 * HOUR),
      customerIds: [c.customerId],
    });
    expect(costs).toEqual([
      {
        customerId: c.customerId,
        complaints: 2,
        handlingCostMinor: 750,
        compensationCostMinor: 42_000,
        totalMinor: 42_750,
      },
    ]);
    expect(
      await complaintCostsByCustomer(t.deps.db, w.ws.id, {
        from: monday,
        to: new Date(monday.getTime() + HOUR),
        customerIds: [],
      }),
    ).toEqual([]);
    const events = (await w.events('complaint.'))
      .filter((e) => e.payload.complaintId === c.id && e.type.startsWith('complaint.compensation_'))
      .map((e) => e.type);
    expect(events).toEqual([
      'complaint.compensation_requested',
      'complaint.compensation_approved',
      'complaint.compensation_approved',
      'complaint.compensation_requested',
      'complaint.compensation_rejected',
    ]);
    await w.ok('PATCH', '/complaint-settings', { handlingCostMinor: 0 });
    revenue = 0;
  });
});

describe('knowledge base', () => {
  test('closed complaints with their solutions are suggested while typing, best match first, within the workspace', async () => {
    const a = await w.register('nuno@example.com', {
      subject: 'Delivery arrived broken',
      description: 'The espresso machine arrived with a cracked water tank',
      category: 'delivery',
    });
    await w.validate(a.id, 'medium');
    await w.resolve(a.id, 'Sent a replacement tank by express courier', 'delivery_delay');
    await w.move(a.id, { to: 'closed' });
    const b = await w.register('olivia@example.com', {
      subject: 'Water tank leaking',
      description: 'Tank leaks after two weeks',
    });
    await w.validate(b.id, 'low');
    await w.resolve(b.id, 'Replaced the seal under warranty', 'product_defect');
    await w.move(b.id, { to: 'closed' });
    const open = await w.register('pedro@example.com', {
      subject: 'Water tank cracked again',
      description: 'Still open',
    });

    const found = await w.ok('GET', '/complaints/suggestions?q=cracked%20tank');
    const refs = found.items.map((s: { reference: string }) => s.reference);
    expect(refs[0]).toBe(a.reference);
    expect(refs).toContain(b.reference);
    expect(refs).not.toContain(open.reference);
    expect(found.items[0]).toMatchObject({
      solution: 'Sent a replacement tank by express courier',
      rootCause: 'delivery_delay',
      category: 'delivery',
    });
    // Prefixes match while typing; case does not matter; punctuation is ignored.
    expect(
      (await w.ok('GET', '/complaints/suggestions?q=ESPRES')).items.map((s: { reference: string }) => s.reference),
    ).toEqual([a.reference]);
    expect(
      (await w.ok('GET', `/complaints/suggestions?q=${encodeURIComponent("tank') or 1=1 --")}`)).items.length,
    ).toBeGreaterThan(0);
    expect((await w.ok('GET', '/complaints/suggestions?q=zzzz')).items).toEqual([]);
    expect((await w.ok('GET', '/complaints/suggestions?q=%21%21%21')).items).toEqual([]);
    expect((await w.call('GET', '/complaints/suggestions?q=a')).status).toBe(422);
    expect((await w.call('GET', `/complaints/suggestions?q=${'a'.repeat(201)}`)).status).toBe(422);

    // The complaint list searches every complaint (all words must match).
    const search = await w.ok('GET', '/complaints?q=water%20tank&limit=10');
    expect(search.items.map((c: { reference: string }) => c.reference).sort()).toEqual(
      [a.reference, b.reference, open.reference].sort(),
    );
    expect(
      (await w.ok('GET', '/complaints?q=tank%20leaks')).items.map((c: { reference: string }) => c.reference),
    ).toEqual([b.reference]);

    const other = await t.workspace('Elsewhere');
    const foreign = await t.request('GET', '/api/v1/complaints/suggestions?q=tank', { token: other.ownerToken });
    expect(foreign.body.items).toEqual([]);
  });

  test('lists filter and page without repeating or skipping', async () => {
    const all = (await w.ok('GET', '/complaints?limit=200')).items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await w.ok(
        'GET',
        `/complaints?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((c: { id: string }) => c.id));
    expect(new Set(seen).size).toBe(seen.length);
    const closed = (await w.ok('GET', '/complaints?status=closed')).items;
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c: { status: string }) => c.status === 'closed')).toBe(true);
    expect(
      (await w.ok('GET', `/complaints?assigneeId=${w.manager.id}`)).items.every(
        (c: { assigneeId: string }) => c.assigneeId === w.manager.id,
      ),
    ).toBe(true);
    expect((await w.call('GET', '/complaints?cursor=garbage')).status).toBe(422);
    expect((await w.call('GET', '/complaints?status=lost')).status).toBe(422);
  });
});

describe('teams and routing', () => {
  test('least loaded gives the next complaint to whoever holds fewest open ones', async () => {
    const x = await complaintsWorkspace(t, 'Least loaded', { strategy: 'least_loaded' });
    const first = await x.register('q1@example.com');
    const second = await x.register('q2@example.com');
    expect(new Set([first.assigneeId, second.assigneeId]).size).toBe(2);
    // Close the first agent's complaint: they now hold none, so they get the next two.
    await x.move(first.id, { to: 'under_analysis' });
    await x.move(first.id, { to: 'invalid', reason: 'duplicate' });
    const third = await x.register('q3@example.com');
    expect(third.assigneeId).toBe(first.assigneeId);
    const team = await x.ok('GET', `/complaint-teams/${x.team.id}`);
    const load = Object.fromEntries(
      team.members.map((m: { userId: string; openComplaints: number }) => [m.userId, m.openComplaints]),
    );
    expect(load[first.assigneeId]).toBe(1);
    expect(load[second.assigneeId]).toBe(1);
    expect(load[x.manager.id]).toBe(0);
    // Managers take complaints only when the team has no one else.
    await x.ok('PUT', `/complaint-teams/${x.team.id}/members`, { members: [{ userId: x.manager.id, manager: true }] });
    expect((await x.register('q4@example.com')).assigneeId).toBe(x.manager.id);
  });

  test('names are unique, members must belong to the workspace, rules must name known categories and teams', async () => {
    expect((await w.call('POST', '/complaint-teams', { name: 'care' })).status).toBe(409);
    const stranger = await w.call('POST', '/complaint-teams', {
      name: 'Ghosts',
      members: [{ userId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }],
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('members.0.userId');
    const rules = await w.call('PUT', '/complaint-routing', {
      rules: [
        { category: 'weather', teamId: w.team.id },
        { category: 'billing', teamId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' },
      ],
    });
    expect(rules.status).toBe(422);
    expect(rules.body.errors.map((e: { path: string }) => e.path)).toEqual(['rules.0.category', 'rules.1.teamId']);
    const renamed = await w.ok('PATCH', `/complaint-teams/${w.team.id}`, {
      name: 'Customer care',
      strategy: 'least_loaded',
    });
    expect(renamed).toMatchObject({ name: 'Customer care', strategy: 'least_loaded' });
    const second = await w.ok('POST', '/complaint-teams', { name: 'Second line' });
    expect((await w.call('PATCH', `/complaint-teams/${second.id}`, { name: 'customer CARE' })).status).toBe(409);
    expect((await w.call('GET', '/complaint-teams', undefined, 'agentA')).status).toBe(200);
    expect((await w.call('POST', '/complaint-teams', { name: 'Rogue' }, 'agentA')).status).toBe(403);
  });
});
