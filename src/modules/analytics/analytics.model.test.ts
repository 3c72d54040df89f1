// The value engine on the generated demo business (BG/NBD purchase process): the demo load
// scores the workspace, the fitted model is served with its fit quality, RFM scores are
// quintiles, the pyramid follows its shares, and a run queued through the API is executed by a worker.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { queryRows } from '../../db/client.ts';
import { loadDemo } from '../../workflows/demo/load-demo.ts';
import { scoreWorkspace } from '../../workflows/score-customers.ts';
import { logFromTransactions, trackingSeries } from './models/index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = async (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
let loaded: Awaited<ReturnType<typeof loadDemo>>;

beforeAll(async () => {
  t = await createTestApp({ jobs: true });
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Demo value');
  loaded = await loadDemo(t.deps, {
    workspaceId: ws.id,
    customers: 400,
    seed: 3,
    end: new Date('2026-06-01T00:00:00Z'),
  });
}, 240_000);
afterAll(() => t.close());

test('the demo load ends with a scoring run: everyone has a tier, and the model is served', async () => {
  expect(loaded.scoring).toMatchObject({ customers: 400, tierChanges: 400 });
  const model = await call('GET', '/analytics/clv/model');
  expect(model.status, model.text).toBe(200);
  const m = model.body;
  expect(m).toMatchObject({
    model: 'bgnbd',
    runId: loaded.scoring?.runId,
    converged: true,
    calibrationEnd: '2025-12-01',
    holdoutEnd: '2026-06-01',
  });
  for (const k of ['r', 'alpha', 'a', 'b']) {
    expect(m.params[k]).toBeGreaterThan(0);
    expect(m.standardErrors[k]).toBeGreaterThan(0);
  }
  expect(m.logLikelihood).toBeLessThan(0);
  expect(m.spend.customers + m.spend.excluded).toBeGreaterThan(0);
  // Weekly tracking from the first purchase to the run, the last 26 weeks held out.
  expect(m.tracking.length).toBeGreaterThan(100);
  expect(m.tracking.filter((p: { holdout: boolean }) => p.holdout).length).toBe(26);
  const last = m.tracking.at(-1);
  expect(last.period).toBe('2026-06-01');
  // The calibration fit predicts the holdout's cumulative repeat purchases within 30 %.
  expect(Math.abs(last.predictedCumulative - last.actualCumulative) / last.actualCumulative).toBeLessThan(0.3);
  expect(m.holdout.customers).toBeGreaterThan(0);

  const pyramid = (await call('GET', '/analytics/pyramid')).body;
  expect(pyramid.unscored).toBe(0);
  expect(pyramid.tiers.reduce((s: number, x: { customers: number }) => s + x.customers, 0)).toBe(400);
  for (const k of ['customerShare', 'revenueShare', 'profitShare'])
    expect(pyramid.tiers.reduce((s: number, x: Record<string, number>) => s + x[k], 0)).toBeCloseTo(1, 9);
});

test('the tracking series counts what the model library counts on the raw purchase log (a purchase before 1970 too)', async () => {
  // Day numbers before 1970 are negative: one such purchase must be counted like any other.
  const [buyer] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select customer_id id from transactions where workspace_id = ${ws.id} and kind = 'purchase' limit 1`,
  );
  const created = await call('POST', '/transactions', {
    customerId: buyer.id,
    occurredAt: '1969-12-20T10:00:00Z',
    lines: [{ quantity: 1, unitPriceMinor: 1000 }],
  });
  expect(created.status, created.text).toBe(201);
  t.clock.advance(60_000); // the model served is the newest run's
  await scoreWorkspace(t.deps, ws.id, 'full');
  const m = (await call('GET', '/analytics/clv/model')).body;
  expect(m.tracking[0].period < '1970-01-01').toBe(true);
  const purchases = await queryRows<{ c: string; d: string }>(
    t.deps.db,
    sql`select customer_id::text c, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') d from transactions
        where workspace_id = ${ws.id} and kind = 'purchase' and occurred_at < ${t.clock.now()}`,
  );
  const log = logFromTransactions(purchases.map((p) => ({ customerId: p.c, date: p.d })));
  const expected = trackingSeries(
    log,
    { model: 'bgnbd', params: m.params },
    { calibrationEnd: m.calibrationEnd, end: m.holdoutEnd },
  );
  const actual = (points: { actual: number; actualCumulative: number; holdout: boolean }[]) =>
    points.map((p) => [p.actual, p.actualCumulative, p.holdout]);
  expect(actual(m.tracking)).toEqual(actual(expected));
  expect(m.tracking.map((p: { period: string }) => p.period)).toEqual(expected.map((p) => p.end));
  expect(m.tracking.at(-1).actualCumulative).toBeGreaterThan(100);
});

test('RFM scores are quintiles: each score holds a fifth of the buyers (±1)', async () => {
  for (const col of ['r_score', 'f_score', 'm_score']) {
    const rows = await queryRows<{ s: number; n: number }>(
      t.deps.db,
      sql`select ${sql.raw(col)} s, count(*)::int n from customer_scores where workspace_id = ${ws.id} and ${sql.raw(col)} is not null group by 1 order by 1`,
    );
    expect(rows.map((r) => r.s)).toEqual([1, 2, 3, 4, 5]);
    const counts = rows.map((r) => r.n);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  }
  // The documented rule, in SQL over the stored metrics: ntile(5) by the metric, ties by customer id.
  const [differ] = await queryRows<{ n: number }>(
    t.deps.db,
    sql`select count(*)::int n from (
          select r_score, f_score, m_score,
            ntile(5) over (order by recency_days desc, customer_id) r, ntile(5) over (order by frequency, customer_id) f, ntile(5) over (order by monetary_minor, customer_id) m
          from customer_scores where workspace_id = ${ws.id} and recency_days is not null) x
        where (r_score, f_score, m_score) is distinct from (r, f, m)`,
  );
  expect(differ.n).toBe(0);
  const rfm = (await call('GET', '/analytics/rfm')).body;
  const buyers = rfm.cells.reduce((s: number, c: { customers: number }) => s + c.customers, 0);
  expect(rfm.segments.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(buyers);
  expect(rfm.segments.reduce((s: number, c: { customerShare: number }) => s + c.customerShare, 0)).toBeCloseTo(1, 9);
});

test('the pyramid follows the default shares: Platinum the top 5 % of the profitable by predicted CLV', async () => {
  const [row] = await queryRows<{
    ranked: number;
    platinum: number;
    gold: number;
    lead_ok: boolean;
    order_ok: boolean;
  }>(
    t.deps.db,
    sql`select count(*) filter (where net_profit_minor >= 0)::int ranked, count(*) filter (where tier = 'platinum')::int platinum, count(*) filter (where tier = 'gold')::int gold,
          bool_and((tier = 'lead') = (net_profit_minor < 0)) lead_ok,
          coalesce(min(clv_minor) filter (where tier = 'platinum') >= max(clv_minor) filter (where tier = 'gold'), true) order_ok
        from customer_scores where workspace_id = ${ws.id}`,
  );
  expect(row.platinum).toBe(Math.ceil(0.05 * row.ranked));
  expect(row.gold).toBe(Math.ceil(0.2 * row.ranked) - row.platinum);
  expect(row.lead_ok).toBe(true);
  expect(row.order_ok).toBe(true);
  const [top] = await queryRows<{ customer_id: string }>(
    t.deps.db,
    sql`select customer_id from customer_scores where workspace_id = ${ws.id} and tier = 'platinum' limit 1`,
  );
  const value = (await call('GET', `/customers/${top.customer_id}/value`)).body;
  expect(value.modelVersion).toMatch(/^bgnbd-gg\/1@/);
  expect(value.clv.clvMinor).toBeGreaterThan(0);
  expect(value.clv.horizonWeeks).toBe(52);
  expect(value.clv.explanation).toMatch(/chance of still being an active customer/);
  expect(value.tier.reason).toMatch(
    /predicted customer lifetime value of \$[\d,.]+ \(rank \d+ of \d+ profitable customers\) puts this customer in the top 5%/,
  );
});

test("an incremental run at the full run's instant gives the customers it re-scores the full run's numbers", async () => {
  // Costs, potential value from peers (the others' stored revenue), predictions from the stored model, tier from the stored cut-offs.
  const columns = sql.raw(
    'customer_id, recency_days, frequency, monetary_minor, tenure_days, revenue_minor, gross_margin_minor, interaction_cost_minor, cost_to_serve_minor, net_profit_minor, historical_clv_minor, potential_value_minor, potential_source, share_of_wallet, repeat_purchases, recency_weeks, age_weeks, expected_purchases, p_alive, expected_spend_minor, clv_minor, tier',
  );
  const picked = sql`(select customer_id from customer_scores where workspace_id = ${ws.id} and potential_source = 'peers' and interaction_cost_minor > 0 and clv_minor > 0 order by customer_id limit 5)`;
  const read = () =>
    queryRows<Record<string, unknown>>(
      t.deps.db,
      sql`select ${columns} from customer_scores where workspace_id = ${ws.id} and customer_id in ${picked} order by customer_id`,
    );
  const before = await read();
  expect(before).toHaveLength(5);
  // A profile edit a moment after the run (later than its as-of instant) puts them in the next incremental run's scope.
  await t.deps.db.execute(
    sql`update customers set updated_at = ${new Date(t.clock.now().getTime() + 1)} where workspace_id = ${ws.id} and id in ${picked}`,
  );
  const outcome = await scoreWorkspace(t.deps, ws.id, 'incremental');
  expect(outcome).toMatchObject({ customersScored: 5, tierChanges: 0 });
  expect(await read()).toEqual(before);
});

test('a run queued through the API is executed by a worker', async () => {
  t.clock.advance(86_400_000);
  const queued = await call('POST', '/analytics/score-runs', { mode: 'full' });
  expect(queued.status).toBe(202);
  const run = await waitFor(
    async () => {
      const r = (await call('GET', '/analytics/score-runs')).body.items.find(
        (x: { id: string }) => x.id === queued.body.id,
      );
      return r && !['queued', 'running'].includes(r.status) && r;
    },
    { what: `scoring run ${queued.body.id} to end`, timeoutMs: 90_000, intervalMs: 500 },
  );
  expect(run).toMatchObject({ status: 'succeeded', mode: 'full', customersScored: 400, converged: true });
  expect(Object.keys(run.timings)).toEqual(expect.arrayContaining(['transactions', 'fit', 'metrics', 'write']));
}, 120_000);
