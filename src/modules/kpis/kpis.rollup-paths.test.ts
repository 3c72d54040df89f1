// The KPI home's roll-ups against the raw rows (the reference), on seeded random data: purchase
// activity (logo retention, repeat purchases; all customers and each tier) against commerce's
// query over the transactions; revenue retention (from the movement cells and from the MRR runs,
// all customers and each tier) and its movers against the MRR computed from the contracts; a cohort
// cell's customers against commerce's query — after the first build, and after transactions and
// contracts are inserted, updated and deleted (value changes included), a merge, a scoring run
// that moves tiers and a full rebuild. PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import { pick as pickOne, seededRng } from '../../lib/random.ts';
import { scoreWorkspace } from '../../workflows/score-customers.ts';
import { buildSeries, customerMovements, movementKinds, parseMonth } from '../analytics/index.ts';
import { purchaseActivity } from '../commerce/index.ts';
import { contractMrrByMonth } from '../contracts/index.ts';
import { rollupActivity } from './kpis.activity.repository.ts';
import { cohortCustomers, rawCohortCustomers } from './kpis.cohorts.ts';
import { monthStart } from './kpis.period.ts';
import { rawRevenueRetentionKpi, revenueMovers, revenueRetentionKpi } from './kpis.revenue.ts';
import { rebuildCohortRollup, refreshCohortRollup } from './kpis.rollup.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const customers: string[] = [];
const tiers = [undefined, 'platinum', 'gold', 'iron', 'lead'] as const;

/** The same data on every run. */
const rnd = seededRng(2718);
const pick = <T>(xs: T[]) => pickOne(rnd, xs);
/** An instant between 1 Jan 2025 and the clock (15 Aug 2026). */
const instant = () => new Date(Date.UTC(2025, 0, 1) + rnd() * 591 * 86_400_000).toISOString();

async function purchases(n: number) {
  const rows = Array.from(
    { length: n },
    () =>
      sql`(${ws.id}::uuid, gen_random_uuid(), ${pick(customers)}::uuid, ${rnd() < 0.1 ? 'return' : 'purchase'}, ${instant()}::timestamptz, 'USD', ${100 + Math.floor(rnd() * 10_000)}, 0)`,
  );
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

async function contract(customerId: string) {
  const startedAt = instant();
  const c = await call('POST', '/contracts', {
    customerId,
    plan: 'Plan',
    startedAt,
    monthlyValueMinor: 1_000 + Math.floor(rnd() * 9_000),
  });
  if (rnd() < 0.5) {
    const effectiveAt = new Date(Date.parse(startedAt) + (20 + rnd() * 200) * 86_400_000);
    if (effectiveAt.getTime() < Date.parse('2026-08-15T00:00:00Z'))
      await call('POST', `/contracts/${c.id}/changes`, {
        effectiveAt: effectiveAt.toISOString(),
        monthlyValueMinor: Math.floor(rnd() * 12_000),
      });
  }
  if (rnd() < 0.3) {
    const cancelledAt = new Date(Date.parse(startedAt) + (40 + rnd() * 300) * 86_400_000);
    if (cancelledAt.getTime() < Date.parse('2026-08-15T00:00:00Z'))
      await call('POST', `/contracts/${c.id}/cancel`, { reason: 'Leaving', cancelledAt: cancelledAt.toISOString() });
  }
  return c.id as string;
}

const periods = [
  { from: '2025-09', to: '2026-08' },
  { from: '2026-02', to: '2026-04' },
  { from: '2025-03', to: '2025-03' },
];

/** Purchase activity from the roll-up equals commerce's query over the transactions, for month windows. */
async function expectSameActivity(tierList: readonly (string | undefined)[] = [undefined]) {
  await refreshCohortRollup(t.deps, ws.id);
  for (const [before, from, to] of [
    [parseMonth('2025-06'), parseMonth('2025-09'), parseMonth('2025-12')],
    [parseMonth('2024-09'), parseMonth('2025-09'), parseMonth('2026-09')],
    [parseMonth('2026-01'), parseMonth('2026-02'), parseMonth('2026-03')],
  ] as number[][])
    for (const tier of tierList) {
      const filter =
        tier === undefined
          ? undefined
          : (id: ReturnType<typeof sql>) =>
              sql`${id} in (select customer_id from customer_scores where workspace_id = ${ws.id} and tier = ${tier})`;
      const raw = await purchaseActivity(t.deps.db, ws.id, {
        before: monthStart(before),
        from: monthStart(from),
        to: monthStart(to),
        filter,
      });
      expect(
        await rollupActivity(t.deps.db, ws.id, { before, from, to, tier }),
        JSON.stringify({ before, tier }),
      ).toEqual(raw);
    }
}

/** A cohort cell's customers from the roll-up equal those from the transactions, page by page. */
async function expectSameCells(tierList: readonly (typeof tiers)[number][] = [undefined]) {
  let seen = 0;
  for (const [cohort, monthsSince] of [
    ['2025-02', 0],
    ['2025-03', 4],
    ['2025-06', 9],
    ['2026-01', 2],
  ] as const)
    for (const tier of tierList) {
      let cursor: string | undefined;
      do {
        const q = { cohort, monthsSince, tier, limit: 2, cursor };
        const got = await cohortCustomers(t.deps, ws.id, q);
        expect(got, JSON.stringify(q)).toEqual(await rawCohortCustomers(t.deps, ws.id, q));
        seen += got.items.length;
        cursor = got.nextCursor ?? undefined;
      } while (cursor);
    }
  expect(seen).toBeGreaterThan(0);
}

/**
 * Revenue retention (each month too), read from the movement cells and from the MRR runs, of all
 * customers and of each tier asked, and every movement's customers equal those from the contracts.
 */
async function expectSameRevenue(tierList: readonly (typeof tiers)[number][] = [undefined]) {
  for (const period of periods) {
    for (const tier of tierList) {
      const q = { ...period, tier };
      const raw = await rawRevenueRetentionKpi(t.deps, ws.id, q);
      expect(await revenueRetentionKpi(t.deps, ws.id, q), `cells ${JSON.stringify(q)}`).toEqual(raw);
      expect(await revenueRetentionKpi(t.deps, ws.id, q, 'runs'), `runs ${JSON.stringify(q)}`).toEqual(raw);
    }
    const rows = await contractMrrByMonth(t.deps.db, ws.id, period.to);
    const series = buildSeries(
      rows.map((r) => ({ customer: r.customer_id, month: parseMonth(r.month) as number, mrr: r.mrr })),
    );
    const moves = customerMovements(series, (parseMonth(period.from) as number) - 1, parseMonth(period.to) as number);
    for (const movement of movementKinds) {
      const got = await revenueMovers(t.deps, ws.id, { ...period, movement, limit: 500 });
      expect(got.items, `${movement} ${JSON.stringify(period)}`).toEqual(
        moves
          .filter((m) => m.kind === movement)
          .map((m) => ({
            customerId: m.customer,
            movement,
            startMrrMinor: m.start,
            endMrrMinor: m.end,
            amountMinor: m.amount,
          })),
      );
    }
  }
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-08-15T12:00:00Z'));
  ws = await t.workspace('KPI roll-ups');
  for (let i = 0; i < 30; i++) customers.push((await call('POST', '/customers', { name: `Customer ${i}` })).id);
  await purchases(160);
  for (let i = 0; i < 14; i++) await contract(customers[i]);
});
afterAll(() => t.close());

describe('KPI roll-ups against the raw rows', () => {
  test('equal after the first build, with movements of every kind', async () => {
    await expectSameActivity();
    await expectSameCells();
    await expectSameRevenue();
    const r = await revenueRetentionKpi(t.deps, ws.id, periods[0]);
    // The data exercise every movement at least once over the months of the first period.
    for (const key of ['newMinor', 'expansionMinor', 'contractionMinor', 'churnedMinor'] as const)
      expect(
        r.breakdown.months.some((m) => m[key] > 0),
        key,
      ).toBe(true);
  });

  test('equal after transactions are inserted, updated and deleted', async () => {
    await purchases(40);
    await t.deps.db.execute(
      sql`update transactions set occurred_at = occurred_at - interval '47 days', total_minor = total_minor + 7
          where workspace_id = ${ws.id} and id in (select id from transactions where workspace_id = ${ws.id} order by id limit 15)`,
    );
    await t.deps.db.execute(
      sql`update transactions set kind = case kind when 'purchase' then 'return' else 'purchase' end
          where workspace_id = ${ws.id} and id in (select id from transactions where workspace_id = ${ws.id} order by id desc limit 6)`,
    );
    await t.deps.db.execute(
      sql`delete from transactions where workspace_id = ${ws.id} and id in (select id from transactions where workspace_id = ${ws.id} order by total_minor limit 12)`,
    );
    await expectSameActivity();
    await expectSameCells();
  });

  test('equal after contracts and their value changes are inserted, updated and deleted, and a merge', async () => {
    for (let i = 14; i < 20; i++) await contract(customers[i]);
    await expectSameRevenue();
    const [one] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select contract_id id from contract_value_changes where workspace_id = ${ws.id} order by id limit 1`,
    );
    await t.deps.db.execute(
      sql`update contract_value_changes set monthly_value_minor = monthly_value_minor + 1234, effective_at = effective_at + interval '35 days'
          where workspace_id = ${ws.id} and contract_id = ${one.id}`,
    );
    await t.deps.db.execute(
      sql`delete from contract_value_changes where workspace_id = ${ws.id}
          and id in (select id from contract_value_changes where workspace_id = ${ws.id} order by id desc limit 2)`,
    );
    await t.deps.db.execute(
      sql`update contracts set monthly_value_minor = monthly_value_minor * 2, started_at = started_at - interval '70 days'
          where workspace_id = ${ws.id} and id in (select id from contracts where workspace_id = ${ws.id} order by id limit 3)`,
    );
    await t.deps.db.execute(
      sql`delete from contracts where workspace_id = ${ws.id} and id in (select id from contracts where workspace_id = ${ws.id} order by id desc limit 2)`,
    );
    await expectSameRevenue();
    await call('POST', `/customers/${customers[0]}/merge`, { mergeId: customers[1] });
    await expectSameRevenue();
    await expectSameActivity();
  });

  test('tiers from a scoring run, and a full rebuild gives what was kept incrementally', async () => {
    await scoreWorkspace(t.deps, ws.id, 'full');
    await expectSameActivity(tiers);
    await expectSameCells(tiers);
    await expectSameRevenue(tiers);
    // The contract customers moved out of 'none' into several tiers, so the tier figures differ.
    const byTier = await Promise.all(
      tiers.slice(1).map((tier) => revenueRetentionKpi(t.deps, ws.id, { ...periods[0], tier })),
    );
    expect(new Set(byTier.map((r) => r.breakdown.endMrrMinor)).size).toBeGreaterThan(1);
    const kept = async () => [
      await queryRows(
        t.deps.db,
        sql`select tier, month, prev_month, prev2_month, purchases from kpi_activity_cells
            where workspace_id = ${ws.id} and purchases <> 0 order by 1, 2, 3, 4`,
      ),
      await queryRows(
        t.deps.db,
        sql`select customer_id::text, from_month, to_month, mrr_minor::text, prev_minor::text, seen_before, churns, tier
            from kpi_mrr_segments where workspace_id = ${ws.id} order by 1, 2`,
      ),
      await queryRows(
        t.deps.db,
        sql`select tier, start_month, end_month, start_minor::text, end_minor::text, new_minor::text, expansion_minor::text,
                   contraction_minor::text, churned_minor::text, reactivation_minor::text, customers_at_start, customers_lost
            from kpi_mrr_cells where workspace_id = ${ws.id}
              and (start_minor, end_minor, new_minor, expansion_minor, contraction_minor, churned_minor, reactivation_minor,
                   customers_at_start, customers_lost) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
            order by 1, 2, 3`,
      ),
    ];
    await refreshCohortRollup(t.deps, ws.id);
    const before = await kept();
    expect(before[1].length).toBeGreaterThan(10);
    expect(before[2].length).toBeGreaterThan(10);
    await rebuildCohortRollup(t.deps, ws.id);
    expect(await kept()).toEqual(before);
  });
});
