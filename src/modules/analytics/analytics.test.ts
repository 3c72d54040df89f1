// The value engine through the HTTP API on a real database: a small hand-computed fixture
// (metrics, potential value, tiers and their reasons and events), incremental runs, settings,
// permissions and bad input.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { scoreWorkspace } from '../../workflows/score-customers.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = async (
  method: string,
  path: string,
  body?: unknown,
  token = ws.ownerToken,
  headers?: Record<string, string>,
) => t.request(method, `/api/v1${path}`, { token, body, headers });
const ids: Record<string, string> = {};

async function buy(customerId: string, occurredAt: string, priceMinor: number, costMinor: number) {
  const r = await call('POST', '/transactions', {
    customerId,
    occurredAt,
    lines: [{ sku: 'X', quantity: 1, unitPriceMinor: priceMinor, unitCostMinor: costMinor }],
  });
  expect(r.status, r.text).toBe(201);
}

const metric = (value: { metrics: { key: string; value: number | null }[] }, key: string) =>
  value.metrics.find((m) => m.key === key)?.value;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Value');
  expect(
    (await call('POST', '/products', { sku: 'X', name: 'Thing', listPriceMinor: 1000, unitCostMinor: 500 })).status,
  ).toBe(201);
  expect(
    (await call('PUT', '/cost-rates', { rates: [{ channel: 'phone', perContactMinor: 100, perMinuteMinor: 50 }] }))
      .status,
  ).toBe(200);
  for (const [key, body] of Object.entries({
    ana: { name: 'Ana', acquiredAt: '2024-06-01T00:00:00Z' },
    bruno: { name: 'Bruno', acquiredAt: '2026-05-01T00:00:00Z' },
    carla: { name: 'Carla', acquiredAt: '2025-08-01T00:00:00Z', declaredWalletMinor: 12_000 },
    dora: { name: 'Dora', acquiredAt: '2026-01-01T00:00:00Z' },
  })) {
    const r = await call('POST', '/customers', body);
    expect(r.status, r.text).toBe(201);
    ids[key] = r.body.id;
  }
  await buy(ids.ana, '2025-01-10T10:00:00Z', 5_000, 2_000); // before the 12-month window
  await buy(ids.ana, '2026-03-01T10:00:00Z', 20_000, 8_000);
  await buy(ids.ana, '2026-05-25T10:00:00Z', 10_000, 4_000);
  await buy(ids.bruno, '2026-05-30T10:00:00Z', 1_000, 900);
  await buy(ids.carla, '2025-09-01T10:00:00Z', 3_000, 1_000);
  // Contacts: 5 minutes = 100 + 5 × 50; 10 minutes = 100 + 10 × 50.
  expect(
    (
      await call('POST', '/interactions', {
        customerId: ids.ana,
        occurredAt: '2026-04-01T10:00:00Z',
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
        durationSeconds: 300,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await call('POST', '/interactions', {
        customerId: ids.bruno,
        occurredAt: '2026-05-31T10:00:00Z',
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
        durationSeconds: 600,
      })
    ).status,
  ).toBe(201);
  // Shares chosen so three profitable customers split 1 / 1 / 1.
  expect((await call('PUT', '/analytics/settings', { platinumShare: 0.3, goldShare: 0.3 })).status).toBe(200);
});
afterAll(() => t.close());

describe('before any run', () => {
  test('the pyramid counts everyone as unscored, the value is empty and there is no model', async () => {
    const pyramid = (await call('GET', '/analytics/pyramid')).body;
    expect(pyramid).toMatchObject({ computedAt: null, runId: null, currency: 'USD', windowMonths: 12, unscored: 4 });
    expect(pyramid.tiers.map((x: { tier: string }) => x.tier)).toEqual(['platinum', 'gold', 'iron', 'lead']);
    expect((await call('GET', `/customers/${ids.ana}/value`)).body).toMatchObject({
      customerId: ids.ana,
      computedAt: null,
      tier: null,
      rfm: null,
      metrics: [],
      clv: null,
    });
    const model = await call('GET', '/analytics/clv/model');
    expect(model.status).toBe(404);
    expect(model.body.code).toBe('no_model');
  });
});

describe('a full run on the hand-computed fixture', () => {
  beforeAll(async () => {
    const outcome = await scoreWorkspace(t.deps, ws.id, 'full');
    expect(outcome).toMatchObject({ customersScored: 4, tierChanges: 4 });
  });

  test("Ana's metrics match the hand computation", async () => {
    const value = (await call('GET', `/customers/${ids.ana}/value`)).body;
    const m = Object.fromEntries(value.metrics.map((x: { key: string; value: number | null }) => [x.key, x.value]));
    expect(m).toEqual({
      recency_days: 7, // 2026-05-25 → 2026-06-01
      frequency: 2, // the 2025 purchase is outside the window
      monetary_minor: 15_000,
      tenure_days: 730,
      revenue_minor: 30_000,
      gross_margin_minor: 18_000,
      cost_to_serve_minor: 350,
      net_profit_minor: 17_650,
      historical_clv_minor: 20_650, // all margin (21,000) − all cost (350)
      potential_value_minor: 30_000, // top quartile of peers' revenue: Ana herself
      share_of_wallet: 1,
    });
    expect(value.tier).toMatchObject({ tier: 'platinum', since: '2026-06-01T12:00:00.000Z' });
    expect(value.tier.reason).toMatch(/net profit of \$176\.50/);
    expect(value.metrics.find((x: { key: string }) => x.key === 'cost_to_serve_minor').explanation).toBe(
      'Serving this customer cost $3.50 in the last 12 months: $3.50 in contacts, $0.00 in complaint handling and compensation, $0.00 in loyalty rewards.',
    );
    // Too few buyers for a purchase model: no CLV, ranking by net profit.
    expect(value.clv).toBeNull();
    expect(value.modelVersion).toBeNull();
  });

  test('explanations follow Accept-Language, else the workspace locale', async () => {
    const pt = (
      await call('GET', `/customers/${ids.ana}/value`, undefined, ws.ownerToken, {
        'accept-language': 'pt-BR,pt;q=0.9',
      })
    ).body;
    expect(pt.locale).toBe('pt-BR');
    expect(pt.metrics.find((x: { key: string }) => x.key === 'frequency').explanation).toBe(
      '2 compras nos últimos 12 meses.',
    );
    const es = (
      await call('GET', `/customers/${ids.ana}/value`, undefined, ws.ownerToken, { 'accept-language': 'es-AR' })
    ).body;
    expect(es.metrics.find((x: { key: string }) => x.key === 'recency_days').explanation).toBe(
      'La última compra fue hace 7 días.',
    );
  });

  test('declared wallet, loss-makers and customers without purchases', async () => {
    const carla = (await call('GET', `/customers/${ids.carla}/value`)).body;
    expect(metric(carla, 'potential_value_minor')).toBe(12_000);
    expect(metric(carla, 'share_of_wallet')).toBe(0.25);
    expect(carla.tier.tier).toBe('gold');
    const bruno = (await call('GET', `/customers/${ids.bruno}/value`)).body;
    expect(metric(bruno, 'net_profit_minor')).toBe(100 - 600);
    expect(bruno.tier.tier).toBe('lead');
    expect(bruno.tier.reason).toBe(
      'Net profit over the last 12 months is -$5.00: serving this customer cost more than the margin they brought.',
    );
    const dora = (await call('GET', `/customers/${ids.dora}/value`)).body;
    expect(dora.tier.tier).toBe('iron');
    expect(dora.rfm).toBeNull();
    expect(metric(dora, 'recency_days')).toBeNull();
    expect(metric(dora, 'frequency')).toBe(0);
  });

  test('pyramid: all four tiers, shares summing to 1', async () => {
    const p = (await call('GET', '/analytics/pyramid')).body;
    expect(p.unscored).toBe(0);
    expect(p.computedAt).toBe('2026-06-01T12:00:00.000Z');
    expect(
      p.tiers.map((x: { tier: string; customers: number; revenueMinor: number; profitMinor: number }) => [
        x.tier,
        x.customers,
        x.revenueMinor,
        x.profitMinor,
      ]),
    ).toEqual([
      ['platinum', 1, 30_000, 17_650],
      ['gold', 1, 3_000, 2_000],
      ['iron', 1, 0, 0],
      ['lead', 1, 1_000, -500],
    ]);
    const sum = (k: string) => p.tiers.reduce((s: number, x: Record<string, number>) => s + x[k], 0);
    expect(sum('customerShare')).toBeCloseTo(1, 12);
    expect(sum('revenueShare')).toBeCloseTo(1, 12);
    expect(sum('profitShare')).toBeCloseTo(1, 12);
    expect(p.tiers[3].profitShare).toBe(0);
  });

  test('RFM: three buyers spread over the quintiles, every segment listed', async () => {
    const rfm = (await call('GET', '/analytics/rfm')).body;
    expect(rfm.cells).toHaveLength(25);
    expect(rfm.cells.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(3);
    expect(rfm.segments.map((s: { segment: string }) => s.segment)).toEqual([
      'champions',
      'loyal',
      'potential_loyalist',
      'new',
      'promising',
      'need_attention',
      'about_to_sleep',
      'at_risk',
      'cant_lose',
      'hibernating',
      'lost',
    ]);
    // Recency ranks Carla (273 days) 1, Ana (7) 2, Bruno (2) 3.
    const ana = (await call('GET', `/customers/${ids.ana}/value`)).body.rfm;
    expect(ana).toMatchObject({ recency: 2, frequency: 3, monetary: 3 });
    const carla = (await call('GET', `/customers/${ids.carla}/value`)).body.rfm;
    expect(carla.recency).toBe(1);
  });

  test('every first tier is a stored change and a customer.tier_changed event on the timeline', async () => {
    const changes = (await call('GET', `/customers/${ids.bruno}/tier-changes`)).body.items;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ fromTier: null, toTier: 'lead', changedAt: '2026-06-01T12:00:00.000Z' });
    const events = (await call('GET', '/events?type=customer.tier_changed')).body.items;
    expect(events).toHaveLength(4);
    expect(events.find((e: { customerId: string }) => e.customerId === ids.ana)).toMatchObject({
      summary: 'Tier set to Platinum',
      payload: { from: null, to: 'platinum' },
    });
    // Change ids are time-ordered (UUIDv7) and no change shares its id with its event.
    expect(changes[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events.map((e: { id: string }) => e.id)).not.toContain(changes[0].id);
    const timeline = (await call('GET', `/customers/${ids.bruno}/timeline`)).body.items;
    expect(
      timeline.some(
        (e: { type: string; title: string }) => e.type === 'customer.tier_changed' && e.title === 'Tier set to Lead',
      ),
    ).toBe(true);
  });

  test('the customer list filters by tier and RFM segment', async () => {
    const byTier = (await call('GET', '/customers?tier=lead')).body.items.map((c: { id: string }) => c.id);
    expect(byTier).toEqual([ids.bruno]);
    const carla = (await call('GET', `/customers/${ids.carla}/value`)).body.rfm.segment;
    const bySegment = (await call('GET', `/customers?rfmSegment=${carla}`)).body.items.map((c: { id: string }) => c.id);
    expect(bySegment).toContain(ids.carla);
    expect((await call('GET', '/customers?tier=diamond')).status).toBe(422);
  });

  test('a second full run with nothing new changes no tier and emits nothing', async () => {
    t.clock.advance(60_000);
    expect(await scoreWorkspace(t.deps, ws.id, 'full')).toMatchObject({ customersScored: 4, tierChanges: 0 });
    expect((await call('GET', '/events?type=customer.tier_changed')).body.items).toHaveLength(4);
    expect((await call('GET', `/customers/${ids.ana}/value`)).body.tier.since).toBe('2026-06-01T12:00:00.000Z');
  });

  test('an incremental run touches only the customers with new activity', async () => {
    t.clock.advance(3_600_000);
    await buy(ids.dora, '2026-06-01T12:30:00Z', 60_000, 10_000);
    const before = (await call('GET', `/customers/${ids.ana}/value`)).body.computedAt;
    const outcome = await scoreWorkspace(t.deps, ws.id, 'incremental');
    expect(outcome).toMatchObject({ customersScored: 1, tierChanges: 1 });
    expect(outcome.run.mode).toBe('incremental');
    expect((await call('GET', `/customers/${ids.ana}/value`)).body.computedAt).toBe(before);
    const dora = (await call('GET', `/customers/${ids.dora}/value`)).body;
    expect(dora.computedAt).not.toBe(before);
    // Against the full run's cut-off (Ana's 17,650), Dora's 50,000 is Platinum.
    expect(dora.tier.tier).toBe('platinum');
    const changes = (await call('GET', `/customers/${ids.dora}/tier-changes`)).body.items;
    expect(changes.map((c: { fromTier: string; toTier: string }) => [c.fromTier, c.toTier])).toEqual([
      ['iron', 'platinum'],
      [null, 'iron'],
    ]);
    const runs = (await call('GET', '/analytics/score-runs')).body.items;
    expect(runs.map((r: { mode: string; status: string }) => [r.mode, r.status])).toEqual([
      ['incremental', 'succeeded'],
      ['full', 'succeeded'],
      ['full', 'succeeded'],
    ]);
  });

  test('after a merge the survivor keeps its own tier, start and reason until the next run', async () => {
    // Dora's latest change (iron → platinum, an hour later than Ana's) must not become Ana's.
    const merged = await call('POST', `/customers/${ids.ana}/merge`, { mergeId: ids.dora });
    expect(merged.status).toBe(200);
    const ana = (await call('GET', `/customers/${ids.ana}/value`)).body.tier;
    expect(ana).toMatchObject({ tier: 'platinum', since: '2026-06-01T12:00:00.000Z' });
    expect(ana.reason).toMatch(/net profit of \$176\.50/);
    const changes = (await call('GET', `/customers/${ids.ana}/tier-changes`)).body.items;
    expect(changes.map((c: { fromTier: string; toTier: string }) => [c.fromTier, c.toTier])).toEqual([
      [null, 'platinum'],
    ]);
  });
});

describe('settings, permissions and bad input', () => {
  test('settings are validated', async () => {
    const defaults = (await call('GET', '/analytics/settings')).body;
    expect(defaults).toMatchObject({
      windowMonths: 12,
      platinumShare: 0.3,
      goldShare: 0.3,
      rankBy: 'clv',
      annualDiscountRate: 0.1,
      horizonWeeks: 52,
    });
    for (const bad of [
      { platinumShare: 0.6 },
      { platinumShare: 0.5, goldShare: 0.6 },
      { windowMonths: 0 },
      { windowMonths: 2.5 },
      { rankBy: 'revenue' },
      { surprise: true },
      { clvMargin: 2 },
    ]) {
      const r = await call('PUT', '/analytics/settings', bad);
      expect(r.status, JSON.stringify(bad)).toBe(422);
      expect(r.body.errors.length).toBeGreaterThan(0);
    }
    const malformed = await t.request('PUT', '/api/v1/analytics/settings', {
      token: ws.ownerToken,
      raw: '{"windowMonths":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const huge = await t.request('PUT', '/api/v1/analytics/settings', {
      token: ws.ownerToken,
      raw: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
  });

  test('ids: malformed → 422, another workspace’s customer → 404', async () => {
    expect((await call('GET', '/customers/not-a-uuid/value')).status).toBe(422);
    const other = await t.workspace('Elsewhere');
    expect((await call('GET', `/customers/${ids.ana}/value`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('GET', `/customers/${ids.ana}/tier-changes`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('GET', '/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/value')).status).toBe(404);
    expect((await call('GET', `/customers/${ids.ana}/tier-changes?limit=1000`)).status).toBe(422);
    expect((await call('POST', '/analytics/score-runs', { mode: 'partial' })).status).toBe(422);
  });

  test('roles: agents read a customer’s value only; analysts read the analytics; managers run', async () => {
    const agent = await ws.token('agent');
    expect((await call('GET', `/customers/${ids.ana}/value`, undefined, agent)).status).toBe(200);
    expect((await call('GET', '/analytics/pyramid', undefined, agent)).status).toBe(403);
    const analyst = await ws.token('analyst');
    expect((await call('GET', '/analytics/pyramid', undefined, analyst)).status).toBe(200);
    expect((await call('GET', '/analytics/rfm', undefined, analyst)).status).toBe(200);
    expect((await call('POST', '/analytics/score-runs', {}, analyst)).status).toBe(403);
    expect((await call('PUT', '/analytics/settings', {}, analyst)).status).toBe(403);
    const manager = await ws.token('manager');
    const queued = await call('POST', '/analytics/score-runs', { mode: 'incremental' }, manager);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      mode: 'incremental',
      status: 'queued',
      requestedBy: expect.stringMatching(/^token:/),
    });
  });
});
