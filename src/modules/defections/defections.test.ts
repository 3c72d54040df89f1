// The defection register through the real HTTP layer on a real database: the taxonomy (defaults,
// edits, never deleting a used reason), recording defections and win-backs with their events and
// timeline entries, filters and keyset paging, the summary and the reason shares, contract
// cancellations feeding the register, lapse marking after scoring, and roles.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import { markLapsedCustomers, scoreWorkspace } from '../../workflows/score-customers.ts';
import { defectionReasonShares } from './index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
async function ok(method: string, path: string, body?: unknown) {
  const r = await call(method, path, body);
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}
const customer = async (name: string) => (await ok('POST', '/customers', { name })).id as string;
const events = async (type: string, customerId?: string) =>
  queryRows<{ type: string; payload: Record<string, unknown>; customer_id: string }>(
    t.deps.db,
    sql`select type, payload, customer_id from domain_events where workspace_id = ${ws.id} and type = ${type}
        ${customerId ? sql`and customer_id = ${customerId}` : sql``} order by id`,
  );

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Register');
});
afterAll(() => t.close());

describe('taxonomy', () => {
  test('defaults are seeded once with labels in three languages and the controllable flag', async () => {
    const { items } = await ok('GET', '/defection-reasons');
    expect(items.map((r: { code: string }) => r.code)).toEqual([
      'price',
      'product_quality',
      'service_failure',
      'unresolved_complaint',
      'competitor_offer',
      'moved_or_no_need',
      'involuntary_payment',
      'access_convenience',
      'other',
    ]);
    const price = items[0];
    expect(price).toMatchObject({ controllable: true, active: true, builtIn: true, used: false });
    expect(price.labels).toEqual({ en: 'Price', 'pt-BR': 'Preço', es: 'Precio' });
    expect(items.find((r: { code: string }) => r.code === 'moved_or_no_need').controllable).toBe(false);
    expect((await ok('GET', '/defection-reasons')).items).toHaveLength(9);
  });

  test('add, relabel per language, deactivate; a default or used reason is never deleted', async () => {
    const added = await ok('POST', '/defection-reasons', {
      code: 'shipping_cost',
      labels: { en: 'Shipping cost' },
      controllable: true,
    });
    expect(added).toMatchObject({ code: 'shipping_cost', builtIn: false, used: false });
    expect(
      (await call('POST', '/defection-reasons', { code: 'shipping_cost', labels: { en: 'x' }, controllable: true }))
        .status,
    ).toBe(409);
    const relabelled = await ok('PATCH', '/defection-reasons/shipping_cost', { labels: { es: 'Costo de envío' } });
    expect(relabelled.labels).toEqual({ en: 'Shipping cost', es: 'Costo de envío' });
    expect((await call('DELETE', '/defection-reasons/price')).status).toBe(409);
    const c = await customer('Uses shipping');
    await ok('POST', `/customers/${c}/defections`, { reasonCode: 'shipping_cost' });
    const del = await call('DELETE', '/defection-reasons/shipping_cost');
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/deactivate/);
    const off = await ok('PATCH', '/defection-reasons/shipping_cost', { active: false });
    expect(off).toMatchObject({ active: false, used: true });
    // An inactive reason is refused for new defections, and kept for the old ones.
    const refused = await call('POST', `/customers/${c}/defections`, { reasonCode: 'shipping_cost' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('reasonCode');
    await ok('POST', '/defection-reasons', { code: 'unused_one', labels: { en: 'Unused' }, controllable: false });
    expect((await call('DELETE', '/defection-reasons/unused_one')).status).toBe(204);
  });

  test('bad input is a 422 naming the field; agents may not edit the taxonomy', async () => {
    const bad = await call('POST', '/defection-reasons', { code: 'Bad Code', labels: {}, controllable: 'yes' });
    expect(bad.status).toBe(422);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['code', 'controllable']));
    const agent = await ws.token('agent');
    expect((await call('PATCH', '/defection-reasons/price', { active: false }, agent)).status).toBe(403);
    expect((await call('GET', '/defection-reasons', undefined, agent)).status).toBe(200);
  });
});

describe('register', () => {
  test('a defection is recorded with its event, timeline entry and exit-survey link', async () => {
    const c = await customer('Leaving Lia');
    const r = await call('POST', `/customers/${c}/defections`, {
      reasonCode: 'competitor_offer',
      freeText: 'Cheaper elsewhere',
      channel: 'phone',
      defectedAt: '2026-05-10T09:00:00Z',
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.defection).toMatchObject({
      customerId: c,
      reasonCode: 'competitor_offer',
      controllable: true,
      source: 'manual',
      channel: 'phone',
      defectedAt: '2026-05-10T09:00:00.000Z',
    });
    expect(r.body.defection.recordedBy).toMatch(/^token:/);
    expect(r.body.exitSurvey.token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(r.body.exitSurvey.pagePath).toBe(`/p/exit-survey/${r.body.exitSurvey.token}`);
    const [ev] = await events('customer.defected', c);
    expect(ev.payload).toMatchObject({
      defectionId: r.body.defection.id,
      reasonCode: 'competitor_offer',
      source: 'manual',
    });
    const timeline = await ok('GET', `/customers/${c}/timeline`);
    expect(timeline.items.map((i: { type: string }) => i.type)).toContain('customer.defected');
    const history = await ok('GET', `/customers/${c}/defection-history`);
    expect(history).toMatchObject({ defected: true, lapse: null, reactivations: [] });
    expect(history.defections).toHaveLength(1);
  });

  test('the three customer events are in the webhook catalogue', async () => {
    const hook = await call('POST', '/webhooks', {
      url: 'https://hooks.example.com/churn',
      eventTypes: ['customer.defected', 'customer.reactivated', 'customer.lapsed', 'customer.exit_survey_answered'],
    });
    expect(hook.status, hook.text).toBe(201);
    expect(
      (await call('POST', '/webhooks', { url: 'https://hooks.example.com/x', eventTypes: ['customer.left'] })).status,
    ).toBe(422);
  });

  test('a win-back closes the defection; one for a customer who never left is a 409', async () => {
    const c = await customer('Back again');
    const d = (await ok('POST', `/customers/${c}/defections`, { reasonCode: 'price' })).defection;
    expect(await ok('GET', `/customers/${c}`)).toMatchObject({ status: 'defected', defectionReason: 'Price' });
    t.clock.advance(86_400_000);
    const back = await call('POST', `/customers/${c}/reactivations`, { note: 'Took the loyalty offer' });
    expect(back.status, back.text).toBe(201);
    expect(back.body).toMatchObject({ customerId: c, defectionId: d.id, note: 'Took the loyalty offer' });
    expect((await ok('GET', `/customers/${c}/defection-history`)).defected).toBe(false);
    expect(await ok('GET', `/customers/${c}`)).toMatchObject({ status: 'active', defectedAt: null });
    expect((await events('customer.reactivated', c))[0].payload).toMatchObject({ defectionId: d.id });
    expect((await call('POST', `/customers/${c}/reactivations`, {})).status).toBe(409);
    const stayed = await customer('Never left');
    expect((await call('POST', `/customers/${stayed}/reactivations`, {})).status).toBe(409);
    const foreign = await call('POST', `/customers/${stayed}/reactivations`, { defectionId: d.id });
    expect(foreign.status).toBe(409);
  });

  test('unknown customer is a 404; a customer of another workspace is not found either', async () => {
    expect((await call('POST', '/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/defections', {})).status).toBe(404);
    const other = await t.workspace('Other');
    const theirs = (await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Theirs' } }))
      .body.id;
    expect((await call('POST', `/customers/${theirs}/defections`, {})).status).toBe(404);
    expect((await call('GET', `/customers/${theirs}/defection-history`)).status).toBe(404);
  });

  test('list filters by period, reason, controllable and source, paged by a keyset cursor', async () => {
    const other = await t.workspace('Listing');
    const o = (method: string, path: string, body?: unknown) =>
      t.request(method, `/api/v1${path}`, { token: other.ownerToken, body });
    const ids: string[] = [];
    const plan = [
      ['price', '2026-01-05T00:00:00Z'],
      ['price', '2026-01-20T00:00:00Z'],
      ['moved_or_no_need', '2026-02-03T00:00:00Z'],
      ['service_failure', '2026-02-14T00:00:00Z'],
      ['price', '2026-03-01T00:00:00Z'],
    ];
    for (const [i, [reason, at]] of plan.entries()) {
      const c = (await o('POST', '/customers', { name: `C${i}` })).body.id;
      const r = await o('POST', `/customers/${c}/defections`, { reasonCode: reason, defectedAt: at });
      ids.push(r.body.defection.id);
    }
    const page1 = await o('GET', '/defections?limit=2');
    expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3]]);
    const page2 = await o('GET', `/defections?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const page3 = await o('GET', `/defections?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body).toMatchObject({ nextCursor: null });
    expect(page3.body.items).toHaveLength(1);
    const feb = await o('GET', '/defections?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(feb.body.items.map((d: { id: string }) => d.id)).toEqual([ids[3], ids[2]]);
    expect((await o('GET', '/defections?reason=price')).body.items).toHaveLength(3);
    expect((await o('GET', '/defections?controllable=false')).body.items.map((d: { id: string }) => d.id)).toEqual([
      ids[2],
    ]);
    expect((await o('GET', '/defections?source=contract_cancellation')).body.items).toHaveLength(0);
    expect((await o('GET', '/defections?cursor=garbage')).status).toBe(422);
    expect((await o('GET', '/defections?controllable=maybe')).status).toBe(422);

    const summary = (await o('GET', '/defections/summary')).body;
    expect(summary.total).toBe(5);
    expect(summary.byReason[0]).toEqual({ reasonCode: 'price', controllable: true, count: 3, share: 0.6 });
    expect(summary.byMonth.filter((m: { month: string }) => m.month === '2026-02')).toEqual([
      { month: '2026-02', reasonCode: 'moved_or_no_need', controllable: false, count: 1, share: 0.5 },
      { month: '2026-02', reasonCode: 'service_failure', controllable: true, count: 1, share: 0.5 },
    ]);

    const shares = await defectionReasonShares(t.deps.db, other.id, {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
    expect(shares).toEqual([
      { reasonCode: 'price', controllable: true, count: 2, share: 0.5 },
      { reasonCode: 'moved_or_no_need', controllable: false, count: 1, share: 0.25 },
      { reasonCode: 'service_failure', controllable: true, count: 1, share: 0.25 },
    ]);
    const byMonth = await defectionReasonShares(t.deps.db, other.id, { groupBy: 'month' });
    expect(byMonth.filter((r) => r.group === '2026-01')).toEqual([
      { reasonCode: 'price', controllable: true, count: 2, share: 1, group: '2026-01' },
    ]);
    // Nobody is scored: every defection falls in the null tier group.
    const byTier = await defectionReasonShares(t.deps.db, other.id, { groupBy: 'tier' });
    expect(byTier.reduce((s, r) => s + r.count, 0)).toBe(5);
    expect(new Set(byTier.map((r) => r.group))).toEqual(new Set([null]));
  });
});

describe('contract cancellations feed the register', () => {
  test('a cancelled contract records one defection (source contract_cancellation) in the same transaction', async () => {
    const c = await customer('Subscriber');
    const contract = await ok('POST', '/contracts', {
      customerId: c,
      plan: 'Fibre',
      startedAt: '2026-01-01T00:00:00Z',
      monthlyValueMinor: 4990,
    });
    const cancelled = await call('POST', `/contracts/${contract.id}/cancel`, {
      reason: 'Found a cheaper offer',
      cancelledAt: '2026-05-20T00:00:00Z',
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const { items } = await ok('GET', `/defections?source=contract_cancellation&customerId=${c}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      contractId: contract.id,
      reasonCode: null,
      freeText: 'Found a cheaper offer',
      recordedBy: 'system',
      defectedAt: '2026-05-20T00:00:00.000Z',
    });
    expect(await events('customer.defected', c)).toHaveLength(1);
    // A reason given as a taxonomy code becomes the defection's reason.
    const second = await ok('POST', '/contracts', {
      customerId: c,
      plan: 'Mobile',
      startedAt: '2026-01-01T00:00:00Z',
      monthlyValueMinor: 1990,
    });
    await ok('POST', `/contracts/${second.id}/cancel`, { reason: 'price' });
    const coded = (await ok('GET', `/defections?source=contract_cancellation&customerId=${c}&reason=price`)).items;
    expect(coded).toHaveLength(1);
    expect(coded[0]).toMatchObject({ contractId: second.id, freeText: null, controllable: true });
    // Cancelling again is refused, and the register keeps one row per contract.
    expect((await call('POST', `/contracts/${second.id}/cancel`, { reason: 'price' })).status).toBe(409);
    expect((await ok('GET', `/defections?customerId=${c}`)).items).toHaveLength(2);
  });
});

describe('lapsed customers', () => {
  test('after scoring, customers under the P(alive) threshold are lapsed once, apart from confirmed defections', async () => {
    const lw = await t.workspace('Lapses');
    const o = async (method: string, path: string, body?: unknown) => {
      const r = await t.request(method, `/api/v1${path}`, { token: lw.ownerToken, body });
      expect(r.status, r.text).toBeLessThan(300);
      return r.body;
    };
    // The value engine fits BG/NBD from 20 customers: 6 weekly buyers who stopped eight months
    // ago (the first of them confirmed as a defection) and 18 who still buy every 2–4 weeks.
    const ids: string[] = [];
    const items: unknown[] = [];
    const day = 86_400_000;
    const start = Date.parse('2025-06-01T10:00:00Z');
    for (let i = 0; i < 24; i++) {
      const id = (await o('POST', '/customers', { name: `Buyer ${i}` })).id as string;
      ids.push(id);
      const [every, until] =
        i < 6 ? [7, Date.parse('2025-09-15T00:00:00Z')] : [14 + 7 * (i % 3), Date.parse('2026-05-28T00:00:00Z')];
      for (let at = start + (i % 5) * day; at < until; at += every * day)
        items.push({
          customerId: id,
          occurredAt: new Date(at).toISOString(),
          lines: [{ quantity: 1, unitPriceMinor: 1000, unitCostMinor: 500 }],
        });
    }
    for (let i = 0; i < items.length; i += 1000)
      await o('POST', '/transactions/batch', { items: items.slice(i, i + 1000) });
    await o('POST', `/customers/${ids[1]}/defections`, { reasonCode: 'price' });
    await scoreWorkspace(t.deps, lw.id);
    const scores = await queryRows<{ customer_id: string; p_alive: number | null }>(
      t.deps.db,
      sql`select customer_id, p_alive from customer_scores where workspace_id = ${lw.id}`,
    );
    const pAlive = new Map(scores.map((s) => [s.customer_id, s.p_alive]));
    // The model: those who stopped are far less likely alive than the steady buyers (threshold 0.3 between them).
    const stopped = ids.slice(0, 6);
    const steady = ids.slice(6);
    for (const id of stopped) expect(pAlive.get(id)).toBeLessThan(0.3);
    for (const id of steady) expect(pAlive.get(id)).toBeGreaterThanOrEqual(0.3);
    const expected = stopped.filter((id) => id !== ids[1]).sort();
    const lapsedIds = async () =>
      (await o('GET', '/lapsed-customers?limit=500')).items.map((l: { customerId: string }) => l.customerId).sort();
    expect(await lapsedIds()).toEqual(expected);
    const lapsedEvents = await queryRows<{ customer_id: string }>(
      t.deps.db,
      sql`select customer_id from domain_events where workspace_id = ${lw.id} and type = 'customer.lapsed'`,
    );
    expect(lapsedEvents.map((e) => e.customer_id).sort()).toEqual(expected);
    // Idempotent: a second pass changes and announces nothing.
    expect(await markLapsedCustomers(t.deps, lw.id)).toEqual({ lapsed: 0, recovered: 0, failed: 0 });
    // A higher bar than everyone's P(alive) lapses the rest, except the confirmed defection.
    await o('PATCH', '/defection-settings', { lapseThreshold: 0.999999 });
    const second = await markLapsedCustomers(t.deps, lw.id);
    expect(second.failed).toBe(0);
    const all = await lapsedIds();
    expect(all).toHaveLength(23);
    expect(all).not.toContain(ids[1]);
    // A lower bar un-lapses; a win-back of a lapsed customer clears the lapse.
    await o('PATCH', '/defection-settings', { lapseThreshold: 0.3 });
    await markLapsedCustomers(t.deps, lw.id);
    expect(await lapsedIds()).toEqual(expected);
    const back = await o('POST', `/customers/${ids[0]}/reactivations`, {});
    expect(back.defectionId).toBeNull();
    expect(await lapsedIds()).toEqual(expected.filter((id) => id !== ids[0]));
    expect((await o('GET', `/customers/${ids[0]}/defection-history`)).lapse).toBeNull();
    expect(
      (await t.request('PATCH', '/api/v1/defection-settings', { token: lw.ownerToken, body: { lapseThreshold: 1 } }))
        .status,
    ).toBe(422);
  });
});
