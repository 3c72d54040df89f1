// Bonds through the real HTTP layer on a real database (PGlite, or PostgreSQL with
// TENURE_TEST_DRIVER=pg): records CRUD and their 4xx, the index a customer's bonds show against
// the pure model on the same inputs (gathered from interactions, contracts, commerce and loyalty),
// switching costs, permissions, the scoring step, and the summary's churn validation.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { loyaltyClient } from '../../../test/support/loyalty.ts';
import { seededRng } from '../../lib/random.ts';
import { upsertCustomersByExternalId } from '../customers/index.ts';
import { bondScore, scoreBonds } from './index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
  return res.body;
};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Bonds');
});
afterAll(() => t.close());

const since = '2025-01-01T00:00:00Z';

describe('a customer’s bonds', () => {
  test('start at 0 with nothing recorded, and 404 for a customer not in the workspace', async () => {
    const c = (await ok('POST', '/customers', { name: 'Nobody' })).id;
    const b = await ok('GET', `/customers/${c}/bonds`);
    expect(b).toMatchObject({
      index: 0,
      components: { social: 0, customisation: 0, structural: 0, financial: 0 },
      continuity: null,
      scored: null,
      relationships: [],
      switchingCosts: { totalMinor: 0, pointsBalance: 0, currency: 'USD' },
    });
    expect((await call('GET', '/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/bonds')).status).toBe(404);
    expect((await call('GET', '/customers/not-a-uuid/bonds')).status).toBe(422);
    const other = await t.workspace('Other');
    expect((await call('GET', `/customers/${c}/bonds`, undefined, other.ownerToken)).status).toBe(404);
  });

  test('read every kind of bond and compute the index the model gives on the same inputs', async () => {
    const L = loyaltyClient(t, ws);
    await L.program({ costPerPointMinor: '2' });
    await L.ok('POST', '/loyalty/levels', { name: 'Silver', rank: 1, threshold: 0 });
    await L.ok('POST', '/loyalty/levels', { name: 'Gold', rank: 2, threshold: 500 });
    const reward = await L.ok('POST', '/loyalty/rewards', {
      name: 'Voucher',
      kind: 'voucher',
      valueMinor: 700,
      pointsPrice: 100,
    });
    const c = (await ok('POST', '/customers', { name: 'Bonded' })).id;
    await L.compensate(c, 1000);
    await L.ok('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });

    const agent = await ws.member('agent');
    for (const [i, employeeId] of [ws.ownerId, ws.ownerId, ws.ownerId, agent.id].entries())
      await ok('POST', '/interactions', {
        customerId: c,
        occurredAt: new Date(Date.UTC(2026, 3, 1 + i)).toISOString(),
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
        employeeId,
      });
    await ok('POST', '/contracts', {
      customerId: c,
      plan: 'Fibre',
      startedAt: since,
      monthlyValueMinor: 5000,
      paymentMethod: 'direct_debit',
    });

    const rel = await call('POST', `/customers/${c}/bonds/relationships`, {
      userId: ws.ownerId,
      employeeName: 'Ana',
      role: 'account manager',
      since,
    });
    expect(rel.status).toBe(201);
    const pref = await ok('POST', `/customers/${c}/bonds/preferences`, {
      kind: 'contact_time',
      value: 'mornings',
      source: 'customer_stated',
      timesActedOn: 3,
    });
    const acted = await ok('POST', `/customers/${c}/bonds/preferences/${pref.id}/acted-on`);
    expect(acted).toMatchObject({ timesActedOn: 4, lastActedOn: '2026-06-01T12:00:00.000Z' });
    await ok('POST', `/customers/${c}/bonds/structural`, {
      kind: 'contract_terms',
      description: '24-month commitment',
      since,
      earlyTerminationFeeMinor: 20000,
      termEndsAt: '2027-01-01T00:00:00Z',
    });
    await ok('POST', `/customers/${c}/bonds/structural`, { kind: 'integration', description: 'EDI orders', since });

    const b = await ok('GET', `/customers/${c}/bonds`);
    const expected = bondScore({
      relationships: 1,
      contacts12m: 4,
      topHandlerContacts: 3,
      preferences: 1,
      timesActedOn: 4,
      structuralTies: 2,
      automaticPayment: true,
      productLines: 1,
      pointsBalance: 900,
      pointsValueMinor: 1800,
      // Goodwill points do not qualify for a level: the member has none of the program's two yet.
      levelPosition: 0,
      levelCount: 2,
      pendingVouchers: 1,
      vouchersValueMinor: 700,
      earlyTerminationFeeMinor: 20000,
    });
    expect(b.components).toEqual(expected.components);
    expect(b.index).toBe(expected.index);
    expect(b.continuity).toBe(0.75);
    expect(b.explanation).toEqual(expected.explanation);
    expect(b.switchingCosts).toMatchObject({
      pointsBalance: 900,
      pointsValueMinor: 1800,
      levelName: null,
      levelPosition: 0,
      levelCount: 2,
      pendingVouchers: 1,
      vouchersValueMinor: 700,
      earlyTerminationFeeMinor: 20000,
      totalMinor: 1800 + 700 + 20000,
    });
    expect(b.relationships).toEqual([expect.objectContaining({ employeeName: 'Ana', userId: ws.ownerId })]);
    expect(b.structural).toHaveLength(2);

    // An ended relationship no longer counts; an expired term no longer costs anything to leave.
    await ok('PATCH', `/customers/${c}/bonds/relationships/${rel.body.id}`, { endedAt: '2026-05-01T00:00:00Z' });
    t.clock.set(new Date('2027-02-01T12:00:00Z'));
    const later = await ok('GET', `/customers/${c}/bonds`);
    expect(later.switchingCosts.earlyTerminationFeeMinor).toBe(0);
    expect(later.explanation.find((x: { code: string }) => x.code === 'relationships')).toBeUndefined();
    t.clock.set(new Date('2026-06-01T12:00:00Z'));
  });

  test('records are changed and deleted, with clear 4xx on bad input and on other customers’ records', async () => {
    const c = (await ok('POST', '/customers', { name: 'Editable' })).id;
    const d = (await ok('POST', '/customers', { name: 'Someone else' })).id;
    const p = await ok('POST', `/customers/${c}/bonds/preferences`, {
      kind: 'seat',
      value: 'aisle',
      source: 'inferred',
    });
    expect(await ok('PATCH', `/customers/${c}/bonds/preferences/${p.id}`, { value: 'window' })).toMatchObject({
      value: 'window',
      timesActedOn: 0,
    });
    expect((await call('PATCH', `/customers/${d}/bonds/preferences/${p.id}`, { value: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/customers/${d}/bonds/preferences/${p.id}`)).status).toBe(404);
    expect((await call('DELETE', `/customers/${c}/bonds/preferences/${p.id}`)).status).toBe(204);
    expect((await call('DELETE', `/customers/${c}/bonds/preferences/${p.id}`)).status).toBe(404);

    const bad = async (path: string, body: unknown, field: string) => {
      const res = await call('POST', `/customers/${c}/bonds/${path}`, body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    };
    await bad('relationships', { employeeName: ' ', role: 'x', since }, 'employeeName');
    await bad('relationships', { employeeName: 'A', role: 'x', since: 'yesterday' }, 'since');
    await bad('relationships', { employeeName: 'A', role: 'x', since, endedAt: '2024-01-01T00:00:00Z' }, 'endedAt');
    await bad('relationships', { employeeName: 'A', role: 'x', since, userId: d }, 'userId');
    await bad('preferences', { kind: 'a', value: 'b', source: 'gossip' }, 'source');
    await bad('preferences', { kind: 'a', value: 'b', source: 'inferred', timesActedOn: -1 }, 'timesActedOn');
    await bad('structural', { kind: 'friendship', description: 'x', since }, 'kind');
    await bad(
      'structural',
      { kind: 'integration', description: 'x', since, earlyTerminationFeeMinor: 1.5 },
      'earlyTerminationFeeMinor',
    );
    await bad('structural', { kind: 'integration', description: 'x', since, extra: 1 }, 'extra');
    expect(
      (
        await call('POST', '/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/bonds/preferences', {
          kind: 'a',
          value: 'b',
          source: 'inferred',
        })
      ).status,
    ).toBe(404);
  });

  test('permissions follow customers: an analyst reads but does not record; weights need bonds:configure', async () => {
    const c = (await ok('POST', '/customers', { name: 'Guarded' })).id;
    const analyst = await ws.token('analyst');
    const agent = await ws.token('agent');
    expect((await call('GET', `/customers/${c}/bonds`, undefined, analyst)).status).toBe(200);
    const body = { kind: 'seat', value: 'aisle', source: 'staff_observed' };
    expect((await call('POST', `/customers/${c}/bonds/preferences`, body, analyst)).status).toBe(403);
    expect((await call('POST', `/customers/${c}/bonds/preferences`, body, agent)).status).toBe(201);
    const weights = { social: 1, customisation: 0, structural: 0, financial: 0 };
    expect((await call('PUT', '/bonds/settings', { weights, pointsValueScaleMinor: 100 }, agent)).status).toBe(403);
    const zero = await call('PUT', '/bonds/settings', {
      weights: { ...weights, social: 0 },
      pointsValueScaleMinor: 100,
    });
    expect(zero.status).toBe(422);
    expect((await call('GET', '/bonds/summary', undefined, analyst)).status).toBe(200);
    expect((await call('GET', '/bonds/summary')).status).toBe(200);
    expect((await call('GET', `/customers/${c}/bonds`, undefined)).status).toBe(200);
    expect((await call('GET', `/customers/${c}/bonds`, undefined, 'tnr_wrong')).status).toBe(401);
  });
});

describe('scoring and the churn validation', () => {
  test('weights change the index; a scoring step stores every live customer; the summary validates on generated churn', async () => {
    const v = await t.workspace('Validation');
    const vcall = (method: string, path: string, body?: unknown) =>
      t.request(method, `/api/v1${path}`, { token: v.ownerToken, body });
    // 300 customers acquired two years ago; 100 get a structural tie and a relationship and rarely leave.
    const rng = seededRng(5);
    const acquired = new Date('2024-06-01T00:00:00Z');
    const rows = Array.from({ length: 300 }, (_, i) => {
      const strong = i < 100;
      const leaves = rng() < (strong ? 0.08 : 0.5);
      const defectedAt = leaves ? new Date(acquired.getTime() + Math.floor(rng() * 700) * 86_400_000) : null;
      return {
        workspaceId: v.id,
        id: crypto.randomUUID(),
        externalId: `c${i}`,
        name: `Customer ${i}`,
        acquiredAt: acquired,
        status: (leaves ? 'defected' : 'active') as 'defected' | 'active',
        defectedAt,
      };
    });
    await upsertCustomersByExternalId(t.deps.db, rows);
    for (const r of rows.slice(0, 100)) {
      expect(
        (
          await vcall('POST', `/customers/${r.id}/bonds/structural`, {
            kind: 'shared_process',
            description: 'Joint planning',
            since,
          })
        ).status,
      ).toBe(201);
      await vcall('POST', `/customers/${r.id}/bonds/relationships`, { employeeName: 'Bo', role: 'advisor', since });
    }

    const before = (await vcall('GET', `/customers/${rows[0].id}/bonds`)).body.index;
    const saved = await vcall('PUT', '/bonds/settings', {
      weights: { social: 0, customisation: 0, structural: 1, financial: 0 },
      pointsValueScaleMinor: 5000,
    });
    expect(saved.status).toBe(200);
    const structuralOnly = (await vcall('GET', `/customers/${rows[0].id}/bonds`)).body;
    expect(structuralOnly.index).toBe(structuralOnly.components.structural);
    expect(structuralOnly.index).not.toBe(before);

    const outcome = await scoreBonds(t.deps, v.id);
    expect(outcome.scored).toBe(300);
    const summary = (await vcall('GET', '/bonds/summary')).body;
    expect(summary.scored).toBe(300);
    expect(summary.distribution.reduce((s: number, b: { customers: number }) => s + b.customers, 0)).toBe(300);
    expect(summary.distribution[0].customers).toBe(200);
    expect(summary.validation).toMatchObject({ status: 'ok', n: 120 });
    expect(summary.validation.hazardRatio).toBeGreaterThan(1);
    expect(summary.validation.lower).toBeGreaterThan(1);
    expect(summary.validation.events).toBe(summary.validation.bottom.events + summary.validation.top.events);
    expect((await vcall('GET', `/customers/${rows[0].id}/bonds`)).body.scored).toMatchObject({
      index: structuralOnly.index,
    });

    // A rerun overwrites, and drops customers no longer live.
    t.clock.advance(60_000);
    await vcall('DELETE', `/customers/${rows[299].id}`);
    const again = await scoreBonds(t.deps, v.id);
    expect(again).toMatchObject({ scored: 299, dropped: 1 });
  });

  test('a small workspace says why it cannot validate', async () => {
    const s = await t.workspace('Small');
    const res = await t.request('GET', '/api/v1/bonds/summary', { token: s.ownerToken });
    expect(res.body).toMatchObject({
      scored: 0,
      mean: null,
      validation: { status: 'insufficient', reason: 'too_few_customers' },
    });
  });
});
