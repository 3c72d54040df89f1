// The customer merge workflow on a real database: every domain's rows follow the survivor (or
// stay pinned to the merged customer, as their domain declares), two loyalty ledgers become one
// with their lots and expiry dates intact, and a failure anywhere leaves nothing changed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { testDriver } from '../../test/support/database.ts';
import { failWrites } from '../../test/support/faults.ts';
import { waitFor } from '../../test/support/wait.ts';
import { loyaltyClient } from '../../test/support/loyalty.ts';
import { queryRows } from '../db/client.ts';
import { applyEarnings, noTiers, runExpiry } from '../modules/loyalty/index.ts';
import { enqueueNotification } from '../modules/notifications/index.ts';
import { holdOffMerges, mergeCustomers, mergePinnedTables } from './merge-customers.ts';
import { scoreWorkspace } from './score-customers.ts';

let t: TestApp;
type Workspace = Awaited<ReturnType<TestApp['workspace']>>;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-01-01T12:00:00Z'));
});
afterAll(() => t.close());

/**
 * Every table with a customer_id column, and what a merge does with it. A domain that adds one
 * must decide (move it in its reassignCustomer, or declare it pinned) and add it here.
 */
const customerTables = {
  moved: [
    'affinity_offer_events',
    'bond_preferences',
    'bond_relationships',
    'bond_structural',
    'complaint_compensations',
    'complaints',
    'consent_changes',
    'contracts',
    'customer_consents',
    'defections',
    'domain_events',
    'exit_survey_tokens',
    'feedback_entries',
    'interactions',
    'loyalty_earn_queue',
    'loyalty_redemptions',
    'notifications',
    'privacy_requests',
    'reactivations',
    'surveys',
    'tasks',
    'transactions',
  ],
  dropped: [
    'bond_scores',
    'churn_risk',
    'customer_lapses',
    'customer_scores',
    'kpi_cohort_changes',
    'kpi_cohort_customers',
    'kpi_mrr_segments',
  ],
};

async function tablesWithCustomerId(): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    t.deps.db,
    // A partition (churn_risk's per workspace) is reached through its parent.
    sql`select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'customer_id'
          and not exists (select 1 from pg_class c where c.relname = table_name and c.relispartition)
        order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Rows per table held by each customer. */
async function holdings(workspaceId: string, ids: string[]): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const table of await tablesWithCustomerId()) {
    const rows = await queryRows<{ customer_id: string; n: number }>(
      t.deps.db,
      sql`select customer_id, count(*)::int n from ${sql.identifier(table)} where workspace_id = ${workspaceId} and customer_id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) group by customer_id`,
    );
    out[table] = Object.fromEntries(ids.map((id) => [id, rows.find((r) => r.customer_id === id)?.n ?? 0]));
  }
  return out;
}

async function lotsOf(workspaceId: string, customerId: string) {
  return queryRows<{
    points: number;
    remaining: number;
    earned_at: Date | string;
    available_at: Date | string;
    expires_at: Date | string | null;
  }>(
    t.deps.db,
    sql`select points, remaining, earned_at, available_at, expires_at from loyalty_lots
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and remaining > 0 order by earned_at`,
  );
}
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

describe('every domain holding customer rows', () => {
  let ws: Workspace;
  let L: ReturnType<typeof loyaltyClient>;
  const ids = { survivor: '', merged: '', earlier: '' };

  beforeAll(async () => {
    ws = await t.workspace('Merge everything');
    L = loyaltyClient(t, ws);
    await L.program();
    const team = await ws.member('agent');
    await L.ok('POST', '/complaint-teams', { name: 'Care', members: [{ userId: team.id }, { userId: ws.ownerId }] });
    const reward = await L.ok('POST', '/loyalty/rewards', { name: 'Mug', kind: 'gift', pointsPrice: 10 });
    ids.survivor = await L.customer('Sara Survivor', { email: 'sara@example.com' });
    ids.merged = await L.customer('Sara S.', { email: 'sara.s@example.com', externalId: 'legacy-7' });
    ids.earlier = await L.customer('S. Sara');
    // The merged customer absorbed another one before: that record follows it to the survivor.
    expect((await L.call('POST', `/customers/${ids.merged}/merge`, { mergeId: ids.earlier })).status).toBe(200);

    for (const [i, id] of [ids.survivor, ids.merged].entries()) {
      await L.ok('POST', '/transactions', {
        customerId: id,
        occurredAt: '2025-12-01T10:00:00Z',
        lines: [{ quantity: 1, unitPriceMinor: 5_000 + i, unitCostMinor: 1_000 }],
      });
      await L.ok('POST', '/interactions', {
        customerId: id,
        occurredAt: '2025-12-02T10:00:00Z',
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
        durationSeconds: 120,
      });
      await L.ok('POST', '/contracts', {
        customerId: id,
        plan: 'Basic',
        startedAt: '2025-01-01T00:00:00Z',
        monthlyValueMinor: 1_990,
      });
      const complaint = await L.ok('POST', '/complaints', {
        customerId: id,
        category: 'billing',
        channel: 'phone',
        subject: 'Charged twice',
        description: 'The December order was charged twice',
      });
      await L.ok('POST', `/complaints/${complaint.id}/transitions`, { to: 'under_analysis' });
      await L.ok('POST', `/complaints/${complaint.id}/transitions`, { to: 'valid', severity: 'low', reason: 'ok' });
      await L.ok('POST', `/complaints/${complaint.id}/compensations`, { type: 'other', amount: 100, costMinor: 100 });
      await L.ok('POST', `/customers/${id}/defections`, { reasonCode: 'price', defectedAt: '2025-12-03T10:00:00Z' });
      await L.ok('POST', `/customers/${id}/reactivations`, { reactivatedAt: '2025-12-10T10:00:00Z' });
      await L.ok('PUT', `/customers/${id}/consents`, {
        consents: [{ channel: i ? 'sms' : 'email', purpose: 'marketing', granted: true }],
      });
      await enqueueNotification(t.deps.db, t.deps, ws.id, {
        customerId: id,
        purpose: 'service',
        templateKey: 'complaint.resolved',
        vars: { reference: `R-${i}` },
      });
      await L.ok('POST', '/tasks', { title: 'Call about renewal', customerId: id, assigneeId: ws.ownerId });
      await L.ok('POST', '/surveys', { customerId: id, kind: 'nps' });
      await L.ok('POST', '/feedback', { kind: 'compliment', customerId: id, body: 'Kind staff' });
      const bondSince = '2025-01-01T00:00:00Z';
      await L.ok('POST', `/customers/${id}/bonds/relationships`, {
        employeeName: 'Ana',
        role: 'advisor',
        since: bondSince,
      });
      await L.ok('POST', `/customers/${id}/bonds/preferences`, { kind: 'seat', value: 'aisle', source: 'inferred' });
      await L.ok('POST', `/customers/${id}/bonds/structural`, {
        kind: 'integration',
        description: 'EDI',
        since: bondSince,
      });
      await L.ok('POST', '/privacy/requests', { customerId: id, kind: 'access' });
      await L.ok('POST', '/books/assign', { customerIds: [id], userId: ws.ownerId, reason: 'New book' });
      await L.ok('PATCH', `/customers/${id}`, { tags: ['audited'] }); // an audit row with before/after
      // A stored churn risk (derived, as a churn run writes it).
      await t.deps.db.execute(
        sql`insert into churn_risk (workspace_id, customer_id, run_id, basis, risk, drivers, value_at_stake_minor, expected_loss_minor, computed_at)
            values (${ws.id}, ${id}, gen_random_uuid(), 'purchase', 0.4, '[]'::jsonb, 1000, 400, now())`,
      );
    }
    await L.earn();
    await L.ok('POST', `/customers/${ids.merged}/loyalty/redemptions`, { rewardId: reward.id });
    await scoreWorkspace(t.deps, ws.id);
    // Both in a launched campaign's frozen member list (pinned: the record of who was assigned where).
    const everyone = await L.ok('POST', '/segments', { name: 'Everyone', definition: { all: [] } });
    const campaign = await L.ok('POST', '/campaigns', {
      name: 'Merge check',
      objective: 'retain',
      segmentId: everyone.id,
      arms: [
        { key: 'control', name: 'Control', share: 50, control: true },
        { key: 'offer', name: 'Offer', share: 50 },
      ],
    });
    await L.ok('POST', `/campaigns/${campaign.id}/launch`);
    // What was done to each member (pinned with the membership), written as the execution job does;
    // through the API only the treatment arm's member would get a row.
    for (const id of [ids.survivor, ids.merged])
      await t.deps.db.execute(
        sql`insert into campaign_action_executions (workspace_id, campaign_id, customer_id, action_key, arm, type, status, executed_at)
            values (${ws.id}, ${campaign.id}, ${id}, 'mail', 'offer', 'message', 'done', now())`,
      );
    // Each member's predicted uplift (pinned with the membership), written as a campaign's uplift fit does.
    for (const [k, id] of [ids.survivor, ids.merged].entries())
      await t.deps.db.execute(
        sql`insert into campaign_uplift_scores (workspace_id, campaign_id, customer_id, uplift, rank_percent)
            values (${ws.id}, ${campaign.id}, ${id}, 0.1, ${k * 50})`,
      );
    // An offer recorded as declined for each (moved: the declined product stays out of the survivor's offers).
    for (const id of [ids.survivor, ids.merged])
      await t.deps.db.execute(
        sql`insert into affinity_offer_events (workspace_id, id, customer_id, product_id, outcome, channel, at)
            values (${ws.id}, gen_random_uuid(), ${id}, gen_random_uuid(), 'declined', 'manual', now())`,
      );
    // Too few customers for P(alive): the lapses a scoring run would mark are written as it would.
    await t.deps.database.executeSql(
      `insert into customer_lapses (workspace_id, customer_id, p_alive, lapsed_at) values ($1, $2, 0.1, now()), ($1, $3, 0.1, now()) on conflict do nothing`,
      [ws.id, ids.survivor, ids.merged],
    );
    // The KPI roll-ups built (both customers have a row), then a change of each still queued.
    await L.ok('GET', '/kpis/cohorts');
    await t.deps.database.executeSql(
      `insert into kpi_cohort_changes (workspace_id, customer_id) values ($1, $2), ($1, $3)`,
      [ws.id, ids.survivor, ids.merged],
    );
  });

  test('each table is moved, dropped or pinned, and nothing else points at the merged customer', async () => {
    const pinned = [...mergePinnedTables].sort();
    expect(await tablesWithCustomerId()).toEqual(
      [...customerTables.moved, ...customerTables.dropped, ...pinned].sort(),
    );

    const before = await holdings(ws.id, [ids.survivor, ids.merged]);
    // Every domain has rows on both customers, so the test proves each one moves.
    for (const table of [...customerTables.moved, ...customerTables.dropped, ...pinned]) {
      if (table === 'loyalty_earn_queue') continue; // holds a customer only for a failing transaction
      if (table === 'loyalty_redemptions') expect(before[table][ids.merged], table).toBeGreaterThan(0);
      else expect([before[table][ids.survivor], before[table][ids.merged]], table).not.toContain(0);
    }

    const res = await L.call('POST', `/customers/${ids.survivor}/merge`, { mergeId: ids.merged });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: ids.survivor, externalId: 'legacy-7' });
    expect(res.body.moved).toMatchObject({ transactions: 1, interactions: 1, contracts: 1, complaints: 1 });

    const after = await holdings(ws.id, [ids.survivor, ids.merged]);
    for (const table of customerTables.moved) {
      expect(after[table][ids.merged], table).toBe(0);
      if (table !== 'customer_consents')
        expect(after[table][ids.survivor], table).toBe(before[table][ids.survivor] + before[table][ids.merged]);
    }
    // Consents: the survivor keeps its own and gains the merged customer's other channel.
    expect(after.customer_consents[ids.survivor]).toBe(2);
    // Scores are derived: the merged customer's is dropped, the survivor's waits for the next run.
    expect(after.customer_scores).toEqual({ [ids.survivor]: 1, [ids.merged]: 0 });
    expect(after.churn_risk).toEqual({ [ids.survivor]: 1, [ids.merged]: 0 });
    expect(after.customer_lapses).toEqual({ [ids.survivor]: 1, [ids.merged]: 0 });
    // Pinned rows stay; the merged member's ledger gains the transfer out of each open lot.
    for (const table of pinned) {
      const gained = table === 'loyalty_entries' ? res.body.moved.loyalty_lots_transferred : 0;
      expect(after[table][ids.merged], table).toBe(before[table][ids.merged] + gained);
    }
    expect(res.body.moved.loyalty_lots_transferred).toBe(1);

    // Merge records and earlier merges follow the survivor too.
    const merges = await queryRows<{ survivor_id: string; merged_id: string }>(
      t.deps.db,
      sql`select survivor_id, merged_id from customer_merges where workspace_id = ${ws.id} order by merged_at, id`,
    );
    expect(merges).toEqual([
      { survivor_id: ids.survivor, merged_id: ids.earlier },
      { survivor_id: ids.survivor, merged_id: ids.merged },
    ]);
    const chain = await queryRows<{ id: string; merged_into_id: string }>(
      t.deps.db,
      sql`select id, merged_into_id from customers where workspace_id = ${ws.id} and merged_into_id is not null order by id`,
    );
    expect(chain.map((c) => c.merged_into_id)).toEqual([ids.survivor, ids.survivor]);
    expect((await L.check()).ok).toBe(true);
    // A new scoring run scores the survivor on the merged history and no one else.
    await scoreWorkspace(t.deps, ws.id);
    const scored = await holdings(ws.id, [ids.survivor, ids.merged]);
    expect(scored.customer_scores).toEqual({ [ids.survivor]: 1, [ids.merged]: 0 });
  });
});

describe('two members with loyalty ledgers', () => {
  let ws: Workspace;
  let L: ReturnType<typeof loyaltyClient>;
  const at = (iso: string) => t.clock.set(new Date(iso));
  const buy = async (customerId: string, when: string, points: number) => {
    at(when);
    await L.purchase(customerId, points * 100);
    await L.earn();
  };

  beforeAll(async () => {
    ws = await t.workspace('Merge ledgers');
    L = loyaltyClient(t, ws);
    at('2026-01-01T12:00:00Z');
    // One point per currency unit; points wait 14 days, then last 6 months.
    await L.program({ pendingDays: 14, expiryMonths: 6 });
  });

  test('the merged member’s open lots move with their points left, dates and expiry; balances add up', async () => {
    const survivor = await L.customer('Survivor');
    const merged = await L.customer('Merged');
    await buy(merged, '2026-01-01T12:00:00Z', 100); // lot A: expires 2026-07-01
    await buy(survivor, '2026-01-15T12:00:00Z', 300); // lot D: expires 2026-07-15
    await buy(merged, '2026-02-01T12:00:00Z', 200); // lot B: expires 2026-08-01
    await buy(survivor, '2026-02-20T12:00:00Z', 40); // lot E: expires 2026-08-20
    await buy(merged, '2026-03-01T12:00:00Z', 50); // lot C: pending until 2026-03-15, expires 2026-09-01
    at('2026-03-05T12:00:00Z');
    const reward = (points: number) =>
      L.ok('POST', '/loyalty/rewards', { name: `Reward ${points}`, kind: 'gift', pointsPrice: points });
    const r120 = await reward(120);
    const r30 = await reward(30);
    // First in, first out: the merged member spends all of A and 20 of B; the survivor 30 of D.
    await L.ok('POST', `/customers/${merged}/loyalty/redemptions`, { rewardId: r120.id });
    await L.ok('POST', `/customers/${survivor}/loyalty/redemptions`, { rewardId: r30.id });
    expect(await L.account(merged)).toMatchObject({ balance: 230, spendable: 180, pending: 50 });
    // E waits until Mar 6.
    expect(await L.account(survivor)).toMatchObject({ balance: 310, spendable: 270, pending: 40 });
    const mergedLots = await lotsOf(ws.id, merged);

    const res = await L.call('POST', `/customers/${survivor}/merge`, { mergeId: merged });
    expect(res.status).toBe(200);
    expect(res.body.moved).toMatchObject({ loyalty_lots_transferred: 2, loyalty_points_transferred: 230 });

    expect(await L.account(survivor)).toMatchObject({ balance: 540, spendable: 450, pending: 90 });
    const [{ balance: left }] = await queryRows<{ balance: number }>(
      t.deps.db,
      sql`select balance::int from loyalty_accounts where workspace_id = ${ws.id} and customer_id = ${merged}`,
    );
    expect(left).toBe(0);
    expect(await lotsOf(ws.id, merged)).toEqual([]);
    const shape = (l: Awaited<ReturnType<typeof lotsOf>>[number]) => ({
      remaining: Number(l.remaining),
      earnedAt: iso(l.earned_at),
      availableAt: iso(l.available_at),
      expiresAt: iso(l.expires_at),
    });
    const survivorLots = (await lotsOf(ws.id, survivor)).map(shape);
    // The transferred lots keep what was left, their earned date (their place in line), availability and expiry.
    for (const lot of mergedLots.map(shape)) expect(survivorLots).toContainEqual(lot);
    expect(survivorLots.map((l) => [l.remaining, l.expiresAt])).toEqual([
      [270, '2026-07-15T12:00:00.000Z'],
      [180, '2026-08-01T12:00:00.000Z'],
      [40, '2026-08-20T12:00:00.000Z'],
      [50, '2026-09-01T12:00:00.000Z'],
    ]);
    // Both sides record the transfer.
    const transfers = await queryRows<{ customer_id: string; points: number }>(
      t.deps.db,
      sql`select customer_id, points from loyalty_entries where workspace_id = ${ws.id} and kind = 'transfer' order by customer_id, points`,
    );
    expect(transfers.filter((e) => e.customer_id === merged).map((e) => e.points)).toEqual([-180, -50]);
    expect(transfers.filter((e) => e.customer_id === survivor).map((e) => e.points)).toEqual([50, 180]);
    const statement = await L.ok('GET', `/customers/${survivor}/loyalty/statement`);
    expect(statement.entries.filter((e: { kind: string }) => e.kind === 'transfer')).toHaveLength(2);
    expect((await L.check()).ok).toBe(true);

    // Spending after the merge takes the oldest first: D, then the transferred B before E.
    at('2026-03-20T12:00:00Z');
    const r300 = await reward(300);
    await L.ok('POST', `/customers/${survivor}/loyalty/redemptions`, { rewardId: r300.id });
    expect((await lotsOf(ws.id, survivor)).map((l) => Number(l.remaining))).toEqual([150, 40, 50]);

    // Expiry runs on the transferred lots at their own dates: B (Aug 1) goes, E and C stay.
    at('2026-08-05T12:00:00Z');
    await runExpiry(t.deps, ws.id);
    expect(await L.account(survivor)).toMatchObject({ balance: 90, spendable: 90 });
    expect((await lotsOf(ws.id, survivor)).map((l) => [Number(l.remaining), iso(l.expires_at)])).toEqual([
      [40, '2026-08-20T12:00:00.000Z'],
      [50, '2026-09-01T12:00:00.000Z'],
    ]);
    expect((await L.check()).ok).toBe(true);
  });

  test('a claw-back debt moves with the points: the survivor pays it from its own', async () => {
    at('2026-09-10T12:00:00Z');
    const survivor = await L.customer('Payer');
    const merged = await L.customer('Debtor');
    const purchase = await L.purchase(merged, 10_000);
    await L.earn();
    await L.purchase(survivor, 25_000);
    await L.earn();
    at('2026-10-01T12:00:00Z');
    const r100 = await L.ok('POST', '/loyalty/rewards', { name: 'All of it', kind: 'gift', pointsPrice: 100 });
    await L.ok('POST', `/customers/${merged}/loyalty/redemptions`, { rewardId: r100.id });
    await L.ok('POST', `/transactions/${purchase.id}/returns`, {});
    await L.earn();
    expect(await L.account(merged)).toMatchObject({ balance: -100, debt: 100 });
    expect(await L.account(survivor)).toMatchObject({ balance: 250, debt: 0 });

    const res = await L.call('POST', `/customers/${survivor}/merge`, { mergeId: merged });
    expect(res.status).toBe(200);
    expect(await L.account(survivor)).toMatchObject({ balance: 150, spendable: 150, debt: 0 });
    const [account] = await queryRows<{ balance: number; debt: number }>(
      t.deps.db,
      sql`select balance::int, debt::int from loyalty_accounts where workspace_id = ${ws.id} and customer_id = ${merged}`,
    );
    expect(account).toEqual({ balance: 0, debt: 0 });
    expect((await L.check()).ok).toBe(true);
  });
  test('a return after the merge takes back from the transferred lot, counting what was spent on both sides', async () => {
    at('2026-11-01T12:00:00Z');
    const survivor = await L.customer('Keeper');
    const merged = await L.customer('Returner');
    const purchase = await L.purchase(merged, 10_000);
    await L.earn();
    at('2026-11-20T12:00:00Z');
    const reward = (points: number) =>
      L.ok('POST', '/loyalty/rewards', { name: `Spend ${points}`, kind: 'gift', pointsPrice: points });
    await L.ok('POST', `/customers/${merged}/loyalty/redemptions`, { rewardId: (await reward(30)).id });
    expect((await L.call('POST', `/customers/${survivor}/merge`, { mergeId: merged })).status).toBe(200);
    await L.ok('POST', `/customers/${survivor}/loyalty/redemptions`, { rewardId: (await reward(50)).id });
    expect(await L.account(survivor)).toMatchObject({ balance: 20 });
    // The whole purchase comes back (it belongs to the survivor now): the 20 points left go, and
    // the 80 spent from them (30 before the merge, 50 after) are clawed back as a debt.
    await L.ok('POST', `/transactions/${purchase.id}/returns`, {});
    await L.earn();
    expect(await L.account(survivor)).toMatchObject({ balance: -80, debt: 80, spendable: 0 });
    expect((await L.check()).ok).toBe(true);
  });
});

describe('a failure in the middle', () => {
  test('rolls back every domain’s moves and the ledger transfer', async () => {
    const ws = await t.workspace('Merge rollback');
    const L = loyaltyClient(t, ws);
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
    await L.program();
    const survivor = await L.customer('Keeps', { tags: ['a'] });
    const merged = await L.customer('Goes', { email: 'goes@example.com', tags: ['b'] });
    for (const id of [survivor, merged]) {
      await L.purchase(id, 10_000);
      await L.ok('PUT', `/customers/${id}/consents`, {
        consents: [{ channel: 'email', purpose: 'service', granted: true }],
      });
      await enqueueNotification(t.deps.db, t.deps, ws.id, {
        customerId: id,
        purpose: 'service',
        templateKey: 'complaint.resolved',
        vars: { reference: 'R-1' },
      });
    }
    await L.earn();
    const snapshot = async () => ({
      holdings: await holdings(ws.id, [survivor, merged]),
      customers: await queryRows(
        t.deps.db,
        sql`select id, email, tags, deleted_at, merged_into_id from customers where workspace_id = ${ws.id} order by id`,
      ),
      accounts: await queryRows(
        t.deps.db,
        sql`select customer_id, balance::int, debt::int from loyalty_accounts where workspace_id = ${ws.id} order by customer_id`,
      ),
      lots: await queryRows(
        t.deps.db,
        sql`select entry_id, remaining from loyalty_lots where workspace_id = ${ws.id} order by entry_id`,
      ),
    });
    const before = await snapshot();
    // Notifications move after the commerce rows, the consents and the ledger transfer.
    const heal = await failWrites(t, 'notifications', 'UPDATE', 'true');
    try {
      const failed = await mergeCustomers(t.deps, ws.id, survivor, merged, { userId: null, tokenId: null }).catch(
        (err: Error) => err,
      );
      expect(String((failed as Error & { cause?: Error }).cause ?? failed)).toMatch(/simulated failure/);
    } finally {
      await heal();
    }
    expect(await snapshot()).toEqual(before);
    expect((await L.check()).ok).toBe(true);
    // Without the fault the same merge goes through.
    const done = await mergeCustomers(t.deps, ws.id, survivor, merged, { userId: null, tokenId: null });
    expect(done.customer.tags).toEqual(['a', 'b']);
    expect((await L.account(survivor)).balance).toBe(200);
  });
});

describe.skipIf(testDriver() !== 'pg')('a merge while loyalty earning runs (PostgreSQL: two connections)', () => {
  test('earning that read the merged customer’s purchase commits first; the merge then transfers those points', async () => {
    const ws = await t.workspace('Merge during earning');
    const L = loyaltyClient(t, ws);
    t.clock.set(new Date('2026-01-01T12:00:00Z'));
    await L.program();
    const survivor = await L.customer('Stays');
    const merged = await L.customer('Leaves');
    const purchase = await L.purchase(merged, 7_000);
    // An earning batch as the workflow runs one: hold merges off, read the purchase (its customer
    // is still the merged one), post — here paused between reading and posting.
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    let hasRead!: () => void;
    const read = new Promise<void>((r) => (hasRead = r));
    const earning = t.deps.db.transaction(async (tx) => {
      await holdOffMerges(tx, ws.id);
      const [fact] = await queryRows<{ customer_id: string; occurred_at: Date }>(
        tx,
        sql`select customer_id, occurred_at from transactions where workspace_id = ${ws.id} and id = ${purchase.id}`,
      );
      hasRead();
      await paused;
      const lines = [{ lineNo: 1, sku: null, category: null, totalMinor: 7_000 }];
      const facts = [
        {
          id: purchase.id,
          customerId: fact.customer_id,
          kind: 'purchase' as const,
          originalTransactionId: null,
          occurredAt: new Date(fact.occurred_at),
          channel: null,
          lines,
        },
      ];
      return applyEarnings(tx, { db: tx, now: t.deps.now }, ws.id, facts, {
        tierOf: noTiers,
        tagsOf: async () => new Map(),
      });
    });
    await read;
    const merging = mergeCustomers(t.deps, ws.id, survivor, merged, { userId: null, tokenId: null });
    // The merge waits for the earning transaction (its advisory lock is not granted yet).
    try {
      await waitFor(
        async () =>
          (
            await queryRows<{ n: number }>(
              t.deps.db,
              sql`select count(*)::int n from pg_locks where locktype = 'advisory' and not granted`,
            )
          )[0].n > 0,
        { what: 'the merge to wait for the earning transaction' },
      );
    } finally {
      resume();
    }
    expect((await earning).earned).toBe(70);
    const done = await merging;
    expect(done.moved).toMatchObject({ transactions: 1, loyalty_points_transferred: 70 });
    expect(await L.account(survivor)).toMatchObject({ balance: 70 });
    const [account] = await queryRows<{ balance: number }>(
      t.deps.db,
      sql`select balance::int from loyalty_accounts where workspace_id = ${ws.id} and customer_id = ${merged}`,
    );
    expect(account.balance).toBe(0);
    expect((await L.check()).ok).toBe(true);
  });
});
