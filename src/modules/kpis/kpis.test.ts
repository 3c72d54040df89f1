// Revenue movements and the cohort matrix through the API on a real database, against figures
// computed by hand below from the raw rows the test writes (contracts, value changes,
// cancellations; purchases and a return). Runs on PGlite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let rev: Ws;
let shop: Ws;
const ids: Record<string, string> = {};

const call = (ws: Ws, method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
async function ok(ws: Ws, method: string, path: string, body?: unknown) {
  const res = await call(ws, method, path, body);
  expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
  return res.body;
}
const customer = async (ws: Ws, name: string) => (ids[name] = (await ok(ws, 'POST', '/customers', { name })).id);
const contract = async (name: string, startedAt: string, monthlyValueMinor: number) =>
  (await ok(rev, 'POST', '/contracts', { customerId: ids[name], plan: 'Plan', startedAt, monthlyValueMinor })).id;
const change = (id: string, effectiveAt: string, monthlyValueMinor: number) =>
  ok(rev, 'POST', `/contracts/${id}/changes`, { effectiveAt, monthlyValueMinor });
const cancel = (id: string, cancelledAt: string) =>
  ok(rev, 'POST', `/contracts/${id}/cancel`, { reason: 'Leaving', cancelledAt });
const buy = async (name: string, occurredAt: string, minor: number) =>
  (
    await ok(shop, 'POST', '/transactions', {
      customerId: ids[name],
      occurredAt,
      lines: [{ quantity: 1, unitPriceMinor: minor }],
    })
  ).id;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-08-15T12:00:00Z'));
  rev = await t.workspace('Subscriptions');
  shop = await t.workspace('Shop');
  for (const n of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) await customer(rev, n);

  // MRR at each UTC month end, in cents (the written fixture; '·' = no MRR):
  //        Jan      Feb      Mar      Apr      May      Jun
  //   A  100.00   100.00   150.00   150.00   150.00   150.00   two contracts, one upgraded 15 Mar
  //   B  200.00   200.00   120.50   120.50   120.50   120.50   downgraded 20 Mar
  //   C   80.00    80.00     ·        ·        ·        ·      cancelled 10 Mar
  //   D   50.00     ·        ·      60.00    60.00    60.00    cancelled 10 Feb, new contract 2 Apr
  //   E     ·       ·      40.00    45.25    45.25    45.25    starts 3 Mar, upgraded 30 Apr 23:00
  //   F   30.00    30.00    30.00    30.00    30.00    25.10   downgraded 30 Jun 12:00
  //   G     ·       ·        ·        ·      70.00      ·      starts 5 May, cancelled 15 Jun
  //   H  pending contract only: never counts
  const a1 = await contract('A', '2026-01-10T00:00:00Z', 6000);
  const a2 = await contract('A', '2026-01-12T00:00:00Z', 4000);
  await change(a2, '2026-03-15T00:00:00Z', 9000);
  expect(a1).toBeTruthy();
  await change(await contract('B', '2026-01-05T00:00:00Z', 20000), '2026-03-20T00:00:00Z', 12050);
  await cancel(await contract('C', '2026-01-01T00:00:00Z', 8000), '2026-03-10T00:00:00Z');
  await cancel(await contract('D', '2026-01-15T00:00:00Z', 5000), '2026-02-10T00:00:00Z');
  await contract('D', '2026-04-02T00:00:00Z', 6000);
  await change(await contract('E', '2026-03-03T00:00:00Z', 4000), '2026-04-30T23:00:00Z', 4525);
  await change(await contract('F', '2026-01-20T00:00:00Z', 3000), '2026-06-30T12:00:00Z', 2510);
  await cancel(await contract('G', '2026-05-05T00:00:00Z', 7000), '2026-06-15T00:00:00Z');
  await ok(rev, 'POST', '/contracts', {
    customerId: ids.H,
    plan: 'Plan',
    status: 'pending',
    startedAt: '2026-01-01T00:00:00Z',
    monthlyValueMinor: 99900,
  });

  // Purchases (cents) for the cohort matrix:
  //   P1 5 Jan 100.00, 10 Feb 50.00, 1 Apr 20.00
  //   P2 20 Jan 30.00, 25 Jan 10.00, 2 Feb return of the 20 Jan purchase (−30.00), 3 Mar 40.00
  //   P3 14 Feb, 14 Mar, 14 Apr 70.00 each
  //   P4 28 Feb 23:30 UTC 25.00, 2 May 10.00 (after `to`: not seen)
  //   P5 30 Apr 15.00
  //   P6 first bought 20 Dec 2025: acquired before the matrix, never in it
  for (const n of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) await customer(shop, n);
  await buy('P1', '2026-01-05T10:00:00Z', 10000);
  await buy('P1', '2026-02-10T10:00:00Z', 5000);
  await buy('P1', '2026-04-01T00:00:00Z', 2000);
  const p2 = await buy('P2', '2026-01-20T10:00:00Z', 3000);
  await buy('P2', '2026-01-25T10:00:00Z', 1000);
  await ok(shop, 'POST', `/transactions/${p2}/returns`, { occurredAt: '2026-02-02T10:00:00Z' });
  await buy('P2', '2026-03-03T10:00:00Z', 4000);
  for (const d of ['2026-02-14', '2026-03-14', '2026-04-14']) await buy('P3', `${d}T10:00:00Z`, 7000);
  await buy('P4', '2026-02-28T23:30:00Z', 2500);
  await buy('P4', '2026-05-02T10:00:00Z', 1000);
  await buy('P5', '2026-04-30T10:00:00Z', 1500);
  await buy('P6', '2025-12-20T10:00:00Z', 1000);
  await buy('P6', '2026-01-10T10:00:00Z', 1000);
});
afterAll(() => t.close());

describe('contract value changes', () => {
  test('are listed on the contract, oldest first, and refused outside its life or twice at one instant', async () => {
    const id = await contract('H', '2026-02-01T00:00:00Z', 1000);
    await change(id, '2026-05-01T00:00:00Z', 3000);
    await change(id, '2026-03-01T00:00:00Z', 2000);
    const got = await ok(rev, 'GET', `/contracts/${id}`);
    expect(
      got.changes.map((c: { effectiveAt: string; monthlyValueMinor: number }) => [c.effectiveAt, c.monthlyValueMinor]),
    ).toEqual([
      ['2026-03-01T00:00:00.000Z', 2000],
      ['2026-05-01T00:00:00.000Z', 3000],
    ]);
    const post = (body: unknown) => call(rev, 'POST', `/contracts/${id}/changes`, body);
    expect((await post({ effectiveAt: '2026-03-01T00:00:00Z', monthlyValueMinor: 5 })).status).toBe(409);
    const early = await post({ effectiveAt: '2026-01-01T00:00:00Z', monthlyValueMinor: 5 });
    expect([early.status, early.body.errors?.[0]?.path]).toEqual([422, 'effectiveAt']);
    for (const bad of [
      { effectiveAt: '2026-06-01T00:00:00Z', monthlyValueMinor: -1 },
      { effectiveAt: '2026-06-01T00:00:00Z', monthlyValueMinor: 1.5 },
      { effectiveAt: 'June', monthlyValueMinor: 1 },
      { effectiveAt: '2026-06-01T00:00:00Z' },
      { effectiveAt: '2026-06-01T00:00:00Z', monthlyValueMinor: 1, extra: true },
    ])
      expect((await post(bad)).status, JSON.stringify(bad)).toBe(422);
    await cancel(id, '2026-06-10T00:00:00Z');
    expect((await post({ effectiveAt: '2026-07-01T00:00:00Z', monthlyValueMinor: 5 })).status).toBe(422);
    const missing = await call(rev, 'POST', `/contracts/${ids.A}/changes`, {
      effectiveAt: '2026-07-01T00:00:00Z',
      monthlyValueMinor: 5,
    });
    expect(missing.status).toBe(404);
    const other = await call(shop, 'POST', `/contracts/${id}/changes`, {
      effectiveAt: '2026-04-01T00:00:00Z',
      monthlyValueMinor: 5,
    });
    expect(other.status).toBe(404);
    const agent = await call(
      rev,
      'POST',
      `/contracts/${id}/changes`,
      { effectiveAt: '2026-04-01T00:00:00Z', monthlyValueMinor: 5 },
      await rev.token('agent'),
    );
    expect(agent.status).toBe(403);
  });
});

describe('revenue retention', () => {
  test('March–June against the hand-computed fixture, to the cent', async () => {
    // The test above adds H's contract (Feb–10 Jun: 10.00, 20.00 from Mar, 30.00 from May, cancelled
    // 10 Jun): H is at 10.00 at the end of Feb, so the start MRR includes it and H churns 10.00.
    // Start (end of Feb): A 100 + B 200 + C 80 + F 30 + H 10 = 420.00, five customers.
    // A +50 expansion; B −79.50 contraction; C −80 churned; D +60 reactivation (had MRR in Jan);
    // E +45.25 new; F −4.90 contraction; G nothing (came and went); H −10 churned.
    // End: 150 + 120.50 + 60 + 45.25 + 25.10 = 400.85 = 420 + 45.25 + 60 + 50 − 84.40 − 90.
    const k = await ok(rev, 'GET', '/kpis/revenue-retention?from=2026-03&to=2026-06');
    expect(Object.keys(k).sort()).toEqual(
      [
        'startMrrMinor',
        'newMinor',
        'expansionMinor',
        'contractionMinor',
        'churnedMinor',
        'reactivationMinor',
        'grr',
        'nrr',
        'logoChurn',
        'quickRatio',
        'breakdown',
      ].sort(),
    );
    expect(k).toMatchObject({
      startMrrMinor: 42000,
      newMinor: 4525,
      expansionMinor: 5000,
      contractionMinor: 8440,
      churnedMinor: 9000,
      reactivationMinor: 6000,
    });
    expect(k.grr).toBeCloseTo((42000 - 8440 - 9000) / 42000, 12); // 0.5847619…
    expect(k.nrr).toBeCloseTo((42000 + 5000 - 8440 - 9000) / 42000, 12); // 0.7038095…
    expect(k.logoChurn).toBe(2 / 5); // C and H
    expect(k.quickRatio).toBeCloseTo((4525 + 5000 + 6000) / (8440 + 9000), 12); // 0.8901949…
    expect(k.breakdown).toMatchObject({
      from: '2026-03',
      to: '2026-06',
      endMrrMinor: 40085,
      customersAtStart: 5,
      customersLost: 2,
    });
    // Month by month (each month's start is the end of the month before):
    //   Mar: A +50 exp, B −79.50, C −80, E +40 new, H +10 exp   420.00 → 360.50
    //   Apr: D +60 react, E +5.25 exp                            360.50 → 425.75
    //   May: G +70 new, H +10 exp                                425.75 → 505.75
    //   Jun: G −70 churn, H −30 churn, F −4.90                   505.75 → 400.85
    const months = k.breakdown.months.map((m: Record<string, number | string>) => [
      m.month,
      m.startMrrMinor,
      m.newMinor,
      m.expansionMinor,
      m.contractionMinor,
      m.churnedMinor,
      m.reactivationMinor,
      m.endMrrMinor,
    ]);
    expect(months).toEqual([
      ['2026-03', 42000, 4000, 6000, 7950, 8000, 0, 36050],
      ['2026-04', 36050, 0, 525, 0, 0, 6000, 42575],
      ['2026-05', 42575, 7000, 1000, 0, 0, 0, 50575],
      ['2026-06', 50575, 0, 0, 490, 10000, 0, 40085],
    ]);
    expect(k.breakdown.months[3].logoChurn).toBe(2 / 7);
  });

  test('drills down to the customers behind a movement, paged', async () => {
    const churned = await ok(
      rev,
      'GET',
      '/kpis/revenue-retention/customers?from=2026-03&to=2026-06&movement=churned&limit=1',
    );
    expect(churned.items).toHaveLength(1);
    const rest = await ok(
      rev,
      'GET',
      `/kpis/revenue-retention/customers?from=2026-03&to=2026-06&movement=churned&limit=1&cursor=${churned.nextCursor}`,
    );
    expect(rest.nextCursor).toBeNull();
    const all = [...churned.items, ...rest.items];
    expect(new Set(all.map((i: { customerId: string }) => i.customerId))).toEqual(new Set([ids.C, ids.H]));
    expect(all.map((i: { amountMinor: number }) => i.amountMinor).sort((a: number, b: number) => a - b)).toEqual([
      1000, 8000,
    ]);
    const react = await ok(
      rev,
      'GET',
      '/kpis/revenue-retention/customers?from=2026-03&to=2026-06&movement=reactivation',
    );
    expect(react.items).toEqual([
      { customerId: ids.D, movement: 'reactivation', startMrrMinor: 0, endMrrMinor: 6000, amountMinor: 6000 },
    ]);
  });

  test('exports the months and the period as CSV', async () => {
    const res = await call(rev, 'GET', '/kpis/revenue-retention/export.csv?from=2026-03&to=2026-06');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'month,startMrrMinor,newMinor,expansionMinor,reactivationMinor,contractionMinor,churnedMinor,endMrrMinor,grr,nrr,logoChurn,quickRatio',
    );
    expect(lines[1].startsWith('2026-03,42000,4000,6000,0,7950,8000,36050,')).toBe(true);
    expect(lines[5].startsWith('2026-03..2026-06,42000,4525,5000,6000,8440,9000,40085,')).toBe(true);
  });

  test('refuses a bad period with a 422 and other roles with a 403', async () => {
    for (const q of ['from=2026-13', 'from=2026-05&to=2026-04', 'to=26-01', 'from=2000-01&to=2026-01', 'extra=1'])
      expect((await call(rev, 'GET', `/kpis/revenue-retention?${q}`)).status, q).toBe(422);
    expect((await call(rev, 'GET', '/kpis/revenue-retention', undefined, await rev.token('agent'))).status).toBe(403);
    const empty = await ok(shop, 'GET', '/kpis/revenue-retention?from=2026-03&to=2026-06');
    expect(empty).toMatchObject({ startMrrMinor: 0, grr: null, nrr: null, logoChurn: null, quickRatio: null });
  });
});

describe('cohort matrix', () => {
  test('customers purchasing, by acquisition month × months since, equal the hand-computed matrix', async () => {
    // Cohort Jan = P1, P2 (P6 was acquired in Dec); Feb = P3, P4; Mar = nobody; Apr = P5.
    //   Jan: k0 P1 P2 → 2; k1 (Feb) P1 (P2 only returned) → 1; k2 (Mar) P2 → 1; k3 (Apr) P1 → 1
    //   Feb: k0 2; k1 (Mar) P3 → 1; k2 (Apr) P3 → 1      Mar: 0, 0      Apr: 1
    const m = await ok(shop, 'GET', '/kpis/cohorts?from=2026-01&to=2026-04&metric=customers');
    expect(m.cohorts).toEqual([
      { cohort: '2026-01', size: 2, values: [2, 1, 1, 1], shares: [1, 0.5, 0.5, 0.5] },
      { cohort: '2026-02', size: 2, values: [2, 1, 1], shares: [1, 0.5, 0.5] },
      { cohort: '2026-03', size: 0, values: [0, 0], shares: [null, null] },
      { cohort: '2026-04', size: 1, values: [1], shares: [1] },
    ]);
  });

  test('net revenue per cell (returns subtracted in the month they happen)', async () => {
    //   Jan: k0 100 + 30 + 10 = 140.00; k1 50 − 30 = 20.00; k2 40.00; k3 20.00
    //   Feb: k0 70 + 25 = 95.00; k1 70.00; k2 70.00      Apr: 15.00
    const m = await ok(shop, 'GET', '/kpis/cohorts?from=2026-01&to=2026-04&metric=revenue');
    expect(m.cohorts.map((c: { values: number[] }) => c.values)).toEqual([
      [14000, 2000, 4000, 2000],
      [9500, 7000, 7000],
      [0, 0],
      [1500],
    ]);
    expect(m.cohorts[0].shares).toEqual([1, 0.1429, 0.2857, 0.1429]);
  });

  test('exports the matrix as CSV', async () => {
    const res = await call(shop, 'GET', '/kpis/cohorts/export.csv?from=2026-01&to=2026-04');
    expect(res.text.trim().split('\r\n')).toEqual([
      'cohort,size,m0,m1,m2,m3',
      '2026-01,2,2,1,1,1',
      '2026-02,2,2,1,1',
      '2026-03,0,0,0',
      '2026-04,1,1',
    ]);
  });

  test('drills down to the customers of a cell; a tier nobody has gives an empty matrix', async () => {
    const cell = await ok(shop, 'GET', '/kpis/cohorts/customers?cohort=2026-01&monthsSince=2');
    expect(cell).toEqual({ items: [{ customerId: ids.P2, purchases: 1, revenueMinor: 4000 }], nextCursor: null });
    const none = await ok(shop, 'GET', '/kpis/cohorts?from=2026-01&to=2026-02&tier=platinum');
    expect(none.cohorts.map((c: { values: number[] }) => c.values)).toEqual([[0, 0], [0]]);
    expect((await call(shop, 'GET', '/kpis/cohorts?metric=margin')).status).toBe(422);
    expect((await call(shop, 'GET', '/kpis/cohorts/customers?cohort=2026-01&monthsSince=-1')).status).toBe(422);
  });
});
