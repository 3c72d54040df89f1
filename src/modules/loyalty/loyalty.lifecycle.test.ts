// A member's points and level over time: the return window, expiry oldest first, levels that
// upgrade at once and downgrade only after review and grace, promotions and pyramid-tier
// multipliers, and the program's reports.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { loyaltyClient } from '../../../test/support/loyalty.ts';
import { runExpiry } from './loyalty.expiry.ts';
import { decideLevel, runRequalification } from './loyalty.levels.ts';
import type { LevelRow } from './loyalty.repository.ts';
import { liabilityMinor } from './loyalty.reports.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let L: ReturnType<typeof loyaltyClient>;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-01-05T10:00:00Z'));
  ws = await t.workspace('Lifecycle');
  L = loyaltyClient(t, ws);
  await L.program({
    pendingDays: 14,
    expiryMonths: 12,
    costPerPointMinor: '0.75',
    qualificationMonths: 12,
    graceMonths: 3,
  });
});
afterAll(() => t.close());

describe('pending and expiry', () => {
  test('points are pending through the return window, then spendable; expiry takes the oldest first', async () => {
    const reward = await L.ok('POST', '/loyalty/rewards', { name: 'Mug', kind: 'gift', pointsPrice: 150 });
    const c = await L.customer('Pia');
    await L.purchase(c, 10_000); // 100 points, earned 5 Jan
    await L.earn();
    expect(await L.account(c)).toMatchObject({ balance: 100, spendable: 0, pending: 100 });
    const early = await L.call('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id });
    expect([early.status, early.body.code]).toEqual([409, 'insufficient_points']);
    t.clock.advance(15 * DAY);
    expect(await L.account(c)).toMatchObject({ spendable: 100, pending: 0 });
    t.clock.set(new Date('2026-03-01T10:00:00Z'));
    await L.purchase(c, 10_000); // 100 more, earned 1 Mar
    t.clock.advance(15 * DAY);
    await L.earn();
    await L.ok('POST', `/customers/${c}/loyalty/redemptions`, { rewardId: reward.id }); // 150: all of January's lot, 50 of March's
    const st = await L.ok('GET', `/customers/${c}/loyalty/statement`);
    expect(st.expiring).toEqual([{ expiresAt: '2027-03-01T10:00:00.000Z', points: 50 }]);
    t.clock.set(new Date('2027-01-10T00:00:00Z'));
    expect((await runExpiry(t.deps, ws.id)).points).toBe(0); // January's lot was spent: nothing to expire
    t.clock.set(new Date('2027-03-02T00:00:00Z'));
    expect(await runExpiry(t.deps, ws.id)).toEqual({ lots: 1, points: 50 });
    expect(await runExpiry(t.deps, ws.id)).toEqual({ lots: 0, points: 0 });
    expect(await L.account(c)).toMatchObject({ balance: 0, spendable: 0 });
    const after = await L.ok('GET', `/customers/${c}/loyalty/statement`);
    expect(after.entries[0]).toMatchObject({ kind: 'expire', points: -50, occurredAt: '2027-03-01T10:00:00.000Z' });
    const timeline = await L.ok('GET', `/customers/${c}/timeline`);
    expect(
      timeline.items.some(
        (e: { type: string; title: string }) => e.type === 'loyalty.points_expired' && e.title === '50 points expired',
      ),
    ).toBe(true);
    expect((await L.check()).ok).toBe(true);
  });
});

describe('membership levels', () => {
  const level = (id: string, rank: number, threshold: number): LevelRow => ({
    workspaceId: 'w',
    id,
    name: id,
    rank,
    threshold,
    earnMultiplier: '1',
    benefits: { prioritySupport: false, freeItems: [], perks: [] },
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  const levels = [level('bronze', 1, 0), level('silver', 2, 500), level('gold', 3, 1000)];
  const rules = { qualificationMonths: 12, graceMonths: 3 };

  test('decideLevel: up at once; down only at review, after grace, to the level the period supports', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const silver = {
      levelId: 'silver',
      levelSince: new Date('2026-01-01T00:00:00Z'),
      reviewAt: new Date('2027-01-01T00:00:00Z'),
      graceUntil: null,
    };
    expect(decideLevel(levels, silver, 1200, now, rules, false)).toMatchObject({
      levelId: 'gold',
      change: { from: { id: 'silver' }, to: { id: 'gold' } },
    });
    expect(decideLevel(levels, silver, 100, now, rules, true)).toEqual(silver); // review not due
    const due = new Date('2027-01-02T00:00:00Z');
    const grace = decideLevel(levels, silver, 100, due, rules, true);
    expect(grace).toMatchObject({
      levelId: 'silver',
      graceStarted: true,
      graceUntil: new Date('2027-04-01T00:00:00Z'),
      reviewAt: new Date('2027-04-01T00:00:00Z'),
    });
    expect(decideLevel(levels, grace, 600, new Date('2027-02-01T00:00:00Z'), rules, false)).toMatchObject({
      levelId: 'silver',
      graceUntil: null,
    }); // requalified in grace
    expect(decideLevel(levels, grace, 100, new Date('2027-04-02T00:00:00Z'), rules, true)).toMatchObject({
      levelId: 'bronze',
      change: { from: { id: 'silver' }, to: { id: 'bronze' } },
    });
    expect(decideLevel(levels, silver, 700, due, rules, true)).toMatchObject({
      levelId: 'silver',
      reviewAt: new Date('2028-01-02T00:00:00Z'),
    });
    expect(decideLevel(levels, silver, 100, due, { qualificationMonths: 12, graceMonths: 0 }, true)).toMatchObject({
      levelId: 'bronze',
    });
  });

  test('levels follow qualifying points through earning and the review job, with events and the level multiplier', async () => {
    t.clock.set(new Date('2028-01-01T10:00:00Z'));
    await L.ok('POST', '/loyalty/levels', { name: 'Bronze', rank: 1, threshold: 0 });
    const silver = await L.ok('POST', '/loyalty/levels', {
      name: 'Silver',
      rank: 2,
      threshold: 500,
      earnMultiplier: '1.5',
      benefits: { prioritySupport: true, perks: ['Free delivery'] },
    });
    expect((await L.call('POST', '/loyalty/levels', { name: 'Silver', rank: 9, threshold: 1 })).status).toBe(409);
    expect((await L.call('POST', '/loyalty/levels', { name: 'X', rank: 2, threshold: 1 })).status).toBe(409);
    expect((await L.call('POST', '/loyalty/levels', { name: 'X', rank: 4, threshold: -1 })).status).toBe(422);
    const c = await L.customer('Quim');
    await L.purchase(c, 20_000);
    await L.earn();
    expect((await L.account(c)).level).toMatchObject({ name: 'Bronze' });
    await L.purchase(c, 40_000);
    await L.earn();
    const acc = await L.account(c);
    expect(acc).toMatchObject({
      level: { name: 'Silver', benefits: { prioritySupport: true, perks: ['Free delivery'] } },
      qualifying: { basis: 'points', value: 600 },
      nextLevel: null,
    });
    await L.purchase(c, 10_000);
    await L.earn();
    const st = await L.ok('GET', `/customers/${c}/loyalty/statement?limit=1`);
    expect(st.entries[0]).toMatchObject({
      points: 150,
      breakdown: { multipliers: [{ rule: 'level:Silver', factor: '1.5' }] },
    });
    expect(st.nextCursor).toBeTruthy();
    const page2 = await L.ok('GET', `/customers/${c}/loyalty/statement?limit=1&cursor=${st.nextCursor}`);
    expect(page2.entries[0].points).toBe(400);

    // A year later nothing new: the review puts Silver in grace, and after it the member goes down.
    t.clock.set(new Date('2029-01-02T10:00:00Z'));
    await runRequalification(t.deps, ws.id);
    expect(await L.account(c)).toMatchObject({ level: { id: silver.id }, graceUntil: '2029-04-01T10:00:00.000Z' });
    t.clock.set(new Date('2029-04-02T10:00:00Z'));
    expect((await runRequalification(t.deps, ws.id)).changed).toBeGreaterThanOrEqual(1);
    expect(await L.account(c)).toMatchObject({ level: { name: 'Bronze' }, graceUntil: null });
    const events = await L.ok('GET', `/events?type=loyalty.&customerId=${c}`);
    const types = events.items.map((e: { type: string; summary: string }) => `${e.type}: ${e.summary}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'loyalty.level_changed: Joined at the Bronze level',
        'loyalty.level_changed: Membership level Bronze → Silver',
        'loyalty.level_changed: Membership level Silver → Bronze',
      ]),
    );
    expect(types.some((x: string) => x.startsWith('loyalty.level_grace_started'))).toBe(true);
    const levelsList = await L.ok('GET', '/loyalty/levels');
    expect(levelsList.items.map((l: { name: string }) => l.name)).toEqual(['Bronze', 'Silver']);
  });
});

describe('promotions and tiers', () => {
  test('a promotion for tagged customers and a tier multiplier show in the breakdown', async () => {
    t.clock.set(new Date('2030-06-10T12:00:00Z'));
    await L.program({
      expiryMonths: 12,
      costPerPointMinor: '0.75',
      graceMonths: 3,
      multipliers: { tiers: { platinum: '2' } },
    });
    const promo = await L.ok('POST', '/loyalty/promotions', {
      name: 'VIP week',
      startsAt: '2030-06-08T00:00:00Z',
      endsAt: '2030-06-15T00:00:00Z',
      multiplier: '3',
      targetTags: ['vip'],
    });
    await L.ok('POST', '/loyalty/promotions', {
      name: 'Welcome bonus',
      startsAt: '2030-06-01T00:00:00Z',
      endsAt: '2030-07-01T00:00:00Z',
      bonusPoints: 25,
    });
    expect(
      (
        await L.call('POST', '/loyalty/promotions', {
          name: 'Bad',
          startsAt: '2030-06-08T00:00:00Z',
          endsAt: '2030-06-01T00:00:00Z',
          multiplier: '2',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await L.call('POST', '/loyalty/promotions', {
          name: 'Nothing',
          startsAt: '2030-06-08T00:00:00Z',
          endsAt: '2030-06-09T00:00:00Z',
        })
      ).status,
    ).toBe(422);
    const vip = await L.customer('Vera', { tags: ['vip'] });
    const plain = await L.customer('Rui');
    await L.purchase(vip, 1000);
    await L.purchase(plain, 1000);
    await L.earn(async (_db, _ws, ids) => new Map(ids.filter((id) => id === plain).map((id) => [id, 'platinum'])));
    const v = await L.ok('GET', `/customers/${vip}/loyalty/statement`);
    expect(v.entries[0].breakdown).toMatchObject({
      multipliers: [{ rule: `promotion:${promo.id}`, factor: '3' }],
      bonuses: [{ name: 'Welcome bonus', points: 25 }],
      points: 55,
    });
    const p = await L.ok('GET', `/customers/${plain}/loyalty/statement`);
    expect(p.entries[0].breakdown).toMatchObject({ multipliers: [{ rule: 'tier:platinum', factor: '2' }], points: 45 });
    await L.ok('PATCH', `/loyalty/promotions/${promo.id}`, { active: false });
    expect((await L.ok('GET', `/loyalty/promotions/${promo.id}`)).active).toBe(false);
  });
});

describe('reports', () => {
  test('liability, breakage, earn and burn per month, members per level', async () => {
    const overview = await L.ok('GET', '/loyalty/reports/overview');
    const balances = Number(
      (
        await t.deps.database.executeSql(
          'select sum(balance)::int as n from loyalty_accounts where workspace_id = $1',
          [ws.id],
        )
      ).rows[0].n,
    );
    expect(overview.outstanding).toBe(balances);
    expect(overview.liabilityMinor).toBe(liabilityMinor(balances, '0.75'));
    expect(overview.earned).toBeGreaterThan(0);
    expect(overview.expired).toBe(50);
    expect(overview.breakage).toBeCloseTo(50 / overview.earned, 4);
    expect(
      overview.membersPerLevel.find((l: { name: string | null }) => l.name === 'Bronze').members,
    ).toBeGreaterThanOrEqual(1);
    const monthly = await L.ok('GET', '/loyalty/reports/monthly?from=2026-01-01T00:00:00Z&to=2027-12-31T00:00:00Z');
    expect(monthly.items.find((m: { month: string }) => m.month === '2026-03')).toMatchObject({
      earned: 100,
      redeemed: 150,
    });
    expect(monthly.items.find((m: { month: string }) => m.month === '2027-03')).toMatchObject({ expired: 50 });
    expect((await L.call('GET', '/loyalty/reports/overview', undefined, await ws.token('agent'))).status).toBe(403);
    expect((await L.call('GET', '/loyalty/reports/monthly?from=yesterday')).status).toBe(422);
  });

  test('liability rounds half up exactly', () => {
    expect(liabilityMinor(3, '0.5')).toBe(2);
    expect(liabilityMinor(1_000_001, '0.333333')).toBe(333_333);
    expect(liabilityMinor(-3, '0.5')).toBe(-2);
  });
});
