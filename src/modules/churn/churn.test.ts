// Churn diagnostics through the API on a simulated contract book with known effects (invoice
// payers cancel at 2× the rate of card payers, Premium at 0.7× Basic; churn.simulate.testing.ts):
// an on-demand run on a worker stores its model card and every running customer's risk; the Cox
// hazard ratios' 95 % CIs cover the true ratios; a model that does not beat its baseline is
// flagged and not used; the scheduled retraining runs; the worklist is ordered and filtered;
// tasks are assigned; hostile input gets 4xx.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scoreBonds, storedSwitchingCosts } from '../bonds/index.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { churnRetrainDaily } from '../../jobs/definitions.ts';
import { findCustomerIdsByExternalIds } from '../customers/index.ts';
import { cohortCountsOf } from './churn.curves.ts';
import { bookFacts } from './churn.book.repository.ts';
import { featureRows, rowsOf as churnFeatureRowsOf } from './churn.facts.repository.ts';
import { type CohortCountRow, cohortCountRows } from './churn.facts.repository.ts';
import { riskPartitionOf } from './churn.risks.repository.ts';
import { simulateContractBook } from './churn.simulate.testing.ts';

const asOf = new Date('2026-06-01T12:00:00Z');
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let manager: { id: string; email: string; password: string };
let managed: string[];
let firstRunId: string;

const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};

async function finishedRun(id: string) {
  return waitFor(
    async () => {
      const runs = (await ok('GET', '/churn/model/runs?limit=20')).items as { id: string; status: string }[];
      const run = runs.find((r) => r.id === id);
      return run && run.status !== 'queued' && run.status !== 'running' ? run : null;
    },
    { what: `churn run ${id} to finish`, timeoutMs: 60_000 },
  );
}

beforeAll(async () => {
  t = await createTestApp({ jobs: true });
  t.clock.set(asOf);
  ws = await t.workspace('Churn book');
  await simulateContractBook(t.deps.db, { workspaceId: ws.id, contracts: 3_000, asOf, seed: 7 });
  const m = await ws.member('account_manager');
  manager = { id: m.id, email: m.email, password: m.password };
  const ids = await findCustomerIdsByExternalIds(t.deps.db, ws.id, ['sim-0', 'sim-1', 'sim-2', 'sim-3', 'sim-4']);
  managed = [...ids.values()];
  for (const id of managed) await ok('PATCH', `/customers/${id}`, { accountManagerId: manager.id });
  const queued = await call('POST', '/churn/model/runs', {});
  expect(queued.status).toBe(202);
  firstRunId = queued.body.id;
  await finishedRun(firstRunId);
}, 180_000);
afterAll(() => t.close());

describe('a run on demand', () => {
  test('stores its metrics and is used when it beats the tenure-only baseline', async () => {
    const run = (await ok('GET', '/churn/model/runs')).items[0];
    expect(run).toMatchObject({ id: firstRunId, status: 'succeeded', used: true, flag: null, trigger: 'api' });
    expect(run.positives).toBeGreaterThan(50);
    expect(run.auc).toBeGreaterThan(run.baselineAuc);
    const card = await ok('GET', '/churn/model');
    expect(card.run.id).toBe(firstRunId);
    expect(card.auc.folds).toHaveLength(5);
    expect(card.brier).toBeGreaterThan(0);
    expect(card.brier).toBeLessThan(0.25);
    expect(card.reliability.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(run.rows);
  });

  test('stores a risk with at most three worded-by-code drivers for every customer with a running contract', async () => {
    const page = await ok('GET', '/churn/worklist?limit=500');
    expect(page.items.length).toBe(500);
    const item = page.items[0];
    expect(item.basis).toBe('contract');
    expect(item.risk).toBeGreaterThan(0);
    expect(item.risk).toBeLessThan(1);
    expect(item.drivers.length).toBeLessThanOrEqual(3);
    for (const d of item.drivers) expect(typeof d.code).toBe('string');
    const one = await ok('GET', `/customers/${item.customerId}/churn`);
    expect(one.risk).toMatchObject({ customerId: item.customerId, basis: 'contract', horizonMonths: 6 });
    expect(one.contracts).toHaveLength(1);
    expect(one.contracts[0].derlMonths).toBeGreaterThan(0);
  });

  test('the Cox hazard ratios cover the simulated ones (invoice 2, Premium 0.7)', async () => {
    const drivers = await ok('GET', '/churn/drivers');
    const effect = (code: string, level: string) =>
      drivers.effects.find((e: { code: string; level?: string }) => e.code === code && e.level === level);
    const invoice = effect('payment_method', 'invoice');
    expect(invoice.reference).toBe('card');
    expect(invoice.lower).toBeLessThan(2);
    expect(invoice.upper).toBeGreaterThan(2);
    expect(invoice.p).toBeLessThan(0.001);
    const premium = effect('plan', 'Premium') ?? effect('plan', 'Basic');
    const target = premium.level === 'Premium' ? 0.7 : 1 / 0.7;
    expect(premium.lower).toBeLessThan(target);
    expect(premium.upper).toBeGreaterThan(target);
    expect(drivers.concordance).toBeGreaterThan(0.55);
    // Nothing recorded in the defection register yet: no reasons beside the ratios.
    expect(drivers.defectionReasons).toEqual([]);
  });

  test('set beside them the reasons recorded by those who left, overall and per tier', async () => {
    await ok('POST', `/customers/${managed[0]}/defections`, {
      reasonCode: 'price',
      defectedAt: '2026-05-01T00:00:00Z',
    });
    await ok('POST', `/customers/${managed[1]}/defections`, {
      reasonCode: 'price',
      defectedAt: '2026-04-01T00:00:00Z',
    });
    await ok('POST', `/customers/${managed[2]}/defections`, {
      reasonCode: 'service_failure',
      defectedAt: '2026-03-01T00:00:00Z',
    });
    // Older than 12 months: left out.
    await ok('POST', `/customers/${managed[3]}/defections`, {
      reasonCode: 'other',
      defectedAt: '2025-03-01T00:00:00Z',
    });
    const { defectionReasons } = await ok('GET', '/churn/drivers');
    const overall = defectionReasons.filter((r: { segment: string }) => r.segment === 'all');
    expect(overall).toEqual(
      expect.arrayContaining([
        { segment: 'all', reasonCode: 'price', controllable: true, count: 2, share: 2 / 3 },
        { segment: 'all', reasonCode: 'service_failure', controllable: true, count: 1, share: 1 / 3 },
      ]),
    );
    expect(overall).toHaveLength(2);
  });

  test('retention curves per cohort and Kaplan–Meier by segment with the log-rank test', async () => {
    const retention = await ok('GET', '/churn/retention');
    expect(retention.cohorts.length).toBeGreaterThan(10);
    const fitted = retention.cohorts.filter((c: { fit: unknown }) => c.fit);
    expect(fitted.length).toBeGreaterThan(5);
    expect(fitted[0].projected[0].survival).toBe(1);
    const byPayment = await ok('GET', '/churn/survival?by=payment_method');
    expect(byPayment.segments.map((s: { segment: string }) => s.segment).sort()).toEqual(['card', 'invoice']);
    expect(byPayment.logRank.p).toBeLessThan(0.001);
    const invoice = byPayment.segments.find((s: { segment: string }) => s.segment === 'invoice');
    // Exponential with rate 0.03 × 2 (× 0.7 for half of them): the median is near ln 2 / 0.051 ≈ 14 months.
    expect(invoice.median).toBeGreaterThan(8);
    expect(invoice.median).toBeLessThan(20);
    for (const p of invoice.points) expect(p.lower <= p.survival && p.survival <= p.upper).toBe(true);
  });

  test('the sub-cohort counts a run takes from its survival records equal those counted in SQL, in the same order', async () => {
    // A book of its own where a third of the running contracts expired (ended by design, counted
    // apart) two months after they started, some after asOf (still active then).
    const book = await t.workspace('Churn counts');
    await simulateContractBook(t.deps.db, { workspaceId: book.id, contracts: 600, asOf, seed: 11 });
    await t.deps.db.execute(
      sql`update contracts set status = 'expired', ends_at = started_at + interval '2 months'
          where workspace_id = ${book.id} and status = 'active' and get_byte(uuid_send(id), 15) % 3 = 0`,
    );
    const counted = await cohortCountRows(t.deps.db, book.id, asOf);
    expect(counted.some((r) => r.expired) && counted.some((r) => r.cancelled)).toBe(true);
    const derived = cohortCountsOf(
      (await bookFacts(t.deps.db, book.id, new Date('2025-12-01T12:00:00Z'), asOf)).survival,
    );
    const key = (r: CohortCountRow) =>
      `${r.cohort_month}|${r.plan}|${r.cancelled}|${r.expired}|${r.active}|${r.whole_months}|${r.n}`;
    expect(derived.map(key).sort()).toEqual(counted.map(key).sort());
    const partitions = (rows: CohortCountRow[]) => [...new Set(rows.map((r) => `${r.cohort_month}|${r.plan}`))];
    expect(partitions(derived)).toEqual(partitions(counted));
    expect(counted.length).toBeGreaterThan(50);
  });

  test("a run's two reads of the book give the same features as the plain read at each instant", async () => {
    const book = await t.workspace('Churn reads');
    await simulateContractBook(t.deps.db, { workspaceId: book.id, contracts: 400, asOf, seed: 5 });
    const since = new Date('2025-12-01T12:00:00Z');
    const { training, scoring, survival } = await bookFacts(t.deps.db, book.id, since, asOf);
    const features = (rows: Awaited<ReturnType<typeof featureRows>>) =>
      rows.map(
        ({
          churned: _c,
          follow_months: _f,
          customer_id: _i,
          cohort_month: _m,
          rfm_segment: _s,
          account_manager_id: _a,
          ...r
        }) => r,
      );
    // Scoring rows: every field of the plain read at asOf, in the same order.
    const now = await featureRows(t.deps.db, book.id, asOf);
    expect(now.length).toBe(scoring.n);
    expect(scoring.n).toBeGreaterThan(100);
    const scored = churnFeatureRowsOf(scoring);
    expect(features(scored)).toEqual(features(now));
    expect(scored.map((r) => [r.customer_id, r.cohort_month, r.rfm_segment, r.account_manager_id])).toEqual(
      now.map((r) => [r.customer_id, r.cohort_month, r.rfm_segment, r.account_manager_id]),
    );
    // Training rows: the plain read at `since` (its labels aside), some of them cancelled since.
    const then = await featureRows(t.deps.db, book.id, since);
    expect(features(churnFeatureRowsOf(training))).toEqual(features(then));
    expect(training.num.churned.some((c) => c === 1)).toBe(true);
    expect(survival.n).toBeGreaterThanOrEqual(scoring.n);
  });
});

describe('the worklist', () => {
  test('is ordered by expected loss, pages by cursor without repeats, and filters by account manager', async () => {
    const seen = new Set<string>();
    let last = Infinity;
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const res: { items: { customerId: string; expectedLossMinor: number }[]; nextCursor: string | null } = await ok(
        'GET',
        `/churn/worklist?limit=40${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of res.items) {
        expect(item.expectedLossMinor).toBeLessThanOrEqual(last);
        last = item.expectedLossMinor;
        expect(seen.has(item.customerId)).toBe(false);
        seen.add(item.customerId);
      }
      cursor = res.nextCursor;
    }
    const mine = await ok('GET', `/churn/worklist?accountManagerId=${manager.id}`);
    const running = mine.items.map((i: { customerId: string }) => i.customerId);
    expect(running.length).toBeGreaterThan(0);
    for (const id of running) expect(managed).toContain(id);
  });

  test('shows what each customer would lose by leaving, from the bonds last scored', async () => {
    const before = await ok('GET', '/churn/worklist?limit=5');
    expect(before.items.every((i: { switchingCostMinor: number | null }) => i.switchingCostMinor === null)).toBe(true);
    await scoreBonds(t.deps, ws.id);
    const after = await ok('GET', '/churn/worklist?limit=5');
    const ids = after.items.map((i: { customerId: string }) => i.customerId);
    const stored = await storedSwitchingCosts(t.deps.db, ws.id, ids);
    expect(stored.size).toBe(ids.length);
    for (const i of after.items) {
      expect(i.switchingCostMinor).toBe(stored.get(i.customerId)?.switchingCostMinor);
      expect(i.bondIndex).toBe(stored.get(i.customerId)?.bondIndex);
    }
  });

  test('exports as CSV', async () => {
    const res = await t.request('GET', `/api/v1/churn/worklist.csv?accountManagerId=${manager.id}`, {
      token: ws.ownerToken,
    });
    expect(res.status).toBe(200);
    const lines = res.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^customer_id,customer_name,basis,risk,expected_loss_minor/);
    expect(lines.length).toBeGreaterThan(1);
  });

  test('assign creates a task that shows in the assignee’s own list and can be closed with an outcome', async () => {
    const customerId = managed[0];
    const task = await ok('POST', '/tasks', {
      title: 'Call before renewal',
      customerId,
      assigneeId: manager.id,
      dueOn: '2026-06-08',
      source: 'churn_worklist',
    });
    expect(task).toMatchObject({ status: 'open', assigneeId: manager.id, customerId, dueOn: '2026-06-08' });
    const { cookie } = await t.signIn(manager.email, manager.password);
    const mine = await t.request('GET', '/api/v1/tasks?assignee=me&status=open', { cookie });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(task.id);
    const done = await ok('PATCH', `/tasks/${task.id}`, { status: 'done', outcome: 'Renewed for a year' });
    expect(done).toMatchObject({ status: 'done', outcome: 'Renewed for a year' });
    expect(done.closedAt).not.toBeNull();
    expect((await ok('GET', `/tasks?customerId=${customerId}`)).items[0].id).toBe(task.id);
  });
});

/** The workspace's risks as stored, and the tables churn_risk is made of with their indexes (attached to the parent's or not). */
async function storedRisks() {
  const rows = await queryRows<{ customer_id: string; run_id: string; risk: number }>(
    t.deps.db,
    sql`select customer_id, run_id, risk from churn_risk where workspace_id = ${ws.id} order by customer_id`,
  );
  const tables = await queryRows<{ name: string; indexes: number; attached: number }>(
    t.deps.db,
    sql`select c.relname as name, count(i.indexrelid)::int as indexes,
          count(i.indexrelid) filter (where exists (select 1 from pg_inherits x where x.inhrelid = i.indexrelid))::int as attached
        from pg_class c left join pg_index i on i.indrelid = c.oid
        where c.relname like 'churn_risk%' and c.relkind = 'r' group by 1 order by 1`,
  );
  return { rows, tables };
}

test('a model that does not beat its baseline by the required lift is flagged and not used', async () => {
  const before = await storedRisks();
  const queued = await call('POST', '/churn/model/runs', { minAucLift: 0.5 });
  expect(queued.status).toBe(202);
  const run = await finishedRun(queued.body.id);
  expect(run).toMatchObject({ status: 'succeeded', used: false, flag: 'worse_than_baseline' });
  expect((await ok('GET', '/churn/model')).run.id).toBe(firstRunId);
  const item = (await ok('GET', '/churn/worklist?limit=1')).items[0];
  const one = await ok('GET', `/customers/${item.customerId}/churn`);
  expect(one.risk.basis).toBe('contract');
  // The used model's risks carried over into the new partition, the old one and no staging table left.
  const after = await storedRisks();
  expect(after.rows).toEqual(before.rows);
  expect(after.tables.map((x) => x.name)).toEqual(before.tables.map((x) => x.name));
  const own = after.tables.find((x) => x.name === riskPartitionOf(ws.id));
  // The partition's three indexes are the parent's (primary key, loss, manager), none built twice.
  expect(own).toEqual({ name: riskPartitionOf(ws.id), indexes: 3, attached: 3 });
});

test('the scheduled retraining runs a used model for the workspace, and an empty workspace gets a flagged run', async () => {
  const empty = await t.workspace('No contracts yet');
  await t.request('POST', '/api/v1/customers', { token: empty.ownerToken, body: { name: 'Only one' } });
  const jobCtx = { ...t.deps, jobId: 'test', signal: new AbortController().signal };
  await churnRetrainDaily.handler({}, jobCtx);
  const runs = (await ok('GET', '/churn/model/runs')).items;
  const scheduled = runs.find((r: { trigger: string }) => r.trigger === 'schedule');
  expect(scheduled).toMatchObject({ status: 'succeeded', used: true });
  expect((await ok('GET', '/churn/model')).run.id).toBe(scheduled.id);
  expect(runs.filter((r: { used: boolean }) => r.used)).toHaveLength(1);
  const emptyRuns = await t.request('GET', '/api/v1/churn/model/runs', { token: empty.ownerToken });
  expect(emptyRuns.body.items).toHaveLength(1);
  expect(emptyRuns.body.items[0]).toMatchObject({ status: 'succeeded', used: false, flag: 'too_few_churners' });
});

describe('hostile and wrong input', () => {
  test.each([
    ['POST', '/churn/model/runs', { minAucLift: 'lots' }],
    ['POST', '/churn/model/runs', { minAucLift: 2 }],
    ['POST', '/churn/model/runs', { extra: true }],
    ['GET', '/churn/worklist?limit=100000', undefined],
    ['GET', '/churn/worklist?tier=diamond', undefined],
    ['GET', '/churn/worklist?accountManagerId=1%20or%201=1', undefined],
    ['GET', '/churn/worklist?cursor=bm90LWEtY3Vyc29y', undefined],
    ['GET', '/churn/survival?by=shoe_size', undefined],
    ['GET', '/customers/not-a-uuid/churn', undefined],
    ['POST', '/tasks', { title: '', assigneeId: '0190a0a0-0000-7000-8000-000000000001' }],
    ['POST', '/tasks', { title: 'x', assigneeId: '0190a0a0-0000-7000-8000-000000000001' }],
    ['POST', '/tasks', { title: 'x\u0000y', assigneeId: '0190a0a0-0000-7000-8000-000000000001' }],
    ['POST', '/tasks', { title: 'x', assigneeId: '0190a0a0-0000-7000-8000-000000000001', dueOn: '2026-13-45' }],
    ['PATCH', '/tasks/0190a0a0-0000-7000-8000-000000000001', { status: 'archived' }],
    ['GET', '/tasks?assignee=me', undefined],
    [
      'POST',
      '/contracts',
      {
        customerId: '0190a0a0-0000-7000-8000-000000000001',
        plan: 'X',
        startedAt: '2026-01-01T00:00:00Z',
        monthlyValueMinor: 1,
        termMonths: 0,
      },
    ],
    [
      'POST',
      '/contracts',
      {
        customerId: '0190a0a0-0000-7000-8000-000000000001',
        plan: 'X',
        startedAt: '2026-01-01T00:00:00Z',
        monthlyValueMinor: 1,
        paymentMethod: 'bitcoin',
      },
    ],
  ])('%s %s → 4xx', async (method, path, body) => {
    const res = await call(method, path, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  test('an agent may not queue runs or read the worklist, but sees a customer’s risk', async () => {
    const agent = await ws.token('agent');
    expect((await call('POST', '/churn/model/runs', {}, agent)).status).toBe(403);
    expect((await call('GET', '/churn/worklist', undefined, agent)).status).toBe(403);
    expect((await call('GET', `/customers/${managed[0]}/churn`, undefined, agent)).status).toBe(200);
  });

  test('another workspace sees no model and no risks', async () => {
    const other = await t.workspace('Elsewhere');
    const res = await t.request('GET', '/api/v1/churn/model', { token: other.ownerToken });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('no_model');
    const list = await t.request('GET', '/api/v1/churn/worklist', { token: other.ownerToken });
    expect(list.body.items).toEqual([]);
    const task = await t.request('POST', '/api/v1/tasks', {
      token: other.ownerToken,
      body: { title: 'Steal', assigneeId: manager.id, customerId: managed[0] },
    });
    expect(task.status).toBe(422);
  });
});
