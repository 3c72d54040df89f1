// Erasure and export across every domain, through the API. The erasure test seeds a demo business,
// then reads the catalogue (every text, varchar, json, jsonb and text[] column of every table in
// the public schema) and scans all of them, and the captured logs, for the erased person's name,
// e-mail and phone: zero hits afterwards. A new table that keeps personal data fails this test
// until its domain adds an eraser.
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { queryRows } from '../db/client.ts';
import { newId } from '../ids.ts';
import { loadDemo } from './demo/load-demo.ts';

let t: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  t = await createTestApp({ log });
  t.clock.set(new Date('2026-11-02T12:00:00Z'));
});
afterAll(() => t.close());

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

type Hit = { table: string; column: string; rows: number };

/** Every text-like column of every public table that mentions a needle (case- and accent-insensitive). */
async function scanCatalogue(needles: string[]): Promise<Hit[]> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    t.deps.db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public'
          and (data_type in ('text', 'character varying', 'json', 'jsonb') or udt_name in ('_text', '_varchar'))
        order by table_name, column_name`,
  );
  const patterns = sql.join(
    needles.map((n) => sql`${`%${fold(n)}%`}`),
    sql`, `,
  );
  const hits: Hit[] = [];
  for (const c of columns) {
    const [r] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from ${sql.identifier(c.table_name)}
          where public.f_unaccent(lower(${sql.identifier(c.column_name)}::text)) like any (array[${patterns}])`,
    );
    if (r && r.n > 0) hits.push({ table: c.table_name, column: c.column_name, rows: r.n });
  }
  return hits;
}

describe('erasure', () => {
  test('after erasure no text or JSON column of any table, nor the logs, mention the person', async () => {
    const w = await t.workspace('Erasure');
    await loadDemo(t.deps, { workspaceId: w.id, customers: 60, seed: 11, end: new Date('2026-11-01T00:00:00Z') });
    // The demo customer with the richest history whose name no other customer shares.
    const [person] = await queryRows<{ id: string; name: string; email: string; phone: string }>(
      t.deps.db,
      sql`select c.id, c.name, c.email, c.phone from customers c
          where c.workspace_id = ${w.id}
            and (select count(*) from customers o where o.workspace_id = c.workspace_id and o.name = c.name) = 1
          order by (select count(*) from complaints x where x.workspace_id = c.workspace_id and x.customer_id = c.id) * 10
                 + (select count(*) from surveys x where x.workspace_id = c.workspace_id and x.customer_id = c.id) * 5
                 + (select count(*) from contracts x where x.workspace_id = c.workspace_id and x.customer_id = c.id) * 5
                 + (select count(*) from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id) desc,
                 c.id
          limit 1`,
    );
    if (!person) throw new Error('the demo loaded no customer');
    const id = person.id;
    const ok = async (method: string, path: string, body?: unknown, status = [200, 201]) => {
      const res = await t.request(method, `/api/v1${path}`, { token: w.ownerToken, body });
      if (res.status === 500) console.log(logLines.filter((l) => l.includes('"level":50')).join('\n'));
      if (!status.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      return res.body;
    };
    // Free texts that quote the person, in every domain that takes them.
    const quote = `${person.name} (${person.email}, ${person.phone})`;
    await ok('POST', '/interactions', {
      customerId: id,
      occurredAt: '2026-11-01T10:00:00Z',
      channel: 'phone',
      direction: 'inbound',
      type: 'support',
      summary: `Spoke with ${quote} about the invoice`,
    });
    await ok('POST', '/feedback', { kind: 'agent_note', customerId: id, body: `${quote} may leave next month` });
    await ok('POST', '/tasks', { title: `Call back ${person.name}`, customerId: id, assigneeId: w.ownerId });
    await ok('POST', '/complaints', {
      customerId: id,
      category: 'billing',
      channel: 'email',
      subject: `Charged twice — ${person.name}`,
      description: `Write to ${person.email} or call ${person.phone}.`,
    });
    // Consent given by the person's own e-mail, then a survey: the outbox holds their address.
    await ok('PUT', `/customers/${id}/consents`, {
      consents: [{ channel: 'email', purpose: 'service', granted: true, source: `mail from ${person.email}` }],
    });
    await ok('POST', '/surveys', { customerId: id, kind: 'nps' });
    await ok('POST', '/privacy/requests', { customerId: id, kind: 'erasure', note: `Asked by ${person.email}` });

    const needles = [person.name, person.email, person.phone];
    const before = await scanCatalogue(needles);
    const tables = [...new Set(before.map((h) => h.table))];
    // The scanner sees the person in many places before (so its "nothing" afterwards means something).
    for (const table of [
      'customers',
      'interactions',
      'feedback_entries',
      'tasks',
      'complaints',
      'consent_changes',
      'domain_events',
      'privacy_requests',
    ])
      expect(tables, table).toContain(table);

    const erased = await ok('POST', `/customers/${id}/erase`, { confirm: 'ERASE' });
    expect(erased.customerId).toBe(id);
    expect(erased.erasers).toContain('complaints');

    expect(await scanCatalogue(needles)).toEqual([]);
    const logged = logLines.map(fold).filter((l) => needles.some((n) => l.includes(fold(n))));
    expect(logged).toEqual([]);

    // Amounts stay under the id; the person is a placeholder; derived scores are gone.
    const [after] = await queryRows<Record<string, number | string | null>>(
      t.deps.db,
      sql`select c.name, c.email, c.erased_at is not null as erased,
                 (select count(*)::int from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id) as transactions,
                 (select count(*)::int from customer_scores x where x.workspace_id = c.workspace_id and x.customer_id = c.id) as scores,
                 (select count(*)::int from churn_risk x where x.workspace_id = c.workspace_id and x.customer_id = c.id) as churn
          from customers c where c.workspace_id = ${w.id} and c.id = ${id}`,
    );
    expect(after).toMatchObject({ name: 'Erased customer', email: null, erased: true, scores: 0, churn: 0 });
    expect(after?.transactions).toBeGreaterThan(0);

    // Other systems follow: one customer.erased event carrying only the id.
    const events = await ok('GET', `/events?type=customer.erased&customerId=${id}`);
    expect(events.items).toHaveLength(1);
    expect(events.items[0].payload).toEqual({ customerId: id });

    // Irreversible, and once.
    const again = await t.request('POST', `/api/v1/customers/${id}/erase`, {
      token: w.ownerToken,
      body: { confirm: 'ERASE' },
    });
    expect(again.status).toBe(409);
  }, 300_000);

  test('erasure needs the confirmation word, an owner or admin, and an existing customer', async () => {
    const w = await t.workspace();
    const c = await t.request('POST', '/api/v1/customers', {
      token: w.ownerToken,
      body: { name: 'Rita Lopes', email: 'rita@example.com' },
    });
    expect(c.status).toBe(201);
    const path = `/api/v1/customers/${c.body.id}/erase`;
    expect((await t.request('POST', path, { token: w.ownerToken, body: {} })).status).toBe(422);
    expect((await t.request('POST', path, { token: w.ownerToken, body: { confirm: 'yes' } })).status).toBe(422);
    const manager = await w.token('manager');
    expect((await t.request('POST', path, { token: manager, body: { confirm: 'ERASE' } })).status).toBe(403);
    const missing = `/api/v1/customers/${newId()}/erase`;
    expect((await t.request('POST', missing, { token: w.ownerToken, body: { confirm: 'ERASE' } })).status).toBe(404);
    const admin = await w.token('admin');
    const request = await t.request('POST', '/api/v1/privacy/requests', {
      token: admin,
      body: { customerId: c.body.id, kind: 'erasure' },
    });
    const access = await t.request('POST', '/api/v1/privacy/requests', {
      token: admin,
      body: { customerId: c.body.id, kind: 'access' },
    });
    const wrongKind = await t.request('POST', path, {
      token: admin,
      body: { confirm: 'ERASE', requestId: access.body.id },
    });
    expect(wrongKind.status).toBe(422);
    const done = await t.request('POST', path, {
      token: admin,
      body: { confirm: 'ERASE', requestId: request.body.id },
    });
    expect(done.status).toBe(200);
    // The erasure request is completed, with the erasers as its proof.
    const closed = await t.request('GET', `/api/v1/privacy/requests/${request.body.id}`, { token: admin });
    expect(closed.body.status).toBe('completed');
    expect(closed.body.proof.actions).toContain('complaints');
    const profile = await t.request('GET', `/api/v1/customers/${c.body.id}`, { token: admin });
    expect(profile.body).toMatchObject({ name: 'Erased customer', email: null });
  });
});

describe('export', () => {
  test('a customer with 10,000 rows exports as streamed JSON and as a zip of CSVs', async () => {
    const w = await t.workspace('Export');
    const c = await t.request('POST', '/api/v1/customers', {
      token: w.ownerToken,
      body: { name: 'Big Buyer', email: 'big@example.com' },
    });
    const id = c.body.id as string;
    // 2,500 purchases of 3 lines each: 10,000 rows about one customer.
    await t.deps.db.execute(sql`
      insert into transactions (workspace_id, id, customer_id, occurred_at, currency, total_minor, gross_margin_minor)
      select ${w.id}, gen_random_uuid(), ${id}, timestamptz '2024-01-01' + g * interval '1 hour', 'BRL', 3000, 900
      from generate_series(1, 2500) g`);
    await t.deps.db.execute(sql`
      insert into transaction_lines (workspace_id, transaction_id, line_no, quantity, unit_price_minor, total_minor)
      select ${w.id}, t.id, l, 1, 1000, 1000
      from transactions t, generate_series(1, 3) l
      where t.workspace_id = ${w.id} and t.customer_id = ${id}`);

    const started = performance.now();
    const res = await t.app.request(`/api/v1/customers/${id}/export?format=json`, {
      headers: { authorization: `Bearer ${w.ownerToken}` },
    });
    expect(res.status).toBe(200);
    const bundle = JSON.parse(await res.text());
    const jsonSeconds = (performance.now() - started) / 1000;
    expect(bundle.sections.transactions).toHaveLength(2500);
    expect(bundle.sections.transactionLines).toHaveLength(7500);
    expect(bundle.counts.transactions + bundle.counts.transactionLines).toBe(10_000);
    expect(bundle.sections.profile[0]).toMatchObject({ id, name: 'Big Buyer', email: 'big@example.com' });
    for (const section of ['consents', 'complaints', 'loyaltyLedger', 'scores', 'events', 'campaignMemberships'])
      expect(bundle.sections, section).toHaveProperty(section);

    const zipStarted = performance.now();
    const zipRes = await t.app.request(`/api/v1/customers/${id}/export?format=csv`, {
      headers: { authorization: `Bearer ${w.ownerToken}` },
    });
    expect(zipRes.status).toBe(200);
    expect(zipRes.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zipRes.arrayBuffer()));
    const zipSeconds = (performance.now() - zipStarted) / 1000;
    const lines = (name: string) =>
      strFromU8(files[name] as Uint8Array)
        .trimEnd()
        .split('\r\n');
    expect(lines('transactions.csv')).toHaveLength(2501);
    expect(lines('transactionLines.csv')).toHaveLength(7501);
    expect(lines('counts.csv')).toContain('transactionLines,7500');
    // Recorded in docs/benchmarks.md; the bound is the issue's, loose enough for a loaded machine.
    console.log(`export of 10,000 rows: JSON ${jsonSeconds.toFixed(2)} s, CSV zip ${zipSeconds.toFixed(2)} s`);
    expect(jsonSeconds).toBeLessThan(60);
  }, 120_000);

  test('an export made for a request records its hash; refusals are 4xx', async () => {
    const w = await t.workspace();
    const c = await t.request('POST', '/api/v1/customers', { token: w.ownerToken, body: { name: 'Lia Prado' } });
    const id = c.body.id as string;
    const r = await t.request('POST', '/api/v1/privacy/requests', {
      token: w.ownerToken,
      body: { customerId: id, kind: 'access' },
    });
    const res = await t.app.request(`/api/v1/customers/${id}/export?requestId=${r.body.id}`, {
      headers: { authorization: `Bearer ${w.ownerToken}` },
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const got = await t.request('GET', `/api/v1/privacy/requests/${r.body.id}`, { token: w.ownerToken });
    expect(got.body.exportSha256).toBe(sha);

    const other = await t.request('POST', '/api/v1/customers', { token: w.ownerToken, body: { name: 'Other' } });
    const wrong = await t.request('GET', `/api/v1/customers/${other.body.id}/export?requestId=${r.body.id}`, {
      token: w.ownerToken,
    });
    expect(wrong.status).toBe(422);
    expect((await t.request('GET', `/api/v1/customers/${id}/export?format=xml`, { token: w.ownerToken })).status).toBe(
      422,
    );
    expect((await t.request('GET', `/api/v1/customers/${newId()}/export`, { token: w.ownerToken })).status).toBe(404);
    const analyst = await w.token('analyst');
    expect((await t.request('GET', `/api/v1/customers/${id}/export`, { token: analyst })).status).toBe(403);
  });
});
