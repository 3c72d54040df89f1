// The customer list's value columns, sorted by each with keyset cursors (nulls last), the total
// (exact up to a limit the test sets low, estimated above), bulk actions and the CSV export.
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../ids.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { encodeCursor } from '../../lib/cursor.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const get = (path: string) => t.request('GET', `/api/v1${path}`, { token: ws.ownerToken });
const post = (path: string, body: unknown) => t.request('POST', `/api/v1${path}`, { token: ws.ownerToken, body });

type Seed = {
  name: string;
  tier?: string;
  clv?: number;
  pAlive?: number;
  risk?: number;
  points?: number;
  lastPurchase?: string;
};
// Ties (clv 500, pAlive 0.5, risk 0.2, points 10, tier gold) and customers without a value check
// the id tie-break and nulls last.
const seeds: Seed[] = [
  { name: 'Ana', tier: 'platinum', clv: 9000, pAlive: 0.9, risk: 0.1, points: 1190, lastPurchase: '2026-05-01' },
  { name: 'Bia', tier: 'gold', clv: 500, pAlive: 0.5, risk: 0.2, points: 10, lastPurchase: '2026-03-01' },
  { name: 'Caio', tier: 'gold', clv: 500, pAlive: 0.5, risk: 0.2, points: 10, lastPurchase: '2026-03-01' },
  { name: 'Davi', tier: 'iron', clv: 120, pAlive: 0.2, risk: 0.7, points: 0, lastPurchase: '2025-11-20' },
  { name: 'Eva', tier: 'lead', clv: 0, pAlive: 0.05, lastPurchase: '2024-01-01' },
  { name: 'Fábio' },
  { name: 'Gil', points: 55 },
  { name: 'Hugo', tier: 'gold', clv: 2000, pAlive: 0.75, risk: 0.4 },
];
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp({ app: { customerListExactTotalUpTo: 5 } });
  ws = await t.workspace('Lists');
  const db = t.deps.db;
  for (const s of seeds) {
    const res = await post('/customers', { name: s.name, tags: ['seeded'] });
    expect(res.status, res.text).toBe(201);
    const id = res.body.id as string;
    ids.set(s.name, id);
    if (s.tier)
      await db.execute(sql`insert into customer_scores (workspace_id, customer_id, run_id, frequency, monetary_minor,
          tenure_days, revenue_minor, gross_margin_minor, interaction_cost_minor, complaint_cost_minor, reward_cost_minor,
          cost_to_serve_minor, net_profit_minor, historical_clv_minor, tier, clv_minor, p_alive)
        values (${ws.id}, ${id}, ${newId()}, 1, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, ${s.tier}, ${s.clv}, ${s.pAlive})`);
    if (s.risk !== undefined)
      await db.execute(sql`insert into churn_risk (workspace_id, customer_id, run_id, basis, risk, drivers,
          value_at_stake_minor, expected_loss_minor, computed_at)
        values (${ws.id}, ${id}, ${newId()}, 'purchase', ${s.risk}, '[]'::jsonb, 0, 0, now())`);
    if (s.points !== undefined)
      await db.execute(sql`insert into loyalty_accounts (workspace_id, customer_id, balance, enrolled_at)
        values (${ws.id}, ${id}, ${s.points}, now())`);
    if (s.lastPurchase) {
      const sale = await post('/transactions', {
        customerId: id,
        occurredAt: `${s.lastPurchase}T10:00:00Z`,
        lines: [{ quantity: '1', unitPriceMinor: 1000 }],
      });
      expect(sale.status, sale.text).toBeLessThan(300);
    }
  }
});
afterAll(() => t.close());

const tierRank: Record<string, number> = { lead: 1, iron: 2, gold: 3, platinum: 4 };
const valueOf = (s: Seed, column: string): number | null => {
  const v =
    column === 'tier'
      ? s.tier && tierRank[s.tier]
      : column === 'predictedClv'
        ? s.clv
        : column === 'lastPurchaseAt'
          ? s.lastPurchase && Date.parse(s.lastPurchase)
          : (s[column as 'pAlive' | 'points'] ?? (column === 'churnRisk' ? s.risk : undefined));
  return v === undefined || v === null ? null : Number(v);
};

/** The expected order: by value (nulls last in both directions), ties by id in the same direction. */
function expectedOrder(column: string, desc: boolean): string[] {
  const rows = seeds.map((s) => ({ id: ids.get(s.name) as string, v: valueOf(s, column) }));
  rows.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v === b.v) return (a.id < b.id ? -1 : 1) * (desc ? -1 : 1);
      return a.v === null ? 1 : -1;
    }
    if (a.v !== b.v) return (a.v - b.v) * (desc ? -1 : 1);
    return (a.id < b.id ? -1 : 1) * (desc ? -1 : 1);
  });
  return rows.map((r) => r.id);
}

async function walk(sort: string, limit = 3): Promise<{ ids: string[]; first: any }> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let first: any;
  do {
    const res = await get(`/customers?tag=seeded&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    first ??= res.body;
    seen.push(...res.body.items.map((c: { id: string }) => c.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids: seen, first };
}

describe('the customer list', () => {
  test('shows each customer’s values, null where a domain knows nothing', async () => {
    const res = await get(`/customers?tag=seeded&sort=name&limit=50`);
    const ana = res.body.items.find((c: { name: string }) => c.name === 'Ana');
    expect(ana.values).toEqual({
      tier: 'platinum',
      predictedClv: 9000,
      pAlive: 0.9,
      churnRisk: 0.1,
      lastPurchaseAt: '2026-05-01T10:00:00.000Z',
      points: 1190,
    });
    const fabio = res.body.items.find((c: { name: string }) => c.name === 'Fábio');
    expect(Object.values(fabio.values)).toEqual([null, null, null, null, null, null]);
  });

  test.each(['tier', 'predictedClv', 'pAlive', 'churnRisk', 'lastPurchaseAt', 'points'])(
    'sorts by %s both ways, nulls last, pages continuous',
    async (column) => {
      for (const desc of [false, true]) {
        const { ids: got } = await walk(`${desc ? '-' : ''}${column}`);
        expect(got).toEqual(expectedOrder(column, desc));
      }
    },
  );

  test('the total is exact up to the limit, estimated and flagged above it; later pages carry none', async () => {
    const all = await walk('name', 3);
    expect(all.first.estimated).toBe(true);
    expect(all.first.total).toBeGreaterThan(5);
    const few = await get('/customers?tag=seeded&tier=gold&limit=1');
    expect(few.body).toMatchObject({ total: 3, estimated: false });
    const next = await get(`/customers?tag=seeded&tier=gold&limit=1&cursor=${few.body.nextCursor}`);
    expect(next.body).toMatchObject({ total: null, estimated: false });
  });

  test('a bad sort key or cursor is a 4xx naming it', async () => {
    expect((await get('/customers?sort=shoeSize')).status).toBe(422);
    const byClv = await get('/customers?tag=seeded&sort=predictedClv&limit=2');
    const other = await get(`/customers?tag=seeded&sort=points&cursor=${byClv.body.nextCursor}`);
    expect(other.status).toBe(422);
    expect(other.text).toContain('query.cursor');
    const forged = encodeCursor(['predictedClv', '1; drop table customers', ids.get('Ana')]);
    expect((await get(`/customers?sort=predictedClv&cursor=${forged}`)).status).toBe(422);
    const nullOnName = encodeCursor(['name', null, ids.get('Ana')]);
    expect((await get(`/customers?sort=name&cursor=${nullOnName}`)).status).toBe(422);
  });
});

describe('bulk actions', () => {
  test('tag by ids and by the filters', async () => {
    const byIds = await post('/customers/bulk/tag', { selection: { ids: [ids.get('Ana')] }, tags: ['VIP'] });
    expect(byIds.body).toEqual({ matched: 1, changed: 1 });
    const byFilter = await post('/customers/bulk/tag', {
      selection: { filter: { tag: 'seeded', tier: 'gold' } },
      tags: ['vip'],
    });
    expect(byFilter.body).toEqual({ matched: 3, changed: 3 });
    const tagged = await get('/customers?tag=vip&sort=name');
    expect(tagged.body.items.map((c: { name: string }) => c.name)).toEqual(['Ana', 'Bia', 'Caio', 'Hugo']);
    expect(tagged.body.items[0].tags).toEqual(['seeded', 'vip']);
    const bad = await post('/customers/bulk/tag', { selection: { ids: [] }, tags: ['x'] });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  test('assign an account manager through the books (recorded in the history)', async () => {
    const am = await ws.member('account_manager');
    const res = await post('/customers/bulk/assign', {
      selection: { filter: { tag: 'seeded', tier: 'gold' } },
      userId: am.id,
      reason: 'new book',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ matched: 3, changed: 3 });
    const mine = await get(`/customers?accountManagerId=${am.id}&sort=name`);
    expect(mine.body.items.map((c: { name: string }) => c.name)).toEqual(['Bia', 'Caio', 'Hugo']);
    const agent = await ws.token('agent');
    const refused = await t.request('POST', '/api/v1/customers/bulk/assign', {
      token: agent,
      body: { selection: { ids: [ids.get('Ana')] }, userId: am.id },
    });
    expect(refused.status).toBe(403);
  });

  test('save the selection as a segment of exactly those customers', async () => {
    const res = await post('/customers/bulk/segment', {
      selection: { ids: [ids.get('Davi'), ids.get('Eva')] },
      name: 'Win-back São Paulo',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ matched: 2, changed: 2 });
    expect(res.body.tag).toMatch(/^segment-win-back-sao-paulo-/);
    const preview = await get(`/segments/${res.body.segmentId}/preview`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.count).toBe(2);
  });
});

describe('export', () => {
  test('carries the filters and the value columns', async () => {
    const res = await get('/customers/export.csv?tag=seeded&tier=gold');
    expect(res.status, res.text).toBe(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name).sort()).toEqual(['Bia', 'Caio', 'Hugo']);
    const hugo = rows.find((r) => r.name === 'Hugo') as Record<string, string>;
    expect(hugo).toMatchObject({
      tier: 'gold',
      predicted_clv_minor: '2000',
      p_alive: '0.75',
      churn_risk: '0.4',
      last_purchase_at: '',
      loyalty_points: '',
    });
    const picked = await get(`/customers/export.csv?ids=${ids.get('Ana')},${ids.get('Gil')}`);
    const names = (parse(picked.text, { columns: true }) as Record<string, string>[]).map((r) => r.name).sort();
    expect(names).toEqual(['Ana', 'Gil']);
    expect((await get('/customers/export.csv?ids=nope')).status).toBe(422);
  });
});
