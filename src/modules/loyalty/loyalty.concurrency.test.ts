// Money-like balances under concurrent requests on PostgreSQL (a pool of connections): points are
// never spent twice, stock and per-customer limits hold, a voucher is used once, an idempotency
// key yields one redemption, and two earning workers earn each purchase once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { testDriver } from '../../../test/support/database.ts';
import { loyaltyClient } from '../../../test/support/loyalty.ts';
import { runLoyaltyEarning } from '../../workflows/loyalty-earning.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let L: ReturnType<typeof loyaltyClient>;
const onPg = testDriver() === 'pg';

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Concurrency');
  L = loyaltyClient(t, ws);
  await L.program();
});
afterAll(() => t.close());

const tally = (responses: { status: number; body: { code?: string } }[]) => {
  const out: Record<string, number> = {};
  for (const r of responses)
    out[r.status < 300 ? String(r.status) : `${r.status} ${r.body.code}`] =
      (out[`${r.status < 300 ? r.status : `${r.status} ${r.body.code}`}`] ?? 0) + 1;
  return out;
};

async function fiftyRedemptions() {
  const reward = await L.ok('POST', '/loyalty/rewards', {
    name: `Ten points ${Math.random()}`,
    kind: 'gift',
    pointsPrice: 10,
  });
  const c = await L.customer('Racer');
  await L.compensate(c, 100);
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id })),
  );
  expect(tally(responses)).toEqual({ '201': 10, '409 insufficient_points': 40 });
  expect(await L.account(c)).toMatchObject({ balance: 0, spendable: 0 });
  expect((await L.ok('GET', `/loyalty/redemptions?customerId=${c}`)).items).toHaveLength(10);
  expect((await L.check()).ok).toBe(true);
}

describe.skipIf(!onPg)(
  'concurrent requests on PostgreSQL (skipped on PGlite: one connection, so requests cannot overlap)',
  () => {
    test(
      '50 simultaneous redemptions against a balance covering 10: exactly 10 succeed, 40 get 409 insufficient_points, the ledger balances',
      fiftyRedemptions,
    );

    test('stock of 5 and 20 members redeeming at once: exactly 5 vouchers', async () => {
      const reward = await L.ok('POST', '/loyalty/rewards', {
        name: 'Limited',
        kind: 'experience',
        pointsPrice: 10,
        stock: 5,
      });
      const members = await Promise.all(Array.from({ length: 20 }, (_, i) => L.customer(`Fan ${i}`)));
      for (const m of members) await L.compensate(m, 50);
      const responses = await Promise.all(
        members.map((m) => L.call('POST', `/customers/${m}/loyalty/redemptions`, { rewardId: reward.id })),
      );
      expect(tally(responses)).toEqual({ '201': 5, '409 reward_unavailable': 15 });
      expect((await L.ok('GET', `/loyalty/rewards/${reward.id}`)).stock).toBe(0);
      expect((await L.check()).ok).toBe(true);
    });

    test('a per-customer limit of 2 under 10 simultaneous redemptions by one member', async () => {
      const reward = await L.ok('POST', '/loyalty/rewards', {
        name: 'Twice',
        kind: 'gift',
        pointsPrice: 1,
        perCustomerLimit: 2,
      });
      const c = await L.customer('Greedy');
      await L.compensate(c, 100);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id }),
        ),
      );
      expect(tally(responses)).toEqual({ '201': 2, '409 reward_limit_reached': 8 });
      expect((await L.account(c)).balance).toBe(98);
    });

    test('one idempotency key sent 10 times at once makes one redemption', async () => {
      const reward = await L.ok('POST', '/loyalty/rewards', { name: 'Once', kind: 'gift', pointsPrice: 7 });
      const c = await L.customer('Retry');
      await L.compensate(c, 100);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id, idempotencyKey: 'tap-1' }),
        ),
      );
      expect(tally(responses)).toEqual({ '200': 9, '201': 1 });
      expect(new Set(responses.map((r) => r.body.redemption.id)).size).toBe(1);
      expect((await L.account(c)).balance).toBe(93);
    });

    test('a voucher consumed by 20 tills at once is used exactly once', async () => {
      const reward = await L.ok('POST', '/loyalty/rewards', {
        name: 'Voucher',
        kind: 'voucher',
        valueMinor: 1000,
        pointsPrice: 5,
      });
      const c = await L.customer('Shopper');
      await L.compensate(c, 5);
      const { redemption } = await L.ok('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          L.call('POST', `/vouchers/${redemption.voucherCode}/consume`, { reference: `till-${i}` }),
        ),
      );
      expect(tally(responses)).toEqual({ '200': 1, '409 voucher_consumed': 19 });
    });

    test('two earning workers over the same queue earn every purchase exactly once', async () => {
      const members = await Promise.all(Array.from({ length: 30 }, (_, i) => L.customer(`Buyer ${i}`)));
      const items = Array.from({ length: 300 }, (_, i) => ({
        customerId: members[i % members.length],
        externalId: `w-${i}`,
        occurredAt: t.clock.now().toISOString(),
        lines: [{ quantity: 1, unitPriceMinor: 100 * ((i % 7) + 1) }],
      }));
      await L.ok('POST', '/transactions/batch', { items });
      const expected = items.reduce((s, i) => s + i.lines[0].unitPriceMinor / 100, 0);
      const runs = await Promise.all([
        runLoyaltyEarning(t.deps, { workspaceId: ws.id, batchSize: 25 }),
        runLoyaltyEarning(t.deps, { workspaceId: ws.id, batchSize: 25 }),
      ]);
      expect(runs[0].transactions + runs[1].transactions).toBe(300);
      expect(runs[0].earned + runs[1].earned).toBe(expected);
      const earned = Number(
        (
          await t.deps.database.executeSql(
            "select count(*)::int as n from loyalty_entries where workspace_id = $1 and kind = 'earn' and idempotency_key like 'earn:%'",
            [ws.id],
          )
        ).rows[0].n,
      );
      expect(earned).toBe(300);
      expect((await L.check()).ok).toBe(true);
    });
  },
);

describe.skipIf(onPg)('the same requests on PGlite (its single connection serialises them)', () => {
  test('50 redemptions against a balance covering 10: exactly 10 succeed', fiftyRedemptions);
});
