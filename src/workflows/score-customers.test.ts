// Tiers reach the domains that serve by tier: after a scoring run a Platinum customer gets the
// tighter complaint deadline of the SLA matrix and the Platinum multiplier on loyalty points.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { loyaltyClient } from '../../test/support/loyalty.ts';
import { scoreWorkspace } from './score-customers.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let L: ReturnType<typeof loyaltyClient>;
const people: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Served by tier');
  L = loyaltyClient(t, ws);
  people.vip = await L.customer('Vera');
  people.regular = await L.customer('Rui');
  people.newcomer = await L.customer('Nina');
  // Vera brings by far the most margin; with Platinum = the top 30 % of three (rounded up: one) she alone is Platinum.
  await L.ok('POST', '/transactions', {
    customerId: people.vip,
    occurredAt: '2026-05-01T10:00:00Z',
    lines: [{ quantity: 1, unitPriceMinor: 90_000, unitCostMinor: 10_000 }],
  });
  await L.ok('POST', '/transactions', {
    customerId: people.regular,
    occurredAt: '2026-05-01T10:00:00Z',
    lines: [{ quantity: 1, unitPriceMinor: 2_000, unitCostMinor: 1_000 }],
  });
  await L.ok('PUT', '/analytics/settings', { platinumShare: 0.3, goldShare: 0 });
  await scoreWorkspace(t.deps, ws.id);
  people.unscored = await L.customer('Ugo'); // after the run: no tier yet
});
afterAll(() => t.close());

test('the scoring run placed the customers', async () => {
  const tier = async (id: string) => (await L.ok('GET', `/customers/${id}/value`)).tier?.tier ?? null;
  expect([
    await tier(people.vip),
    await tier(people.regular),
    await tier(people.newcomer),
    await tier(people.unscored),
  ]).toEqual(['platinum', 'iron', 'iron', null]);
});

test('a Platinum customer gets the tighter complaint SLA (high: 24 h instead of 48 h)', async () => {
  const owner = ws.ownerId;
  await L.ok('POST', '/complaint-teams', { name: 'Care', members: [{ userId: owner, manager: true }] });
  const decide = async (customerId: string) => {
    const c = await L.ok('POST', '/complaints', {
      customerId,
      category: 'billing',
      channel: 'phone',
      subject: 'Charged twice',
      description: 'The same order was charged twice',
    });
    await L.ok('POST', `/complaints/${c.id}/transitions`, { to: 'under_analysis' });
    await L.ok('POST', `/complaints/${c.id}/transitions`, { to: 'valid', severity: 'high', reason: 'Confirmed' });
    return L.ok('GET', `/complaints/${c.id}`);
  };
  const vip = await decide(people.vip);
  expect(vip).toMatchObject({ customerTier: 'platinum', slaHours: 24 });
  expect(Date.parse(vip.deadlineAt) - Date.parse(vip.registeredAt)).toBe(24 * 3_600_000);
  const iron = await decide(people.regular);
  expect(iron).toMatchObject({ customerTier: 'iron', slaHours: 48 });
  const none = await decide(people.unscored);
  expect(none).toMatchObject({ customerTier: 'none', slaHours: 48 });
});

test('a Platinum customer earns with the Platinum multiplier', async () => {
  await L.program({ multipliers: { tiers: { platinum: '2' } } });
  await L.purchase(people.vip, 10_000);
  await L.purchase(people.regular, 10_000);
  expect(await L.earn()).toMatchObject({ transactions: 2 });
  expect((await L.account(people.vip)).balance).toBe(200);
  expect((await L.account(people.regular)).balance).toBe(100);
});
