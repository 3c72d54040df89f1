// Customer search (`q`) on a real database (PGlite or PostgreSQL): accents and case ignored on
// either side, partial words, e-mail, phone and external id; a narrow search (its matches
// collected) and a broad one (paged by walking the order of creation) give the same pages in the
// same order, and a broad search's total is flagged as estimated.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { scoreMatches } from '../analytics/index.ts';
import { customerValueSources } from '../../workflows/customer-list.ts';
import { ListCustomersQuery } from './customers.dto.ts';
import { listCustomers } from './customers.read.ts';
import { upsertCustomersByExternalId } from './customers.repository.ts';
import { collectSearchMatches, planSearch, searchCondition } from './customers.search.repository.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const post = (path: string, body: unknown, token = ws.ownerToken) =>
  t.request('POST', `/api/v1${path}`, { token, body });
const get = (path: string, token = ws.ownerToken) => t.request('GET', `/api/v1${path}`, { token });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Search');
});
afterAll(() => t.close());

describe('search', () => {
  test('q finds by partial name, email, phone and external id; % is literal', async () => {
    const c = (
      await post('/customers', {
        name: 'Zélia Quintanilha',
        email: 'zq@quinta.example',
        phone: '+55 21 99876-5432',
        externalId: 'ZQ-4242',
      })
    ).body;
    for (const q of ['quintan', 'QUINTA.EXAMPLE', '998765', 'zq-42']) {
      const res = await get(`/customers?q=${encodeURIComponent(q)}`);
      expect(
        res.body.items.map((x: { id: string }) => x.id),
        q,
      ).toContain(c.id);
    }
    expect((await get(`/customers?q=${encodeURIComponent('%')}`)).body.items).toHaveLength(0);
  });

  test('q ignores accents and case on either side', async () => {
    const joao = (await post('/customers', { name: 'João Rodríguez Ñúñez', email: 'jrn@ex.example' })).body;
    const plain = (await post('/customers', { name: 'Helene Strasse', email: 'hs@ex.example' })).body;
    const ids = async (q: string) =>
      (await get(`/customers?q=${encodeURIComponent(q)}`)).body.items.map((x: { id: string }) => x.id);
    for (const q of ['Joao Rodriguez', 'JOÃO RODRÍGUEZ', 'joao rodríguez', 'nunez', 'ÑÚÑEZ'])
      expect(await ids(q), q).toContain(joao.id);
    expect(await ids('Hélène Straße'), 'accents in the query; ß folds to ss').toContain(plain.id);
    expect(await ids('Hélène Strase')).not.toContain(plain.id);
    expect(await ids('Joao Rodrigues')).not.toContain(joao.id);
  });

  test('search is answered from the trigram index', async () => {
    const big = await t.workspace('Big');
    const rows = Array.from({ length: 5_000 }, (_, i) => ({
      workspaceId: big.id,
      id: newId(),
      name: `Customer ${i} ${Math.random().toString(36).slice(2)}`,
      externalId: `big-${i}`,
    }));
    for (let i = 0; i < rows.length; i += 1000) await upsertCustomersByExternalId(t.deps.db, rows.slice(i, i + 1000));
    // New rows wait in GIN's pending list until (auto)vacuum merges them, as in production.
    await t.deps.db.execute(sql`vacuum analyze customers`);
    // At a few thousand rows a sequential scan is cheaper; seqscan is switched off so the plan
    // shows which index answers the query's shape (the benchmark shows speed at a million).
    const text = await t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select id from customers where workspace_id = ${big.id} and deleted_at is null and ${searchCondition(big.id, 'xq7zz')} order by created_at desc limit 50`,
      );
      return plan.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(text, text).toMatch(/Bitmap Index Scan on customers_search_trgm_idx/);
    expect(text, text).toMatch(/Index Cond: .*id = ANY/);
    const found = await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(rows[1234].name.split(' ')[2])}`, {
      token: big.ownerToken,
    });
    expect(found.body.items.map((c: { id: string }) => c.id)).toContain(rows[1234].id);

    // The statistics tell the words in most rows from the rare ones; only rare words go to the index,
    // and the whole pattern is still checked on each row (the word order and what lies between).
    const [, serial, random] = rows[1234].name.split(' ');
    const plan = await planSearch(t.deps.db, big.id, `Customer ${serial} ${random}`);
    expect(plan?.total).toBeGreaterThan(1000);
    expect(plan?.rareWords).toContain(random);
    expect(plan?.rareWords).not.toContain('customer');
    // Two letters make no trigram: however rare, such a word is never asked of the index alone.
    expect((await planSearch(t.deps.db, big.id, `${random} zq`))?.rareWords).toEqual([random]);
    const ids = (q: string, words: string[]) => collectSearchMatches(t.deps.db, big.id, q, 10, words);
    expect(await ids(`customer ${serial} ${random}`, [random])).toEqual([rows[1234].id]);
    expect(await ids(`${random} customer`, [random])).toEqual([]);
    // A search found in most rows is broad: a full first page, its total estimated.
    const broad = await t.request('GET', '/api/v1/customers?q=customer', { token: big.ownerToken });
    expect(broad.body.items).toHaveLength(50);
    expect(broad.body).toMatchObject({ estimated: true });
    expect(broad.body.total).toBeGreaterThan(2000);
  });

  test('a broad search pages like a narrow one: same customers, same order, total estimated', async () => {
    const shop = await t.workspace('Broad');
    // 14 Marias among 10 others, created a minute apart (some at the same minute: the id breaks ties).
    const base = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: 24 }, (_, i) => ({
      workspaceId: shop.id,
      id: newId(),
      name: i % 12 < 7 ? `María Conceição ${i}` : `Ana Souza ${i}`,
      externalId: `m-${i}`,
      createdAt: new Date(base + Math.floor(i / 2) * 60_000),
    }));
    await upsertCustomersByExternalId(t.deps.db, rows);
    const marias = rows
      .filter((r) => r.name.startsWith('María'))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const ctx = { db: t.deps.db, now: () => new Date() };
    // Broad: more than 3 matches; a page walks at most 10 rows (then collects): windows and fallback both run.
    const pages = async (q: string, sort: string, collectUpTo: number) => {
      const seen: string[] = [];
      const firsts: { total: number | null; estimated: boolean }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCustomers(ctx, shop.id, ListCustomersQuery.parse({ q, sort, limit: 4, cursor }), {
          scoreMatches,
          values: customerValueSources,
          search: { collectUpTo, walkUpTo: 10 },
        });
        seen.push(...page.items.map((c) => c.id));
        if (!cursor) firsts.push({ total: page.total, estimated: page.estimated });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { seen, first: firsts[0] };
    };
    const narrow = await pages('MARIA conceicao', '-createdAt', 100);
    expect(narrow.seen).toEqual(marias);
    expect(narrow.first).toEqual({ total: 14, estimated: false });
    const broad = await pages('maria concei', '-createdAt', 3);
    expect(broad.seen).toEqual(marias);
    expect(broad.first.estimated).toBe(true);
    expect(broad.first.total).toBeGreaterThan(3);
    const oldestFirst = await pages('Maria', 'createdAt', 3);
    expect(oldestFirst.seen).toEqual([...marias].reverse());
    // Other sorts and filters still hold on a broad search.
    const byName = await pages('maria', 'name', 3);
    expect(byName.seen).toHaveLength(14);
    expect(new Set(byName.seen)).toEqual(new Set(marias));
    expect((await pages('souza', '-createdAt', 3)).seen).toHaveLength(10);
    expect((await pages('nobody', '-createdAt', 3)).seen).toEqual([]);
  });
});
