// The KPI filters (saved segment, account manager, tier) through the API on a real database: the
// summary, revenue retention, their drill-downs and CSV exports and the complaints trend, April
// 2026 against March 2026, compared with figures counted by hand from the rows written below.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from '../complaints/complaints.test-helpers.ts';
import { insertAnsweredSurveys } from '../surveys/index.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
let segment: string;
const k: Record<string, string> = {};

const get = (path: string) => w.ok('GET', path, undefined, 'analyst');
const april = 'from=2026-04&to=2026-04';

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-01-01T00:00:00Z'));
  w = await complaintsWorkspace(t, 'KPI filters');
  // Customers: K1, K2, K3 managed by the manager M; K1, K2, K4 tagged vip (the saved segment).
  for (const [name, tags] of [
    ['K1', ['vip']],
    ['K2', ['vip']],
    ['K3', []],
    ['K4', ['vip']],
    ['K5', []],
  ] as const)
    k[name] = (await w.ok('POST', '/customers', { name, tags })).id;
  await w.ok('POST', '/books/assign', { customerIds: [k.K1, k.K2, k.K3], userId: w.manager.id });
  segment = (await w.ok('POST', '/segments', { name: 'VIP', definition: { all: [{ field: 'tags', any: ['vip'] }] } }))
    .id;

  // Contracts (MRR in cents at month ends): K1 100.00 from Jan, 150.00 from 15 Apr (expansion);
  // K4 200.00 from Jan, cancelled 10 Apr (churn, and a defection); K2 50.00 from 2 Apr (new).
  const contract = async (who: string, startedAt: string, monthlyValueMinor: number) =>
    (await w.ok('POST', '/contracts', { customerId: k[who], plan: 'Plan', startedAt, monthlyValueMinor })).id;
  const c1 = await contract('K1', '2026-01-10T00:00:00Z', 10000);
  const c4 = await contract('K4', '2026-01-05T00:00:00Z', 20000);
  await contract('K2', '2026-04-02T00:00:00Z', 5000);
  t.clock.set(new Date('2026-03-01T00:00:00Z'));
  const complaint = (who: string) =>
    w.ok('POST', '/complaints', {
      customerId: k[who],
      category: 'billing',
      channel: 'phone',
      subject: 'Charged twice',
      description: 'My card was charged twice.',
    });
  // Complaints: K2 on 1 Mar (open); K1 on 1 Apr (resolved, billing_error); K5 on 2 Apr (open).
  await complaint('K2');
  t.clock.set(new Date('2026-04-01T00:00:00Z'));
  const c = await complaint('K1');
  await w.validate(c.id);
  await w.resolve(c.id);
  t.clock.set(new Date('2026-04-02T00:00:00Z'));
  await complaint('K5');
  t.clock.set(new Date('2026-05-10T00:00:00Z'));
  await w.ok('POST', `/contracts/${c1}/changes`, { effectiveAt: '2026-04-15T00:00:00Z', monthlyValueMinor: 15000 });
  await w.ok('POST', `/contracts/${c4}/cancel`, { reason: 'Leaving', cancelledAt: '2026-04-10T00:00:00Z' });

  // Purchases: K1 5 Mar, 5 Apr, 20 Apr; K2 10 Mar; K3 12 Apr; K4 3 Mar, 3 Apr; K5 1 Mar, 1 Apr, 2 Apr.
  for (const [who, day] of [
    ['K1', '2026-03-05'],
    ['K1', '2026-04-05'],
    ['K1', '2026-04-20'],
    ['K2', '2026-03-10'],
    ['K3', '2026-04-12'],
    ['K4', '2026-03-03'],
    ['K4', '2026-04-03'],
    ['K5', '2026-03-01'],
    ['K5', '2026-04-01'],
    ['K5', '2026-04-02'],
  ])
    await w.ok('POST', '/transactions', {
      customerId: k[who],
      occurredAt: `${day}T12:00:00Z`,
      lines: [{ quantity: 1, unitPriceMinor: 1000 }],
    });
  // Defections: K3 on 25 Apr (price).
  await w.ok('POST', `/customers/${k.K3}/defections`, { defectedAt: '2026-04-25T00:00:00Z', reasonCode: 'price' });
  // NPS in April: K1 10, K5 0.
  const nps = (who: string, score: number) => ({
    customerId: k[who],
    kind: 'nps' as const,
    trigger: 'relationship' as const,
    locale: 'en',
    sentAt: new Date('2026-04-10T08:00:00Z'),
    answeredAt: new Date('2026-04-10T09:00:00Z'),
    score,
    comment: null,
  });
  await insertAnsweredSurveys(t.deps.db, w.ws.id, [nps('K1', 10), nps('K5', 0)]);
});
afterAll(() => t.close());

describe('KPI filters', () => {
  test('the summary of one account manager, and of a saved segment, each figure of their customers only', async () => {
    const all = await get(`/kpis/summary?${april}`);
    const mine = await get(`/kpis/summary?${april}&accountManager=${w.manager.id}`);
    const vip = await get(`/kpis/summary?${april}&segment=${segment}`);
    const both = await get(`/kpis/summary?${april}&segment=${segment}&accountManager=${w.manager.id}`);
    // March purchasers: K1, K2, K4, K5; again in April: K1, K4, K5. M's: K1, K2 → K1. VIP: K1, K2, K4 → K1, K4.
    expect(all.logoRetention.current).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(mine.logoRetention.current).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(vip.logoRetention.current).toEqual({ numerator: 2, denominator: 3, value: 0.666667 });
    expect(both.logoRetention.current).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    // April purchasers: K1 (2), K3, K4, K5 (2). M's: K1, K3 → 1 of 2. Both filters: K1 → 1 of 1.
    expect(all.repeatPurchaseRate.current).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(mine.repeatPurchaseRate.current).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(both.repeatPurchaseRate.current).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // Defections in April: K3 (recorded, price) and K4 (its contract cancelled). Active now: K1, K2,
    // K5; M's and VIP: K1, K2 each. Rate = defections / (active + defections).
    expect(all.defectionRate.current).toEqual({ numerator: 2, denominator: 5, value: 0.4 });
    expect(mine.defectionRate.current).toEqual({ numerator: 1, denominator: 3, value: 0.333333 });
    expect(vip.defectionRate.current).toEqual({ numerator: 1, denominator: 3, value: 0.333333 });
    expect(mine.defectionsByReason).toEqual([{ key: 'price', current: 1, previous: 0 }]);
    expect(vip.defectionsByReason).not.toContainEqual(expect.objectContaining({ key: 'price' }));
    // Complaints registered: April K1, K5; March K2. Per 1,000 active: all 2 × 1000 / 3; M's 1 × 1000 / 2.
    expect(all.complaintsPer1000).toEqual({
      current: { numerator: 2, denominator: 3, value: 666.666667 },
      previous: { numerator: 1, denominator: 3, value: 333.333333 },
    });
    expect(mine.complaintsPer1000).toEqual({
      current: { numerator: 1, denominator: 2, value: 500 },
      previous: { numerator: 1, denominator: 2, value: 500 },
    });
    expect(vip.complaintsByRootCause).toEqual([{ key: 'billing_error', current: 1, previous: 0 }]);
    // NPS: all K1 10 and K5 0 → 0 of 2; M's K1 only → 100.
    expect(all.nps.current).toMatchObject({ value: 0, n: 2 });
    expect(mine.nps.current).toMatchObject({ value: 100, n: 1 });
  });

  test('revenue retention, its drill-down and its CSV for one account manager', async () => {
    // Start (31 Mar): K1 100.00, K4 200.00. End (30 Apr): K1 150.00, K2 50.00.
    expect(await get(`/kpis/revenue-retention?${april}`)).toMatchObject({
      startMrrMinor: 30000,
      newMinor: 5000,
      expansionMinor: 5000,
      churnedMinor: 20000,
      grr: 10000 / 30000,
      nrr: 0.5,
      logoChurn: 0.5,
      quickRatio: 0.5,
    });
    const mine = `${april}&accountManager=${w.manager.id}`;
    expect(await get(`/kpis/revenue-retention?${mine}`)).toMatchObject({
      startMrrMinor: 10000,
      newMinor: 5000,
      expansionMinor: 5000,
      churnedMinor: 0,
      grr: 1,
      nrr: 1.5,
      logoChurn: 0,
      quickRatio: null,
    });
    expect((await get(`/kpis/revenue-retention/customers?${april}&movement=churned`)).items).toMatchObject([
      { customerId: k.K4, amountMinor: 20000 },
    ]);
    expect((await get(`/kpis/revenue-retention/customers?${mine}&movement=churned`)).items).toEqual([]);
    expect((await get(`/kpis/revenue-retention/customers?${mine}&movement=new`)).items).toMatchObject([
      { customerId: k.K2, amountMinor: 5000 },
    ]);
    const csv = await w.call('GET', `/kpis/revenue-retention/export.csv?${mine}`);
    expect(csv.text.trim().split('\n').at(-1)).toBe('2026-04..2026-04,10000,5000,5000,0,0,0,20000,1,1.5,0,');
  });

  test('the logo-churn drill-down and the summary CSV keep the filters', async () => {
    const lapsed = await get(`/kpis/logo-churn/customers?${april}&segment=${segment}`);
    expect(lapsed.items.map((i: { customerId: string }) => i.customerId)).toEqual([k.K2]);
    const none = await get(`/kpis/logo-churn/customers?${april}&segment=${segment}&tier=gold`);
    expect(none.items).toEqual([]);
    const csv = await w.call('GET', `/kpis/summary/export.csv?${april}&accountManager=${w.manager.id}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('logoRetention,2026-04,2026-04,1,2,0.5,2026-03,2026-03,');
  });

  test('complaints per 1,000 active customers per month, in all and by root cause, from the rows', async () => {
    const trend = await get('/kpis/complaints-trend?from=2026-02&to=2026-04');
    // Active now: K1, K2, K5 (K3 and K4 defected). March: K2 (open); April: K1 (billing_error), K5 (open).
    expect(trend.activeCustomers).toBe(3);
    const third = 333.3333;
    expect(trend.months).toEqual([
      { month: '2026-02', complaints: 0, per1000: 0, byRootCause: [] },
      { month: '2026-03', complaints: 1, per1000: third, byRootCause: [{ rootCause: null, count: 1, per1000: third }] },
      {
        month: '2026-04',
        complaints: 2,
        per1000: 666.6667,
        byRootCause: [
          { rootCause: 'billing_error', count: 1, per1000: third },
          { rootCause: null, count: 1, per1000: third },
        ],
      },
    ]);
    const mine = await get(`/kpis/complaints-trend?from=2026-04&to=2026-04&accountManager=${w.manager.id}`);
    expect(mine).toMatchObject({
      activeCustomers: 2,
      months: [{ month: '2026-04', complaints: 1, per1000: 500 }],
    });
  });

  test('filter values that name nothing are 422s naming the field', async () => {
    const bad = async (query: string, field: string) => {
      const res = await w.call('GET', `/kpis/summary?${query}`);
      expect(res.status, query).toBe(422);
      expect(JSON.stringify(res.body), query).toContain(field);
    };
    await bad('segment=not-a-segment', 'segment');
    await bad('segment=0190a0a0-0000-7000-8000-000000000009', 'segment');
    await bad('accountManager=0190a0a0-0000-7000-8000-000000000009', 'accountManager');
    await bad('rfmSegment=whales', 'rfmSegment');
    await bad('tier=bronze', 'tier');
    const res = await w.call('GET', '/kpis/revenue-retention?accountManager=0190a0a0-0000-7000-8000-000000000009');
    expect(res.status).toBe(422);
    // A member who manages nobody is a valid filter over no customers.
    const empty = await get(`/kpis/summary?${april}&accountManager=${w.agentA.id}`);
    expect(empty.logoRetention.current).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});
