// The loyalty program through the real HTTP layer: configuration, earning from purchases exactly
// once, returns that reverse exactly (with claw-back), redemptions and vouchers, and bad input
// that gets a clear 4xx and writes nothing.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { loyaltyClient, loyaltyCounts } from '../../../test/support/loyalty.ts';
import { importFile } from '../../workflows/import-file.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let L: ReturnType<typeof loyaltyClient>;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-02T10:00:00Z'));
  ws = await t.workspace('Loyalty');
  L = loyaltyClient(t, ws);
});
afterAll(() => t.close());

describe('program configuration', () => {
  test('is created once, replaced after, normalised, and needs the configure permission', async () => {
    expect((await L.call('GET', '/loyalty/program')).status).toBe(404);
    const created = await L.call('PUT', '/loyalty/program', {
      name: 'Club',
      pointsPerUnit: '1.0',
      multipliers: { categories: { Coffee: 2 }, channels: { web: '1.50' } },
      costPerPointMinor: '0.5',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Club',
      pointsUnit: 'points',
      pointsPerUnit: '1',
      rounding: 'floor',
      multipliers: { categories: { Coffee: '2' }, channels: { web: '1.5' }, products: {}, tiers: {} },
      costPerPointMinor: '0.5',
      clawback: 'claw_back',
      expiryMonths: null,
      queued: 0,
    });
    const again = await L.call('PUT', '/loyalty/program', {
      name: 'Club',
      pointsPerUnit: '1',
      costPerPointMinor: '0.5',
      multipliers: { channels: { web: '1.5' } },
    });
    expect(again.status).toBe(200);
    expect(
      (await L.call('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' }, await ws.token('agent'))).status,
    ).toBe(403);
    expect((await L.call('GET', '/loyalty/program', undefined, await ws.token('agent'))).status).toBe(200);
  });

  test('refuses negative, fractional and malformed settings, listing each, and changes nothing', async () => {
    const before = await L.ok('GET', '/loyalty/program');
    const bad = await L.call('PUT', '/loyalty/program', {
      name: '',
      pointsPerUnit: '-1',
      pendingDays: 1.5,
      expiryMonths: 0,
      rounding: 'up',
      multipliers: { categories: { Coffee: 'two' }, tiers: { diamond: '2' } },
      costPerPointMinor: '1e3',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    for (const p of [
      'name',
      'pointsPerUnit',
      'pendingDays',
      'expiryMonths',
      'rounding',
      'multipliers.categories.Coffee',
      'multipliers.tiers.diamond',
      'costPerPointMinor',
    ])
      expect(
        paths.some((x: string) => x.startsWith(p)),
        p,
      ).toBe(true);
    expect(await L.ok('GET', '/loyalty/program')).toEqual(before);
  });
});

describe('earning from purchases', () => {
  test('a purchase retried five times (same external id) earns once, with its breakdown on the entry', async () => {
    const c = await L.customer('Ana');
    for (let i = 0; i < 5; i++) {
      const res = await L.call('POST', '/transactions', {
        customerId: c,
        externalId: 'order-1',
        occurredAt: t.clock.now().toISOString(),
        channel: 'web',
        lines: [{ quantity: 1, unitPriceMinor: 12_345 }],
      });
      expect(res.status).toBe(i === 0 ? 201 : 200);
    }
    expect((await L.ok('GET', '/loyalty/program')).queued).toBe(1);
    const run = await L.earn();
    expect(run).toMatchObject({ transactions: 1, earned: 185 });
    // A second run, and the same transaction queued again, change nothing (earn:<id> key).
    await t.deps.database.executeSql(
      "insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions) select workspace_id, gen_random_uuid(), id, id, 1 from transactions where workspace_id = $1 and external_id = 'order-1'",
      [ws.id],
    );
    expect((await L.earn()).earned).toBe(0);
    const account = await L.account(c);
    expect(account).toMatchObject({ balance: 185, spendable: 185, pending: 0, debt: 0 });
    const st = await L.ok('GET', `/customers/${c}/loyalty/statement`);
    expect(st.entries).toHaveLength(1);
    expect(st.entries[0]).toMatchObject({ kind: 'earn', points: 185, spendMinor: 12_345 });
    expect(st.entries[0].breakdown).toMatchObject({
      base: '123.45',
      multipliers: [{ rule: 'channel:web', factor: '1.5' }],
      exact: '185.175',
      rounding: 'floor',
      points: 185,
    });
    const timeline = await L.ok('GET', `/customers/${c}/timeline`);
    expect(
      timeline.items.some(
        (e: { type: string; title: string }) => e.type === 'loyalty.points_earned' && e.title.includes('185'),
      ),
    ).toBe(true);
    expect((await L.check()).ok).toBe(true);
  });

  test('imported transactions earn once, however often the file is imported, and an imported return reverses', async () => {
    await L.customer('Importer', { externalId: 'IMP-1' });
    const csv = [
      'external_id,customer_external_id,occurred_at,quantity,unit_price_minor,kind,original_external_id',
      `imp-1,IMP-1,${t.clock.now().toISOString()},2,2500,purchase,`,
      `imp-2,IMP-1,${t.clock.now().toISOString()},1,1000,purchase,`,
      `imp-1-r,IMP-1,${t.clock.now().toISOString()},1,2500,return,imp-1`,
    ].join('\n');
    const load = () =>
      importFile(t.deps, {
        workspaceId: ws.id,
        entity: 'transactions',
        input: Readable.from([Buffer.from(csv)]),
        format: 'csv',
      });
    expect((await load()).rowsCommitted).toBe(3);
    await L.earn();
    await load();
    await L.earn();
    const st = await L.ok(
      'GET',
      `/customers/${(await L.ok('GET', '/customers?q=Importer')).items[0].id}/loyalty/statement`,
    );
    expect(st.entries.map((e: { kind: string; points: number }) => `${e.kind} ${e.points}`).sort()).toEqual([
      'earn 10',
      'earn 50',
      'reversal -25',
    ]);
    expect(st.account.balance).toBe(35);
  });

  test('its return reverses exactly what it earned, also when returned in parts', async () => {
    const c = await L.customer('Bruno');
    const tx = await L.ok('POST', '/transactions', {
      customerId: c,
      occurredAt: t.clock.now().toISOString(),
      lines: [
        { quantity: 3, unitPriceMinor: 3333 },
        { quantity: 1, unitPriceMinor: 101 },
      ],
    });
    await L.earn();
    expect((await L.account(c)).balance).toBe(101); // floor(100.00 + 1.01)
    await L.ok('POST', `/transactions/${tx.id}/returns`, { lines: [{ lineNo: 1, quantity: 1 }] });
    await L.earn();
    const after1 = (await L.account(c)).balance;
    expect(after1).toBeLessThan(101);
    await L.ok('POST', `/transactions/${tx.id}/returns`, { lines: [{ lineNo: 1, quantity: 2 }] });
    await L.ok('POST', `/transactions/${tx.id}/returns`, {});
    const run = await L.earn();
    expect(run.transactions).toBeGreaterThanOrEqual(1);
    await L.earn();
    expect(await L.account(c)).toMatchObject({ balance: 0, debt: 0 });
    const st = await L.ok('GET', `/customers/${c}/loyalty/statement`);
    const reversed = st.entries
      .filter((e: { kind: string }) => e.kind === 'reversal')
      .reduce((s: number, e: { points: number }) => s + e.points, 0);
    expect(reversed).toBe(-101);
    expect((await L.check()).ok).toBe(true);
  });

  test('a return of points already spent claws them back as a debt that new points pay (claw_back), or forgives them', async () => {
    const reward = await L.ok('POST', '/loyalty/rewards', { name: 'Coffee', kind: 'gift', pointsPrice: 80 });
    const c = await L.customer('Carla');
    const tx = await L.purchase(c, 10_000);
    await L.earn();
    await L.ok('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
    await L.ok('POST', `/transactions/${tx.id}/returns`, {});
    await L.earn();
    expect(await L.account(c)).toMatchObject({ balance: -80, debt: 80, spendable: 0 });
    const st = await L.ok('GET', `/customers/${c}/loyalty/statement`);
    expect(st.entries.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual(
      expect.arrayContaining([
        ['reversal', -20],
        ['adjust', -80],
      ]),
    );
    await L.purchase(c, 5_000);
    await L.earn();
    expect(await L.account(c)).toMatchObject({ balance: -30, debt: 30, spendable: 0 });
    expect((await L.check()).ok).toBe(true);

    await L.program({ clawback: 'forgive', costPerPointMinor: '0.5' });
    const d = await L.customer('Diego');
    const tx2 = await L.purchase(d, 10_000);
    await L.earn();
    await L.ok('POST', `/customers/${d}/loyalty/redemptions`, { rewardId: reward.id });
    await L.ok('POST', `/transactions/${tx2.id}/returns`, {});
    await L.earn();
    expect(await L.account(d)).toMatchObject({ balance: 0, debt: 0 });
    await L.program({ costPerPointMinor: '0.5' });
  });

  test('paused programs and transactions before earnFrom earn nothing', async () => {
    const c = await L.customer('Elena');
    await L.program({ status: 'paused', costPerPointMinor: '0.5' });
    await L.purchase(c, 5000);
    await L.program({ earnFrom: new Date(t.clock.now().getTime() + DAY).toISOString(), costPerPointMinor: '0.5' });
    await L.purchase(c, 5000);
    await L.earn();
    expect((await L.account(c)).balance).toBe(0);
    await L.program({ costPerPointMinor: '0.5' });
  });
});

describe('merging customers', () => {
  test('a member with points merged away hands them to the survivor (a ledger transfer); either way round works', async () => {
    const member = await L.customer('Fiona Member');
    const duplicate = await L.customer('Fiona M.');
    await L.compensate(member, 120, 'merge-test');
    const merged = await L.call('POST', `/customers/${duplicate}/merge`, { mergeId: member });
    expect(merged.status).toBe(200);
    expect(merged.body.moved).toMatchObject({ loyalty_points_transferred: 120 });
    expect((await L.call('GET', `/customers/${member}`)).status).toBe(404);
    expect(await L.account(duplicate)).toMatchObject({ balance: 120, spendable: 120 });
    // Keeping the member as the survivor works too; the points stay.
    const third = await L.customer('Fiona 3');
    expect((await L.call('POST', `/customers/${duplicate}/merge`, { mergeId: third })).status).toBe(200);
    expect((await L.account(duplicate)).balance).toBe(120);
    expect((await L.check()).ok).toBe(true);
  });
});

describe('redemptions and vouchers', () => {
  test('a redemption spends points and issues a voucher usable once; retries with the same key return it', async () => {
    const reward = await L.ok('POST', '/loyalty/rewards', {
      name: '10% off',
      kind: 'percent_discount',
      valuePercent: '10',
      pointsPrice: 50,
      stock: 3,
      perCustomerLimit: 1,
      voucherValidDays: 30,
      costMinor: 200,
    });
    expect(reward).toMatchObject({ financial: true, valuePercent: '10', stock: 3 });
    const c = await L.customer('Fabio');
    await L.compensate(c, 120);
    const first = await L.call('POST', `/customers/${c}/loyalty/redemptions`, {
      rewardId: reward.id,
      idempotencyKey: 'pos-42',
    });
    expect(first.status).toBe(201);
    expect(first.body.redemption.voucherCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(first.body.account).toMatchObject({ balance: 70, spendable: 70 });
    const retry = await L.call('POST', `/customers/${c}/loyalty/redemptions`, {
      rewardId: reward.id,
      idempotencyKey: 'pos-42',
    });
    expect(retry.status).toBe(200);
    expect(retry.body.redemption.id).toBe(first.body.redemption.id);
    expect((await L.ok('GET', `/loyalty/rewards/${reward.id}`)).stock).toBe(2);
    const limit = await L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
    expect(limit.status).toBe(409);
    expect(limit.body.code).toBe('reward_limit_reached');

    const code: string = first.body.redemption.voucherCode;
    const seen = await L.ok('GET', `/vouchers/${code.toLowerCase()}`);
    expect(seen).toMatchObject({ status: 'issued', reward: { name: '10% off', valuePercent: '10' }, customerId: c });
    const used = await L.call('POST', `/vouchers/${code.replace(/-/g, '')}/consume`, { reference: 'receipt-9' });
    expect(used.status).toBe(200);
    expect(used.body.status).toBe('consumed');
    const beforeTwice = await loyaltyCounts(t, ws.id);
    const twice = await L.call('POST', `/vouchers/${code}/consume`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('voucher_consumed');
    expect(await loyaltyCounts(t, ws.id)).toEqual(beforeTwice);
    const redemptions = await L.ok('GET', `/loyalty/redemptions?customerId=${c}`);
    expect(redemptions.items).toHaveLength(1);
    expect(redemptions.items[0]).toMatchObject({ status: 'consumed', consumedReference: 'receipt-9' });
    const timeline = await L.ok('GET', `/customers/${c}/timeline`);
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['loyalty.points_redeemed', 'loyalty.voucher_consumed', 'loyalty.compensation_granted']),
    );
  });

  test('an expired voucher, an unknown code and another workspace’s code are refused', async () => {
    const reward = await L.ok('POST', '/loyalty/rewards', {
      name: 'Upgrade',
      kind: 'upgrade',
      pointsPrice: 10,
      voucherValidDays: 1,
    });
    const c = await L.customer('Gabi');
    await L.compensate(c, 10);
    const { redemption } = await L.ok('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
    const other = await t.workspace('Other shop');
    expect(
      (
        await t.request('POST', `/api/v1/vouchers/${redemption.voucherCode}/consume`, {
          token: other.ownerToken,
          body: {},
        })
      ).status,
    ).toBe(404);
    expect((await L.call('POST', '/vouchers/AAAA-AAAA-AAAA-AAAA/consume', {})).status).toBe(404);
    expect((await L.call('POST', `/vouchers/${encodeURIComponent("' or 1=1 --")}/consume`, {})).status).toBe(404);
    t.clock.advance(2 * DAY);
    const before = await loyaltyCounts(t, ws.id);
    const late = await L.call('POST', `/vouchers/${redemption.voucherCode}/consume`, {});
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('voucher_expired');
    expect(await loyaltyCounts(t, ws.id)).toEqual(before);
    expect((await L.ok('GET', `/loyalty/redemptions/${redemption.id}`)).consumedAt).toBeNull();
    expect((await L.ok('GET', `/vouchers/${redemption.voucherCode}`)).status).toBe('expired');
  });

  test('unavailable, out-of-stock, level-restricted and unaffordable rewards are refused and write nothing', async () => {
    const c = await L.customer('Hugo');
    await L.compensate(c, 100);
    const gold = await L.ok('POST', '/loyalty/levels', { name: 'Gold', rank: 3, threshold: 100_000 });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'Retired', kind: 'gift', pointsPrice: 10, active: false }, 409, 'reward_unavailable'],
      [
        {
          name: 'Future',
          kind: 'gift',
          pointsPrice: 10,
          validFrom: new Date(t.clock.now().getTime() + DAY).toISOString(),
        },
        409,
        'reward_unavailable',
      ],
      [
        { name: 'Past', kind: 'gift', pointsPrice: 10, validUntil: t.clock.now().toISOString() },
        409,
        'reward_unavailable',
      ],
      [{ name: 'Sold out', kind: 'gift', pointsPrice: 10, stock: 0 }, 409, 'reward_unavailable'],
      [{ name: 'Gold lounge', kind: 'experience', pointsPrice: 10, minLevelId: gold.id }, 409, 'reward_not_eligible'],
      [{ name: 'Too dear', kind: 'amount_discount', valueMinor: 5000, pointsPrice: 101 }, 409, 'insufficient_points'],
    ];
    for (const [body, status, code] of cases) {
      const reward = await L.ok('POST', '/loyalty/rewards', body);
      const before = await loyaltyCounts(t, ws.id);
      const res = await L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
      expect([res.status, res.body.code], String(body.name)).toEqual([status, code]);
      expect(await loyaltyCounts(t, ws.id)).toEqual(before);
    }
    const before = await loyaltyCounts(t, ws.id);
    const unknown = await L.call('POST', `/customers/${c}/loyalty/redemptions`, {
      rewardId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
    });
    expect(unknown.status).toBe(404);
    expect(await loyaltyCounts(t, ws.id)).toEqual(before);
    expect((await L.account(c)).balance).toBe(100);
  });

  test('rewards are validated: value per kind, price, dates, levels', async () => {
    for (const body of [
      { name: 'x', kind: 'percent_discount', pointsPrice: 10 },
      { name: 'x', kind: 'voucher', pointsPrice: 10 },
      { name: 'x', kind: 'gift', pointsPrice: 0 },
      { name: 'x', kind: 'gift', pointsPrice: 1.5 },
      { name: 'x', kind: 'gift', pointsPrice: -10 },
      { name: 'x', kind: 'lottery', pointsPrice: 10 },
      { name: 'x', kind: 'percent_discount', valuePercent: '101', pointsPrice: 10 },
      { name: 'x', kind: 'gift', pointsPrice: 10, stock: -1 },
      {
        name: 'x',
        kind: 'gift',
        pointsPrice: 10,
        validFrom: '2026-05-01T00:00:00Z',
        validUntil: '2026-04-01T00:00:00Z',
      },
      { name: 'x', kind: 'gift', pointsPrice: 10, minLevelId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' },
    ]) {
      const res = await L.call('POST', '/loyalty/rewards', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.code).toBe('validation_failed');
    }
  });
});

describe('manual entries', () => {
  test('compensation and adjustments are idempotent per key; a reused key with other points is a conflict', async () => {
    const c = await L.customer('Iris');
    const first = await L.call('POST', `/customers/${c}/loyalty/compensations`, {
      points: 300,
      reason: 'Late delivery',
      idempotencyKey: 'case-7',
    });
    const second = await L.call('POST', `/customers/${c}/loyalty/compensations`, {
      points: 300,
      reason: 'Late delivery',
      idempotencyKey: 'case-7',
    });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.entry.id).toBe(first.body.entry.id);
    const before = await loyaltyCounts(t, ws.id);
    const clash = await L.call('POST', `/customers/${c}/loyalty/compensations`, {
      points: 999,
      reason: 'Late delivery',
      idempotencyKey: 'case-7',
    });
    expect([clash.status, clash.body.code]).toEqual([409, 'idempotency_conflict']);
    expect(await loyaltyCounts(t, ws.id)).toEqual(before);
    const down = await L.call('POST', `/customers/${c}/loyalty/adjustments`, {
      points: -100,
      reason: 'Duplicate credit',
    });
    expect(down.status).toBe(201);
    expect(down.body.account.balance).toBe(200);
    expect(
      (
        await L.call(
          'POST',
          `/customers/${c}/loyalty/adjustments`,
          { points: -100, reason: 'x' },
          await ws.token('agent'),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await L.call(
          'POST',
          `/customers/${c}/loyalty/compensations`,
          { points: 10, reason: 'x' },
          await ws.token('agent'),
        )
      ).status,
    ).toBe(201);
  });

  test('negative, fractional, zero, oversize and hostile points, and another workspace’s member, get a 4xx and write nothing', async () => {
    const c = await L.customer('Joao');
    await L.compensate(c, 50);
    const other = await t.workspace('Elsewhere');
    const foreign = (
      await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Not yours' } })
    ).body.id;
    const before = await loyaltyCounts(t, ws.id);
    const attempts: [string, unknown, number, string][] = [
      [`/customers/${c}/loyalty/compensations`, { points: -5, reason: 'x' }, 422, 'validation_failed'],
      [`/customers/${c}/loyalty/compensations`, { points: 2.5, reason: 'x' }, 422, 'validation_failed'],
      [`/customers/${c}/loyalty/compensations`, { points: '10', reason: 'x' }, 422, 'validation_failed'],
      [`/customers/${c}/loyalty/compensations`, { points: 1e12, reason: 'x' }, 422, 'validation_failed'],
      [`/customers/${c}/loyalty/compensations`, { points: 10 }, 422, 'validation_failed'],
      [
        `/customers/${c}/loyalty/compensations`,
        { points: 10, reason: 'x', idempotencyKey: 'has space' },
        422,
        'validation_failed',
      ],
      [`/customers/${c}/loyalty/adjustments`, { points: 0, reason: 'x' }, 422, 'validation_failed'],
      [`/customers/${c}/loyalty/adjustments`, { points: -0.5, reason: 'x' }, 422, 'validation_failed'],
      [
        `/customers/${c}/loyalty/adjustments`,
        { points: -51, reason: 'more than they have' },
        409,
        'insufficient_points',
      ],
      [`/customers/${foreign}/loyalty/compensations`, { points: 10, reason: 'x' }, 404, 'not_found'],
      [
        `/customers/${foreign}/loyalty/redemptions`,
        { rewardId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' },
        404,
        'not_found',
      ],
    ];
    for (const [path, body, status, code] of attempts) {
      const res = await L.call('POST', path, body);
      expect([res.status, res.body.code], `${path} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect(await loyaltyCounts(t, ws.id)).toEqual(before);
    expect((await L.call('GET', `/customers/${foreign}/loyalty`)).status).toBe(404);
    expect((await L.account(c)).balance).toBe(50);
  });

  test('the ledger is append-only in the database itself', async () => {
    await expect(
      t.deps.database.executeSql('update loyalty_entries set points = points + 1 where workspace_id = $1', [ws.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.deps.database.executeSql('delete from loyalty_entries where workspace_id = $1', [ws.id]),
    ).rejects.toThrow(/append-only/);
    expect((await L.check()).ok).toBe(true);
  });
});
