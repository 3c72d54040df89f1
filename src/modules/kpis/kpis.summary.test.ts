// The KPI summary through the API on a real database: logo retention and churn, repeat-purchase
// rate, defections, complaints per 1,000 active customers, SLA compliance, handling times and root
// causes — each with its numerator and denominator, April 2026 against March 2026, compared with
// figures counted by hand from the rows written below.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from '../complaints/complaints.test-helpers.ts';
import { insertAnsweredSurveys } from '../surveys/index.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
let q1: string, q2: string, q3: string, q4: string;
const HOUR = 3_600_000;
const t0 = new Date('2026-04-01T00:00:00Z'); // a Wednesday
const at = (hours: number) => t.clock.set(new Date(t0.getTime() + hours * HOUR));

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(t0);
  w = await complaintsWorkspace(t, 'KPI summary');
  // Complaints (customers X and Y): c1 resolved after 10 h within its 48 h SLA (billing_error);
  // c2 registered at +1 h, resolved at +61 h, past its deadline (delivery_delay).
  const c1 = await w.register('x@example.com');
  await w.validate(c1.id, 'high');
  at(10);
  await w.resolve(c1.id, 'Refunded', 'billing_error');
  at(1);
  const c2 = await w.register('y@example.com');
  await w.validate(c2.id, 'high');
  at(61);
  await w.resolve(c2.id, 'Re-shipped', 'delivery_delay');
  t.clock.set(new Date('2026-05-10T00:00:00Z'));

  const customer = async (name: string) => (await w.ok('POST', '/customers', { name })).id as string;
  const buy = (customerId: string, day: string) =>
    w.ok('POST', '/transactions', {
      customerId,
      occurredAt: `${day}T12:00:00Z`,
      lines: [{ quantity: 1, unitPriceMinor: 1000 }],
    });
  // Purchases: Q1 Mar 5, Apr 5, Apr 20; Q2 Mar 10; Q3 Apr 12; Q4 Feb 3, Mar 3.
  [q1, q2, q3, q4] = [await customer('Q1'), await customer('Q2'), await customer('Q3'), await customer('Q4')];
  for (const [c, day] of [
    [q1, '2026-03-05'],
    [q1, '2026-04-05'],
    [q1, '2026-04-20'],
    [q2, '2026-03-10'],
    [q3, '2026-04-12'],
    [q4, '2026-02-03'],
    [q4, '2026-03-03'],
  ])
    await buy(c, day);
  // Defections: D1 on 10 Apr (price), D2 on 10 Mar (product_quality).
  await w.ok('POST', `/customers/${await customer('D1')}/defections`, {
    defectedAt: '2026-04-10T00:00:00Z',
    reasonCode: 'price',
  });
  await w.ok('POST', `/customers/${await customer('D2')}/defections`, {
    defectedAt: '2026-03-10T00:00:00Z',
    reasonCode: 'product_quality',
  });
  // The customer's voice. April: NPS answers 10, 9, 7, 3 (2 promoters, 1 detractor of 4);
  // CSAT 5, 2 (1 satisfied of 2); compliments on 2 and 30 April. March: NPS 2 (1 detractor of 1).
  const answer = (customerId: string, kind: 'nps' | 'csat', day: string, score: number) => ({
    customerId,
    kind,
    trigger: kind === 'nps' ? ('relationship' as const) : ('purchase' as const),
    locale: 'en',
    sentAt: new Date(`${day}T08:00:00Z`),
    answeredAt: new Date(`${day}T09:00:00Z`),
    score,
    comment: null,
  });
  await insertAnsweredSurveys(t.deps.db, w.ws.id, [
    answer(q1, 'nps', '2026-04-02', 10),
    answer(q2, 'nps', '2026-04-03', 9),
    answer(q3, 'nps', '2026-04-04', 7),
    answer(q4, 'nps', '2026-04-30', 3),
    answer(q1, 'csat', '2026-04-06', 5),
    answer(q2, 'csat', '2026-04-07', 2),
    answer(q3, 'nps', '2026-03-31', 2),
  ]);
  for (const day of ['2026-04-02', '2026-04-30', '2026-05-01'])
    await w.ok('POST', '/feedback', {
      kind: 'compliment',
      customerId: q1,
      body: 'Kind help',
      occurredAt: `${day}T10:00:00Z`,
    });
});
afterAll(() => t.close());

describe('KPI summary', () => {
  test('April against March, each figure with its parts', async () => {
    const k = await w.ok('GET', '/kpis/summary?from=2026-04&to=2026-04', undefined, 'analyst');
    expect(k).toMatchObject({ from: '2026-04', to: '2026-04', previousFrom: '2026-03', previousTo: '2026-03' });
    // Purchasers in March: Q1, Q2, Q4; of them in April: Q1. In April: Q1 (twice), Q3.
    // Purchasers in February: Q4; of them in March: Q4. In March: Q1, Q2, Q4, once each.
    expect(k.logoRetention).toEqual({
      current: { numerator: 1, denominator: 3, value: 0.333333 },
      previous: { numerator: 1, denominator: 1, value: 1 },
    });
    expect(k.logoChurn.current).toEqual({ numerator: 2, denominator: 3, value: 0.666667 });
    expect(k.repeatPurchaseRate).toEqual({
      current: { numerator: 1, denominator: 2, value: 0.5 },
      previous: { numerator: 0, denominator: 3, value: 0 },
    });
    // Active customers now: X, Y, Q1–Q4 (D1 and D2 defected) = 6; one defection in each month.
    expect(k.defectionRate).toEqual({
      current: { numerator: 1, denominator: 7, value: 0.142857 },
      previous: { numerator: 1, denominator: 7, value: 0.142857 },
    });
    expect(k.defectionsByReason).toEqual([
      { key: 'price', current: 1, previous: 0 },
      { key: 'product_quality', current: 0, previous: 1 },
    ]);
    expect(k.defectionsByTier).toEqual([{ key: null, current: 1, previous: 1 }]);
    // Two complaints registered in April over 6 active customers; one of the two resolved within SLA.
    expect(k.complaintsPer1000).toEqual({
      current: { numerator: 2, denominator: 6, value: 333.333333 },
      previous: { numerator: 0, denominator: 6, value: 0 },
    });
    expect(k.slaCompliance).toEqual({
      current: { numerator: 1, denominator: 2, value: 0.5 },
      previous: { numerator: 0, denominator: 0, value: null },
    });
    // Hours to resolve 10 and 60: mean 35, p90 (linear interpolation) 10 + 0.9 × 50 = 55.
    expect(k.handlingHours).toEqual({ current: { mean: 35, p90: 55 }, previous: { mean: null, p90: null } });
    expect(k.complaintsByRootCause).toEqual([
      { key: 'billing_error', current: 1, previous: 0 },
      { key: 'delivery_delay', current: 1, previous: 0 },
    ]);
  });

  test("the customer's voice: NPS and CSAT with their 95% bands, compliments per 1,000 active customers", async () => {
    const k = await w.ok('GET', '/kpis/summary?from=2026-04&to=2026-04', undefined, 'analyst');
    // NPS = 100 × (2/4 − 1/4) = 25; SE = 100 × √((p + d − (p − d)²) / n) = 100 × √((0.75 − 0.0625) / 4)
    // = 41.4578, band 25 ± 1.959964 × 41.4578, cut at −100…100 (formula: docs/surveys.md).
    expect(k.nps.current).toEqual({ value: 25, n: 4, low: -56.26, high: 100 });
    expect(k.nps.previous).toEqual({ value: -100, n: 1, low: -100, high: -100 });
    // CSAT = 1/2 = 50%, SE = 100 × √(0.25 / 2) = 35.3553, band 50 ± 69.29 cut at 0…100.
    expect(k.csat.current).toEqual({ value: 50, n: 2, low: 0, high: 100 });
    expect(k.csat.previous).toEqual({ value: null, n: 0, low: null, high: null });
    // Two compliments in April (the one on 1 May is outside) over 6 active customers.
    expect(k.complimentsPer1000).toEqual({
      current: { numerator: 2, denominator: 6, value: 333.333333 },
      previous: { numerator: 0, denominator: 6, value: 0 },
    });
  });

  test('logo churn drills down to the customers who stopped purchasing', async () => {
    const page = await w.ok('GET', '/kpis/logo-churn/customers?from=2026-04&to=2026-04&limit=1');
    const rest = await w.ok(
      'GET',
      `/kpis/logo-churn/customers?from=2026-04&to=2026-04&limit=1&cursor=${page.nextCursor}`,
    );
    expect(rest.nextCursor).toBeNull();
    const got = [...page.items, ...rest.items].map((i: { customerId: string; lastPurchaseAt: string }) => [
      i.customerId,
      i.lastPurchaseAt,
    ]);
    expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(
      new Set([JSON.stringify([q2, '2026-03-10T12:00:00.000Z']), JSON.stringify([q4, '2026-03-03T12:00:00.000Z'])]),
    );
    expect([q1, q3]).not.toContain(got[0][0]);
  });

  test('the tier filter narrows the purchase KPIs; agents may not read KPIs', async () => {
    const k = await w.ok('GET', '/kpis/summary?from=2026-04&to=2026-04&tier=gold');
    expect(k.repeatPurchaseRate.current).toEqual({ numerator: 0, denominator: 0, value: null });
    const agent = await w.ws.token('agent');
    expect((await t.request('GET', '/api/v1/kpis/summary', { token: agent })).status).toBe(403);
    expect((await w.call('GET', '/kpis/summary?tier=bronze')).status).toBe(422);
  });
});
