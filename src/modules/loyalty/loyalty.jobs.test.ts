// One member the scheduled loyalty jobs cannot process does not stop them for everyone else:
// expiry and the level review go on around a member whose writes fail (a real failing trigger,
// on both databases), and take that member again on the next run.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';
import { loyaltyClient } from '../../../test/support/loyalty.ts';
import { loyaltyExpire, loyaltyRequalify } from '../../jobs/definitions.ts';

let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-01-05T10:00:00Z'));
});
afterAll(() => t.close());

const jobCtx = () => ({ ...t.deps, jobId: 'test', signal: new AbortController().signal });

/** A workspace with a program and three members who each earned 10 points today. */
async function threeMembers(name: string, program: Record<string, unknown>) {
  const ws = await t.workspace(name);
  const L = loyaltyClient(t, ws);
  await L.program(program);
  const members = [await L.customer('Ana'), await L.customer('Bia'), await L.customer('Caio')];
  for (const c of members) await L.purchase(c, 1_000);
  await L.earn();
  return { L, members };
}

test('expiry goes on around a member whose expiry fails, and expires them on the next run', async () => {
  const { L, members } = await threeMembers('Expiry', { expiryMonths: 1 });
  const [ana, bia, caio] = members;
  t.clock.advance(40 * DAY);
  const heal = await failWrites(t, 'loyalty_entries', 'INSERT', `new.kind = 'expire' and new.customer_id = '${bia}'`);
  try {
    await loyaltyExpire.handler({}, jobCtx());
  } finally {
    await heal();
  }
  expect([(await L.account(ana)).balance, (await L.account(bia)).balance, (await L.account(caio)).balance]).toEqual([
    0, 10, 0,
  ]);
  await loyaltyExpire.handler({}, jobCtx());
  expect((await L.account(bia)).balance).toBe(0);
  expect((await L.check()).ok).toBe(true);
});

test('the level review goes on around a member who cannot be reviewed, and reviews them on the next run', async () => {
  const { L, members } = await threeMembers('Levels', { qualificationMonths: 1 });
  await L.ok('POST', '/loyalty/levels', { name: 'Gold', rank: 1, threshold: 5 });
  // A level applies from the next earning: one more point each makes them Gold.
  for (const c of members) await L.purchase(c, 100);
  await L.earn();
  const bia = members[1];
  expect((await L.account(bia)).level?.name).toBe('Gold');
  t.clock.advance(40 * DAY); // past the review, with no points in the last month
  const heal = await failWrites(t, 'loyalty_accounts', 'UPDATE', `new.customer_id = '${bia}'`);
  try {
    await loyaltyRequalify.handler({}, jobCtx());
  } finally {
    await heal();
  }
  const levels = async () => Promise.all(members.map(async (c) => (await L.account(c)).level?.name ?? null));
  expect(await levels()).toEqual([null, 'Gold', null]);
  await loyaltyRequalify.handler({}, jobCtx());
  expect(await levels()).toEqual([null, null, null]);
});
