// One bad transaction must not stop loyalty earning (issue #15): a purchase that fails to earn
// is found, set aside, retried and parked with its error for admins, while every other purchase
// — in its workspace and in others — goes on earning. The bad rows are real ones written straight
// into the database (the API refuses such dates), failing inside the real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { loyaltyClient } from '../../test/support/loyalty.ts';
import { newId } from '../ids.ts';
import { loyaltyEarn } from '../jobs/definitions.ts';
import { backfillEarning, EARN_ATTEMPTS, runLoyaltyEarning } from './loyalty-earning.ts';

let t: TestApp;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-02T10:00:00Z'));
});
afterAll(() => t.close());

/** The scheduled `loyalty.earn` job, as a worker runs it (every workspace with a queue). */
const runEarnJob = () => loyaltyEarn.handler({}, { ...t.deps, jobId: 'test', signal: new AbortController().signal });

/** A purchase of 10.00 written directly, so the queue trigger picks it up like any other. */
async function purchaseInDatabase(workspaceId: string, customerId: string, occurredAt: string): Promise<string> {
  const id = newId();
  await t.deps.database.executeSql(
    `with tx as (insert into transactions (workspace_id, id, customer_id, occurred_at, currency, total_minor, gross_margin_minor, item_count)
                 values ($1, $2, $3, $4, 'USD', 1000, 1000, 1) returning workspace_id, id)
     insert into transaction_lines (workspace_id, transaction_id, line_no, quantity, unit_price_minor, total_minor) select workspace_id, id, 1, 1, 1000, 1000 from tx`,
    [workspaceId, id, customerId, occurredAt],
  );
  return id;
}

async function queueRows(workspaceId: string) {
  const { rows } = await t.deps.database.executeSql(
    'select from_transaction_id, to_transaction_id, attempts, last_error, not_before, parked_at from loyalty_earn_queue where workspace_id = $1 order by from_transaction_id',
    [workspaceId],
  );
  return rows as {
    from_transaction_id: string;
    to_transaction_id: string;
    attempts: number;
    last_error: string | null;
    not_before: unknown;
    parked_at: unknown;
  }[];
}

describe('a purchase that cannot earn', () => {
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let L: ReturnType<typeof loyaltyClient>;
  let ana: string;
  let poisoned: string;

  beforeAll(async () => {
    ws = await t.workspace('Poisoned');
    L = loyaltyClient(t, ws);
    // Points that expire a year after a purchase dated 9999-12-31 would expire in the year 10000,
    // which PostgreSQL refuses: "time zone displacement out of range", on every attempt.
    await L.program({ expiryMonths: 12 });
    ana = await L.customer('Ana');
  });

  test('does not stop anyone else earning, here or in other workspaces; it is retried, then parked', async () => {
    poisoned = await purchaseInDatabase(ws.id, ana, '9999-12-31T23:59:59Z');
    const bruno = await L.customer('Bruno');
    await L.purchase(ana, 10_000);
    await L.purchase(bruno, 5_000);
    const other = await t.workspace('Neighbour');
    const O = loyaltyClient(t, other);
    await O.program();
    const cara = await O.customer('Cara');
    await O.purchase(cara, 2_000);

    await runEarnJob();
    expect((await L.account(ana)).balance).toBe(100);
    expect((await L.account(bruno)).balance).toBe(50);
    expect((await O.account(cara)).balance).toBe(20);
    // Only the bad purchase is left, on a row of its own, waiting for its next try.
    const [left, ...none] = await queueRows(ws.id);
    expect(none).toEqual([]);
    expect(left).toMatchObject({
      from_transaction_id: poisoned,
      to_transaction_id: poisoned,
      attempts: 1,
      parked_at: null,
    });
    expect(left.not_before).not.toBeNull();
    expect(left.last_error).toContain('time zone displacement out of range');
    expect((await L.ok('GET', '/loyalty/earn-queue/parked')).items).toEqual([]);

    // Tried again when due, then parked after the last attempt.
    for (let attempt = 2; attempt <= EARN_ATTEMPTS; attempt++) {
      expect((await L.earn()).failed, 'not due yet').toBe(0);
      t.clock.advance(6 * MINUTE);
      expect((await L.earn()).failed).toBe(1);
    }
    const parked = await L.ok('GET', '/loyalty/earn-queue/parked');
    expect(parked.total).toBe(1);
    expect(parked.items[0]).toMatchObject({
      transactionId: poisoned,
      customerId: ana,
      attempts: EARN_ATTEMPTS,
      parkedAt: t.clock.now().toISOString(),
    });
    expect(parked.items[0].error).toMatch(/^time zone displacement out of range: .*\(SQLSTATE 22009\)$/);
    expect(parked.items[0].error, 'no query or parameters in the stored error').not.toMatch(
      /insert into|params|Failed query/i,
    );

    // A parked purchase is left alone; new purchases earn as usual.
    await L.purchase(bruno, 3_000);
    t.clock.advance(60 * MINUTE);
    expect(await L.earn()).toMatchObject({ transactions: 1, earned: 30, failed: 0 });
    expect((await L.ok('GET', '/loyalty/program')).queued).toBe(0);
  });

  test('admins see parked purchases; other roles may not', async () => {
    const admin = await t.request('GET', '/api/v1/loyalty/earn-queue/parked', { token: await ws.token('admin') });
    expect(admin.status).toBe(200);
    expect(admin.body.items).toHaveLength(1);
    for (const role of ['manager', 'analyst', 'agent'] as const) {
      expect(
        (await t.request('GET', '/api/v1/loyalty/earn-queue/parked', { token: await ws.token(role) })).status,
        role,
      ).toBe(403);
    }
  });

  test('retried after the data is fixed, it earns; a retry of something not parked is a 404', async () => {
    const [item] = (await L.ok('GET', '/loyalty/earn-queue/parked')).items;
    const before = (await L.account(ana)).balance;
    await t.deps.database.executeSql(
      "update transactions set occurred_at = '2026-03-01T12:00:00Z' where workspace_id = $1 and id = $2",
      [ws.id, poisoned],
    );
    expect(await L.ok('POST', `/loyalty/earn-queue/parked/${item.id}/retry`)).toEqual({ requeued: 1 });
    expect((await L.call('POST', `/loyalty/earn-queue/parked/${item.id}/retry`)).status).toBe(404);
    expect(await L.earn()).toMatchObject({ transactions: 1, earned: 10, failed: 0 });
    expect((await L.account(ana)).balance).toBe(before + 10);
    expect(await L.ok('GET', '/loyalty/earn-queue/parked')).toEqual({ items: [], total: 0 });
    expect(await queueRows(ws.id)).toEqual([]);
  });

  test('dismissed, it never earns and leaves the queue; retry-all puts every parked one back', async () => {
    const parkAll = async () => {
      for (let i = 0; i < EARN_ATTEMPTS; i++) {
        await L.earn();
        t.clock.advance(6 * MINUTE);
      }
    };
    const a = await purchaseInDatabase(ws.id, ana, '9999-12-31T23:59:59Z');
    const b = await purchaseInDatabase(ws.id, ana, '9999-12-31T23:59:59Z');
    await parkAll();
    const parked = await L.ok('GET', '/loyalty/earn-queue/parked');
    expect(parked.items.map((i: { transactionId: string }) => i.transactionId).sort()).toEqual([a, b].sort());
    const balance = (await L.account(ana)).balance;

    const dismissed = parked.items.find((i: { transactionId: string }) => i.transactionId === a);
    expect((await L.call('DELETE', `/loyalty/earn-queue/parked/${dismissed.id}`)).status).toBe(204);
    expect((await L.call('DELETE', `/loyalty/earn-queue/parked/${dismissed.id}`)).status).toBe(404);
    expect((await queueRows(ws.id)).map((r) => r.from_transaction_id)).toEqual([b]);

    expect(await L.ok('POST', '/loyalty/earn-queue/parked/retry')).toEqual({ requeued: 1 });
    expect((await L.earn()).failed).toBe(1); // still broken: one more try parks it again
    expect((await L.ok('GET', '/loyalty/earn-queue/parked')).items).toMatchObject([
      { transactionId: b, attempts: EARN_ATTEMPTS + 1 },
    ]);
    expect((await L.account(ana)).balance).toBe(balance);
    expect((await L.check()).ok).toBe(true);
  });
});

test('a bad transaction inside a range splits it: those before and after it earn, in batches of any size', async () => {
  const ws = await t.workspace('Backfilled');
  const L = loyaltyClient(t, ws);
  await L.program();
  const dora = await L.customer('Dora');
  for (let i = 0; i < 6; i++) await L.purchase(dora, 1_000);
  // A date no JavaScript Date can hold: this one fails in the code, not in the database.
  const bad = await purchaseInDatabase(ws.id, dora, 'infinity');
  for (let i = 0; i < 6; i++) await L.purchase(dora, 1_000);
  // `tenure loyalty backfill`: the whole history as one range, the bad transaction in its middle.
  await t.deps.database.executeSql('delete from loyalty_earn_queue where workspace_id = $1', [ws.id]);
  expect(await backfillEarning(t.deps.db, ws.id)).toBe(13);

  const run = await runLoyaltyEarning(t.deps, { workspaceId: ws.id, batchSize: 5 });
  expect(run).toMatchObject({ transactions: 13, earned: 120, failed: 1 });
  expect((await L.account(dora)).balance).toBe(120);
  const rows = await queueRows(ws.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    from_transaction_id: bad,
    to_transaction_id: bad,
    attempts: 1,
    last_error: 'RangeError: Invalid time value',
  });
  expect((await L.check()).ok).toBe(true);
});
