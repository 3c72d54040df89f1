// The kept count of live active customers (customer_active_counts, migration 0041's triggers)
// against a count of the rows, after every way a customer appears, changes or goes: the API
// (create, defect, delete, merge), bulk SQL inserts, updates and deletes in one statement, another
// workspace's writes, and the log folded into one row. PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import { countActiveCustomers } from './customers.sources.ts';
import * as repo from './customers.repository.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let other: Awaited<ReturnType<TestApp['workspace']>>;

const post = async (w: typeof ws, path: string, body: unknown) => {
  const res = await t.request('POST', `/api/v1${path}`, { token: w.ownerToken, body });
  expect(res.status, res.text.slice(0, 200)).toBeLessThan(300);
  return res.body;
};

/** The kept count equals the rows' (a filter that picks everyone reads the rows), in both workspaces. */
async function expectSameCount(expected?: number) {
  for (const w of [ws, other]) {
    const rows = await repo.countActiveCustomers(t.deps.db, w.id, () => sql`true`);
    expect(await countActiveCustomers(t.deps.db, w.id), w.id).toBe(rows);
    if (w === ws && expected !== undefined) expect(rows).toBe(expected);
  }
}

const logRows = async () =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int n from customer_active_counts where workspace_id = ${ws.id}`,
    )
  )[0].n;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Active counts');
  other = await t.workspace('Active counts, elsewhere');
});
afterAll(() => t.close());

describe('the kept count of active customers', () => {
  test('follows creation, defection, deletion and a merge through the API', async () => {
    await expectSameCount(0);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await post(ws, '/customers', { name: `Customer ${i}` })).id);
    await post(other, '/customers', { name: 'Elsewhere' });
    await expectSameCount(6);
    const defected = await t.request('PATCH', `/api/v1/customers/${ids[0]}`, {
      token: ws.ownerToken,
      body: { status: 'defected', defectedAt: '2026-10-01T00:00:00Z', defectionReason: 'price' },
    });
    expect(defected.status).toBe(200);
    await expectSameCount(5);
    expect((await t.request('DELETE', `/api/v1/customers/${ids[1]}`, { token: ws.ownerToken })).status).toBe(204);
    // A deleted customer that defected before: no change twice.
    expect((await t.request('DELETE', `/api/v1/customers/${ids[0]}`, { token: ws.ownerToken })).status).toBe(204);
    await expectSameCount(4);
    await post(ws, `/customers/${ids[2]}/merge`, { mergeId: ids[3] });
    await expectSameCount(3);
    // An update that changes nothing the count reads appends nothing.
    const before = await logRows();
    await t.deps.db.execute(sql`update customers set name = name || '.' where workspace_id = ${ws.id}`);
    expect(await logRows()).toBe(before);
  });

  test('follows bulk inserts, updates and deletes of many rows in one statement', async () => {
    await t.deps.db.execute(
      sql`insert into customers (workspace_id, id, name, status)
          select w, gen_random_uuid(), 'Bulk ' || g, case when g % 4 = 0 then 'defected' else 'active' end
          from (values (${ws.id}::uuid), (${other.id}::uuid)) v(w), generate_series(1, 40) g`,
    );
    await expectSameCount(33);
    await t.deps.db.execute(
      sql`update customers set status = case status when 'active' then 'defected' else 'active' end
          where workspace_id in (${ws.id}, ${other.id}) and name like 'Bulk 1%'`,
    );
    await t.deps.db.execute(
      sql`update customers set deleted_at = now() where workspace_id = ${ws.id} and name like 'Bulk 2%'`,
    );
    await t.deps.db.execute(
      sql`delete from customers where workspace_id in (${ws.id}, ${other.id}) and name like 'Bulk 3%'`,
    );
    await expectSameCount();
  });

  test('a read folds a long log into one row, and the count stays', async () => {
    for (let i = 0; i < 70; i++) await post(ws, '/customers', { name: `One by one ${i}` });
    expect(await logRows()).toBeGreaterThan(64);
    const n = await countActiveCustomers(t.deps.db, ws.id);
    expect(await logRows()).toBe(1);
    expect(await countActiveCustomers(t.deps.db, ws.id)).toBe(n);
    await expectSameCount();
  });
});
