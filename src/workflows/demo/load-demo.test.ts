import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { DEMO_BUNDLES } from './bundles-demo.ts';
import { demoComplaintCount } from './complaints-demo.ts';
import { loadDemo } from './load-demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const counts = async (ws: string) =>
  (
    await queryRows<Record<string, number>>(
      t.deps.db,
      sql`select (select count(*)::int from customers where workspace_id = ${ws}) customers,
               (select count(*)::int from transactions where workspace_id = ${ws}) transactions,
               (select count(*)::int from transactions where workspace_id = ${ws} and kind = 'return') returns,
               (select count(*)::int from transaction_lines where workspace_id = ${ws}) lines,
               (select count(*)::int from interactions where workspace_id = ${ws}) interactions,
               (select count(*)::int from contracts where workspace_id = ${ws}) contracts,
               (select count(*)::int from contract_value_changes where workspace_id = ${ws}) value_changes,
               (select count(*)::int from complaints where workspace_id = ${ws}) complaints,
               (select count(*)::int from transactions t where workspace_id = ${ws} and kind = 'purchase' and total_minor > 0) purchases,
               (select count(*)::int from loyalty_entries where workspace_id = ${ws} and kind = 'earn') earns,
               (select count(*)::int from loyalty_entries where workspace_id = ${ws}) entries,
               (select count(*)::int from loyalty_redemptions where workspace_id = ${ws}) redemptions,
               (select count(*)::int from loyalty_accounts where workspace_id = ${ws} and level_id is not null) levelled,
               (select count(*)::int from defections where workspace_id = ${ws}) defections,
               (select count(*)::int from reactivations where workspace_id = ${ws}) reactivations,
               (select count(*)::int from customer_lapses where workspace_id = ${ws}) lapses,
               (select count(*)::int from campaigns where workspace_id = ${ws} and status = 'launched') campaigns,
               (select count(*)::int from campaign_members where workspace_id = ${ws}) campaign_members,
               (select count(*)::int from surveys where workspace_id = ${ws} and answered_at is not null) surveys,
               (select count(*)::int from feedback_entries where workspace_id = ${ws}) feedback,
               (select count(*)::int from domain_events where workspace_id = ${ws}) events`,
    )
  )[0];

test('the demo loads a living business, and loading it again changes nothing', async () => {
  const ws = await t.workspace('Demo');
  const end = new Date('2026-11-01T00:00:00Z');
  const first = await loadDemo(t.deps, { workspaceId: ws.id, customers: 300, seed: 5, end });
  // Books for the owner and two demo account managers, five tasks each, kudos around the team.
  expect(first.books).toEqual({ books: 3, tasks: 15, kudos: 3 });
  const after = await counts(ws.id);
  expect(after.customers).toBe(300);
  // The planner's statistics cover the rows just loaded (PGlite gathers none by itself; without
  // them the scoring run's bond-index join took 69 s at the 5,000 customers of a first start).
  const [planned] = await queryRows<{ n: number }>(
    t.deps.db,
    sql`select reltuples::float8 n from pg_class where relname = 'transactions' and relkind = 'r'`,
  );
  expect(Number(planned.n)).toBeGreaterThanOrEqual(after.transactions);
  expect(after.transactions).toBe(first.transactions);
  expect(after.transactions).toBeGreaterThan(600);
  expect(after.returns).toBeGreaterThan(0);
  expect(after.lines).toBeGreaterThan(after.transactions);
  expect(after.interactions).toBeGreaterThan(300);
  expect(first.complaints).toBe(after.complaints);
  expect(after.complaints).toBe(demoComplaintCount(300));
  // A living loyalty program: purchases earned, some rewards redeemed, old points expired, levels.
  expect(first.loyalty?.earned).toBeGreaterThan(10_000);
  expect(first.loyalty?.redemptions).toBeGreaterThan(0);
  expect(first.loyalty?.expired).toBeGreaterThan(0);
  expect(after.earns).toBe(after.purchases);
  expect(after.levelled).toBeGreaterThan(0);
  // Contracts with terms, payment methods and cancellations: the churn model fits on them.
  expect(after.contracts).toBeGreaterThan(10);
  expect(first.churn).not.toBeNull();
  // Products bought together: the affinity run finds rules, and its offers beat popularity offline.
  expect(first.affinity?.rules).toBeGreaterThan(0);
  expect(first.affinity?.beatsBaseline).toBe(true);
  // Bundles defined from the run's suggestions, with buyers to show on the Bundles screen.
  expect(first.affinity?.bundles).toBe(DEMO_BUNDLES);
  const bundles = (await t.request('GET', '/api/v1/affinity/bundles', { token: ws.ownerToken })).body.items;
  expect(bundles).toHaveLength(DEMO_BUNDLES);
  expect(bundles[0].adoption.buyers).toBeGreaterThan(0);
  expect(bundles[0].discountMinor).toBeGreaterThan(0);
  // Upgrades and downgrades: the KPI home's revenue waterfall has expansion and contraction to show.
  expect(after.value_changes).toBeGreaterThan(0);
  const from = `${end.getUTCFullYear() - 1}-${String(end.getUTCMonth() + 1).padStart(2, '0')}`;
  const to = `${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, '0')}`;
  const revenue = (
    await t.request('GET', `/api/v1/kpis/revenue-retention?from=${from}&to=${to}`, { token: ws.ownerToken })
  ).body;
  expect(revenue.startMrrMinor).toBeGreaterThan(0);
  expect(revenue.expansionMinor + revenue.contractionMinor).toBeGreaterThan(0);
  expect(revenue.churnedMinor).toBeGreaterThan(0);
  // The voice of the customer: a year of answered surveys and feedback entries, once.
  expect(after.surveys).toBe(first.voice.surveys);
  expect(after.surveys).toBeGreaterThan(100);
  expect(after.feedback).toBe(first.voice.feedback);
  expect(after.feedback).toBeGreaterThan(20);
  // The defection register: every cancelled contract, some win-backs, customers lapsed by P(alive).
  expect(after.defections).toBe(first.defections.defections);
  expect(after.defections).toBeGreaterThan(0);
  expect(after.reactivations).toBeGreaterThan(0);
  expect(after.lapses).toBeGreaterThan(0);
  // A launched campaign with a control group on the gold and iron tiers.
  expect(after.campaigns).toBe(1);
  expect(after.campaign_members).toBe(first.campaigns?.members);
  expect(after.campaign_members).toBeGreaterThan(30);
  expect((await t.request('GET', '/api/v1/loyalty/check', { token: ws.ownerToken })).body).toMatchObject({
    ok: true,
    violations: [],
  });
  await loadDemo(t.deps, { workspaceId: ws.id, customers: 300, seed: 5, end });
  expect(await counts(ws.id)).toEqual(after);
  expect((await t.request('GET', '/api/v1/affinity/bundles', { token: ws.ownerToken })).body.items).toHaveLength(
    DEMO_BUNDLES,
  );
  // Complaints in every state of the workflow, with SLA outcomes, ready to explore.
  const states = await queryRows<{ status: string; sla_state: string | null }>(
    t.deps.db,
    sql`select distinct status, sla_state from complaints where workspace_id = ${ws.id}`,
  );
  expect(new Set(states.map((s) => s.status))).toEqual(
    new Set([
      'registered',
      'under_analysis',
      'invalid',
      'valid',
      'in_resolution',
      'resolved',
      'satisfaction_checked',
      'closed',
    ]),
  );
  expect(states.some((s) => s.sla_state === 'met')).toBe(true);
  // Offers above the approval threshold wait for a manager on the complaints screen.
  const pending = await t.request('GET', '/api/v1/compensations?status=pending_approval', { token: ws.ownerToken });
  expect(pending.body.items.length).toBeGreaterThan(0);
  const kpis = await t.request('GET', '/api/v1/complaints/kpis', { token: ws.ownerToken });
  expect(kpis.body.overall.resolved).toBeGreaterThan(1);
  const voice = await t.request('GET', '/api/v1/surveys/results?from=2025-11&to=2026-10', { token: ws.ownerToken });
  expect(voice.body.nps.n + voice.body.csat.n).toBe(after.surveys);
  expect(voice.body.nps.detractors).toBeGreaterThan(0);

  const customer = (await t.request('GET', '/api/v1/customers?limit=1&sort=name', { token: ws.ownerToken })).body
    .items[0];
  const overview = await t.request('GET', `/api/v1/customers/${customer.id}/overview`, { token: ws.ownerToken });
  expect(overview.body.timeline.items.some((e: { type: string }) => e.type === 'transaction.purchased')).toBe(true);
}, 150_000); // two full demo loads (scoring, churn, affinity, books) on a shared two-core machine

test('demo complaints scale with the demo: every state in a small one, about one per 50 customers, at most 40', () => {
  expect(demoComplaintCount(5)).toBe(5);
  expect(demoComplaintCount(50)).toBe(10);
  expect(demoComplaintCount(1_000)).toBe(20);
  expect(demoComplaintCount(5_000)).toBe(40);
});
