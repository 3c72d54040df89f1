// The cohort roll-up against the matrix computed from the raw transactions (rawCohortMatrix, the
// reference), on seeded random data: after the first build, after more purchases (taken in by the
// read itself), a return, a merge, a scoring run that sets tiers, an erasure; and a full rebuild
// equals the incrementally kept cells. Runs on PGlite and PostgreSQL alike.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import { pick as pickOne, seededRng } from '../../lib/random.ts';
import { scoreWorkspace } from '../../workflows/score-customers.ts';
import { cohortMatrix, rawCohortMatrix } from './kpis.cohorts.ts';
import { rebuildCohortRollup, refreshCohortRollup, refreshCohortRollups } from './kpis.rollup.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const customers: string[] = [];

/** The same data on every run. */
const rnd = seededRng(1812);
const pick = <T>(xs: T[]) => pickOne(rnd, xs);

/** `n` purchases of random customers, between 1 Sep 2025 and the clock (15 Aug 2026), one INSERT. */
async function purchases(n: number) {
  const rows = Array.from({ length: n }, () => {
    const at = new Date(Date.UTC(2025, 8, 1) + rnd() * 348 * 86_400_000).toISOString();
    return sql`(${ws.id}::uuid, gen_random_uuid(), ${pick(customers)}::uuid, 'purchase', ${at}::timestamptz, 'USD', ${100 + Math.floor(rnd() * 10_000)}, 0)`;
  });
  await t.deps.db.execute(
    sql`insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor)
        values ${sql.join(rows, sql`, `)}`,
  );
}

const call = async (method: string, path: string, body?: unknown) => {
  const res = await t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
  expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
  return res.body;
};

/** The roll-up's matrix equals the raw one: both metrics, all tiers and each, two periods. */
async function expectSameMatrices(tiers: (undefined | 'platinum' | 'gold' | 'iron' | 'lead')[] = [undefined]) {
  for (const period of [
    { from: '2025-09', to: '2026-08' },
    { from: '2025-11', to: '2026-03' },
  ])
    for (const metric of ['customers', 'revenue'] as const)
      for (const tier of tiers) {
        const q = { ...period, metric, tier };
        expect(await cohortMatrix(t.deps, ws.id, q), JSON.stringify(q)).toEqual(
          await rawCohortMatrix(t.deps, ws.id, q),
        );
      }
}

const cells = (id: string) =>
  queryRows(
    t.deps.db,
    sql`select tier, cohort, month, customers, revenue_minor::text from kpi_cohort_cells
        where workspace_id = ${id} and (customers <> 0 or revenue_minor <> 0) order by 1, 2, 3`,
  );

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-08-15T12:00:00Z'));
  ws = await t.workspace('Cohort roll-up');
  for (let i = 0; i < 40; i++) customers.push((await call('POST', '/customers', { name: `Customer ${i}` })).id);
  await purchases(150);
});
afterAll(() => t.close());

describe('cohort roll-up', () => {
  test('equals the raw matrix after the first build and after new purchases, read at once', async () => {
    await expectSameMatrices();
    expect(await refreshCohortRollup(t.deps, ws.id)).toEqual({ outcome: 'fresh', customers: 0 });
    await purchases(30);
    const m = await cohortMatrix(t.deps, ws.id, { from: '2025-09', to: '2026-08', metric: 'revenue' });
    expect(m).toEqual(await rawCohortMatrix(t.deps, ws.id, { from: '2025-09', to: '2026-08', metric: 'revenue' }));
    await purchases(5);
    expect((await refreshCohortRollup(t.deps, ws.id)).outcome).toBe('refreshed');
    await expectSameMatrices();
  });

  test('a return, a merge, tiers from a scoring run and an erasure keep it equal', async () => {
    const sale = await call('POST', '/transactions', {
      customerId: customers[3],
      occurredAt: '2026-02-10T09:00:00Z',
      lines: [{ quantity: 2, unitPriceMinor: 4_500 }],
    });
    await expectSameMatrices();
    await call('POST', `/transactions/${sale.id}/returns`, { occurredAt: '2026-04-02T09:00:00Z' });
    await expectSameMatrices();

    const [survivor, merged] = [customers[0], customers[1]];
    await call('POST', `/customers/${survivor}/merge`, { mergeId: merged });
    const left = await queryRows(
      t.deps.db,
      sql`select customer_id from kpi_cohort_customers where workspace_id = ${ws.id} and customer_id = ${merged}
          union all select customer_id from kpi_cohort_changes where workspace_id = ${ws.id} and customer_id = ${merged}`,
    );
    expect(left).toEqual([]);
    await expectSameMatrices();

    await scoreWorkspace(t.deps, ws.id, 'full');
    await expectSameMatrices([undefined, 'platinum', 'gold', 'iron', 'lead']);
    const tiers = await queryRows<{ tier: string }>(
      t.deps.db,
      sql`select distinct tier from kpi_cohort_customers where workspace_id = ${ws.id}`,
    );
    // Every customer with a purchase was scored: none is left without a tier in the roll-up.
    expect(tiers.map((r) => r.tier)).not.toContain('none');
    expect(tiers.length).toBeGreaterThan(0);

    await call('POST', `/customers/${customers[2]}/erase`, { confirm: 'ERASE' });
    await expectSameMatrices([undefined, 'platinum', 'gold', 'iron', 'lead']);
  });

  test('a full rebuild gives the cells kept incrementally', async () => {
    await refreshCohortRollup(t.deps, ws.id);
    const kept = await cells(ws.id);
    expect(kept.length).toBeGreaterThan(20);
    expect((await rebuildCohortRollup(t.deps, ws.id)).outcome).toBe('rebuilt');
    expect(await cells(ws.id)).toEqual(kept);
  });

  test("the job's pass refreshes every workspace with queued customers, and only those", async () => {
    const other = await t.workspace('Cohort roll-up, second');
    const customer = (
      await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Second shop customer' } })
    ).body.id;
    await t.request('POST', '/api/v1/transactions', {
      token: other.ownerToken,
      body: { customerId: customer, occurredAt: '2026-03-01T09:00:00Z', lines: [{ quantity: 1, unitPriceMinor: 900 }] },
    });
    await purchases(3);
    const queued = () =>
      queryRows<{ id: string }>(t.deps.db, sql`select distinct workspace_id::text id from kpi_cohort_changes`);
    expect((await queued()).map((r) => r.id).sort()).toEqual([ws.id, other.id].sort());
    const failed: string[] = [];
    expect(await refreshCohortRollups(t.deps, (id) => failed.push(id))).toBe(2);
    expect(failed).toEqual([]);
    expect(await queued()).toEqual([]);
    await expectSameMatrices();
  });
});
