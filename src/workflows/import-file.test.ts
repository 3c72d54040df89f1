// Imports end to end on a real database: every kind of bad input gets row-level errors or
// a clear failure, valid rows are kept, nothing half-applies, and re-imports converge.
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { importFile } from './import-file.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const run = (
  entity: 'customers' | 'products' | 'transactions' | 'interactions' | 'contracts',
  text: string | Buffer,
  extra: { format?: 'csv' | 'ndjson'; mapping?: Record<string, string>; delimiter?: string } = {},
) =>
  importFile(t.deps, {
    workspaceId: ws.id,
    entity,
    input: Readable.from([typeof text === 'string' ? Buffer.from(text) : text]),
    format: extra.format ?? 'csv',
    mapping: extra.mapping,
    delimiter: extra.delimiter,
  });
const count = async (table: string) =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int n from ${sql.identifier(table)} where workspace_id = ${ws.id}`,
    )
  )[0].n;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Imports');
});
afterAll(() => t.close());

describe('customer imports', () => {
  test('valid rows commit, bad rows are named by number and column, and a re-import converges', async () => {
    const csv =
      'external_id,name,email,phone,birth_date,declared_wallet_minor,tags\nA1,Ana,ana@example.com,+5511912345678,1990-02-03,1000,vip|promo\nA2,Bia,not-an-email,,1990-02-30,12.5,\nA3,,c@example.com,,,,\nA4,Dora,d@example.com,12,,,\n';
    const first = await run('customers', csv);
    expect(first).toMatchObject({ rowsRead: 4, rowsCommitted: 1, rowsRejected: 3 });
    const errs = first.errors.map((e) => `${e.rowNumber}:${e.column}`);
    expect(errs).toEqual(
      expect.arrayContaining(['2:email', '2:birth_date', '2:declared_wallet_minor', '3:name', '4:phone']),
    );
    const again = await run('customers', csv);
    expect(again.rowsCommitted).toBe(1);
    expect(await count('customers')).toBe(1);
    const stored = await queryRows(
      t.deps.db,
      sql`select rows_done, rows_committed, error_count, status from imports where workspace_id = ${ws.id} and id = ${first.importId}`,
    );
    expect(stored[0]).toMatchObject({ rows_done: 4, rows_committed: 1, error_count: 5, status: 'completed' });
  });

  test('a batch of new and existing customers: defaults for the new, kept values for the old, unchanged rows not rewritten', async () => {
    await run(
      'customers',
      'external_id,name,kind,status,defected_at\nM1,Maria,company,defected,2026-01-02\nM2,Marco,,,\n',
    );
    const before = await queryRows<{ external_id: string; updated_at: string }>(
      t.deps.db,
      sql`select external_id, updated_at::text from customers where workspace_id = ${ws.id} and external_id in ('M1','M2') order by 1`,
    );
    // M1 and M2 exist (M2 is identical), M3 is new; the file has no kind or status column.
    const res = await run('customers', 'external_id,name\nM1,Maria Lima\nM2,Marco\nM3,Mia\n');
    expect(res).toMatchObject({ rowsCommitted: 3, rowsRejected: 0 });
    const rows = await queryRows<{
      external_id: string;
      name: string;
      kind: string;
      status: string;
      tags: string[];
      updated_at: string;
    }>(
      t.deps.db,
      sql`select external_id, name, kind, status, tags, updated_at::text from customers where workspace_id = ${ws.id} and external_id like 'M_' order by 1`,
    );
    expect(rows.map(({ updated_at: _, ...r }) => r)).toEqual([
      { external_id: 'M1', name: 'Maria Lima', kind: 'company', status: 'defected', tags: [] },
      { external_id: 'M2', name: 'Marco', kind: 'person', status: 'active', tags: [] },
      { external_id: 'M3', name: 'Mia', kind: 'person', status: 'active', tags: [] },
    ]);
    expect(rows[1].updated_at).toBe(before[1].updated_at);
  });

  test('BOM, CRLF, quoted newlines and --map are handled', async () => {
    const csv =
      '\uFEFFcode;Full name;email\r\nB1;"Souza; Ana\r\nSecond line";b1@example.com\r\nB2;"Quote ""Q"" Person";b2@example.com\r\n';
    const res = await run('customers', csv, { delimiter: ';', mapping: { code: 'external_id', 'Full name': 'name' } });
    expect(res).toMatchObject({ rowsRead: 2, rowsCommitted: 2, rowsRejected: 0 });
    const names = await queryRows<{ name: string }>(
      t.deps.db,
      sql`select name from customers where workspace_id = ${ws.id} and external_id in ('B1','B2') order by external_id`,
    );
    expect(names.map((n) => n.name)).toEqual(['Souza; Ana\r\nSecond line', 'Quote "Q" Person']);
  });

  test('a wrong delimiter, missing columns and empty files fail clearly and write nothing', async () => {
    const before = await count('customers');
    const semi = await run('customers', 'external_id;name\nX1;Xavier\n');
    expect(semi.fatal?.message).toMatch(/Missing required columns: external_id, name.*semicolon-separated/);
    const missing = await run('customers', 'id,full_name\n1,Y\n');
    expect(missing.fatal?.message).toMatch(
      /Missing required columns: external_id, name\. Columns found: id, full_name/,
    );
    expect((await run('customers', '')).fatal?.message).toMatch(/empty/);
    const headerOnly = await run('customers', 'external_id,name\n');
    expect(headerOnly).toMatchObject({ rowsRead: 0, rowsCommitted: 0 });
    expect(await count('customers')).toBe(before);
  });

  test('duplicate external ids in one file: the first wins, later ones are rejected', async () => {
    const res = await run('customers', 'external_id,name\nD1,First\nD2,Other\nD1,Second\n');
    expect(res.rowsCommitted).toBe(2);
    expect(res.errors).toEqual([
      {
        rowNumber: 3,
        column: 'external_id',
        code: 'duplicate',
        params: { value: 'D1', row: 1 },
        message: 'duplicate "D1", first seen at row 1',
      },
    ]);
    const [row] = await queryRows<{ name: string }>(
      t.deps.db,
      sql`select name from customers where workspace_id = ${ws.id} and external_id = 'D1'`,
    );
    expect(row.name).toBe('First');
  });

  test('a duplicate far from its first row (another batch) is caught, with bounded memory', async () => {
    const lines = ['external_id,name'];
    for (let i = 1; i <= 2500; i++) lines.push(i === 2400 ? 'FAR5,Again' : `FAR${i},Name ${i}`);
    const res = await run('customers', `${lines.join('\n')}\n`);
    expect(res).toMatchObject({ rowsRead: 2500, rowsCommitted: 2499, rowsRejected: 1 });
    expect(res.errors).toEqual([
      {
        rowNumber: 2400,
        column: 'external_id',
        code: 'duplicate',
        params: { value: 'FAR5', row: 5 },
        message: 'duplicate "FAR5", first seen at row 5',
      },
    ]);
    const [row] = await queryRows<{ name: string }>(
      t.deps.db,
      sql`select name from customers where workspace_id = ${ws.id} and external_id = 'FAR5'`,
    );
    expect(row.name).toBe('Name 5');
    expect(
      (
        await queryRows<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int n from import_keys where import_id = ${res.importId}`,
        )
      )[0].n,
    ).toBe(0);
  });

  test('a truncated file keeps the rows before the damage and names the broken row', async () => {
    const res = await run('customers', 'external_id,name\nT1,Complete\nT2,"Unterminated\n');
    expect(res.rowsCommitted).toBe(1);
    expect(res.errors[0]).toMatchObject({ rowNumber: 2 });
    expect(res.errors[0].message).toMatch(/could not be read/);
    const wrongCount = await run('customers', 'external_id,name\nW1,Ok\nW2,Too,Many\n');
    expect(wrongCount.errors[0]).toMatchObject({
      rowNumber: 2,
      message: 'row has 3 values but the header has 2 columns',
    });
  });

  test('NDJSON: non-objects and invalid JSON are row errors', async () => {
    const nd =
      '{"external_id":"N1","name":"Nina"}\n[1,2]\n{"external_id":"N2",\n\n{"external_id":"N3","name":"Nuno","tags":"a|b"}\n';
    const res = await run('customers', nd, { format: 'ndjson' });
    expect(res).toMatchObject({ rowsRead: 4, rowsCommitted: 2, rowsRejected: 2 });
    expect(res.errors.map((e) => `${e.rowNumber}:${e.message}`)).toEqual([
      '2:row must be a JSON object',
      '3:row is not valid JSON',
    ]);
  });
});

describe('transaction imports', () => {
  test('consecutive rows are one order; unknown references and bad values reject the whole order only', async () => {
    await run(
      'products',
      'sku,name,category,list_price_minor,unit_cost_minor\nP1,Coffee,drinks,500,200\nP2,Cake,food,800,300\n',
    );
    await run('customers', 'external_id,name\nK1,Kim\n');
    const csv = [
      'external_id,customer_external_id,occurred_at,sku,quantity,discount_minor',
      'O1,K1,2026-01-05,P1,2,0',
      'O1,K1,2026-01-05,P2,1,100',
      'O2,K1,2026-01-06,P1,1,0',
      'O2,K1,2026-01-06,NOPE,1,0',
      'O3,GHOST,2026-01-07,P1,1,0',
      'O4,K1,07/01/2026,P1,x,0',
      'O1,K1,2026-01-08,P1,1,0',
    ].join('\n');
    const res = await run('transactions', csv);
    expect(res).toMatchObject({ rowsRead: 7, rowsCommitted: 2 });
    const byRow = res.errors.map((e) => `${e.rowNumber}:${e.column}`);
    expect(byRow).toEqual(
      expect.arrayContaining(['3:sku', '5:customer_external_id', '6:occurred_at', '6:quantity', '7:external_id']),
    );
    const orders = await queryRows<{ external_id: string; total_minor: string; lines: number }>(
      t.deps.db,
      sql`select t.external_id, t.total_minor::text, (select count(*)::int from transaction_lines l where l.workspace_id = t.workspace_id and l.transaction_id = t.id) lines from transactions t where t.workspace_id = ${ws.id} order by t.external_id`,
    );
    expect(orders).toEqual([{ external_id: 'O1', total_minor: '1700', lines: 2 }]);
    const again = await run('transactions', csv);
    expect(again.rowsCommitted).toBe(2);
    expect(await count('transactions')).toBe(1);
  });

  test('across several batches, invalid orders and unknown customers are row errors and the rest commits exactly once', async () => {
    await run('products', 'sku,name,list_price_minor\nBP1,Tea,300\n');
    const customers = ['external_id,name'];
    for (let i = 0; i < 3000; i++) customers.push(`BC${i},Buyer ${i}`);
    expect(await run('customers', `${customers.join('\n')}\n`)).toMatchObject({ rowsCommitted: 3000, rowsRejected: 0 });
    // 6,000 orders of two lines (12,000 rows: three batches); every 1,000th order names a
    // customer that does not exist, every 1,500th has a bad quantity on its second line.
    const lines = ['external_id,customer_external_id,occurred_at,sku,quantity'];
    const bad = new Map<number, string>();
    for (let o = 0; o < 6000; o++) {
      const customer = o % 1000 === 999 ? `GHOST${o}` : `BC${o % 3000}`;
      const row = lines.length;
      lines.push(`BO${o},${customer},2026-03-01,BP1,1`);
      lines.push(`BO${o},${customer},2026-03-01,BP1,${o % 1500 === 7 ? 'lots' : '2'}`);
      if (customer.startsWith('GHOST')) bad.set(row, 'customer_external_id');
      else if (o % 1500 === 7) bad.set(row, 'quantity');
    }
    const csv = `${lines.join('\n')}\n`;
    const first = await run('transactions', csv);
    expect(first).toMatchObject({ rowsRead: 12_000, rowsCommitted: 12_000 - 2 * bad.size, rowsRejected: 2 * bad.size });
    expect(first.errors.map((e) => [e.rowNumber, e.column])).toEqual([...bad].map(([row, column]) => [row, column]));
    expect(first.errors.find((e) => e.column === 'customer_external_id')?.message).toBe(
      'no customer with external id "GHOST999"',
    );
    const written = async () =>
      (
        await queryRows<{ orders: number; lines: number; total: string }>(
          t.deps.db,
          sql`select count(distinct t.id)::int orders, count(*)::int lines, sum(l.total_minor)::text total from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id where t.workspace_id = ${ws.id} and t.external_id like 'BO%'`,
        )
      )[0];
    expect(await written()).toEqual({
      orders: 6000 - bad.size,
      lines: 2 * (6000 - bad.size),
      total: String(3 * 300 * (6000 - bad.size)),
    });
    // A re-run (as after a crash) adds nothing and reports the same rows.
    const again = await run('transactions', csv);
    expect(again.errors.map((e) => [e.rowNumber, e.column])).toEqual(first.errors.map((e) => [e.rowNumber, e.column]));
    expect(await written()).toEqual({
      orders: 6000 - bad.size,
      lines: 2 * (6000 - bad.size),
      total: String(3 * 300 * (6000 - bad.size)),
    });
  });

  test('interactions and contracts import with their references checked', async () => {
    const i = await run(
      'interactions',
      'external_id,customer_external_id,occurred_at,channel,direction,type,duration_seconds\nI1,K1,2026-02-01T10:00:00Z,phone,inbound,support,120\nI2,K1,2026-02-01,fax,inbound,support,\n',
    );
    expect(i.rowsCommitted).toBe(1);
    expect(i.errors[0]).toMatchObject({ rowNumber: 2, column: 'channel' });
    const c = await run(
      'contracts',
      'external_id,customer_external_id,plan,started_at,monthly_value_minor,status\nC1,K1,Gold,2025-01-01,4990,active\nC2,K1,Gold,2025-01-01,4990,cancelled\n',
    );
    expect(c.rowsCommitted).toBe(1);
    expect(c.errors[0]).toMatchObject({ rowNumber: 2, column: 'cancelled_at' });
    // Term and payment method, which the churn model uses, with their ranges.
    const terms = await run(
      'contracts',
      'external_id,customer_external_id,plan,started_at,monthly_value_minor,term_months,payment_method\nC3,K1,Gold,2025-01-01,4990,12,pix\nC4,K1,Gold,2025-01-01,4990,121,card\nC5,K1,Gold,2025-01-01,4990,0,bitcoin\n',
    );
    expect(terms.rowsCommitted).toBe(1);
    expect(terms.errors.map((e) => `${e.rowNumber}:${e.column}`)).toEqual([
      '2:term_months',
      '3:term_months',
      '3:payment_method',
    ]);
    const [stored] = await queryRows<{ term_months: number; payment_method: string }>(
      t.deps.db,
      sql`select term_months, payment_method from contracts where workspace_id = ${ws.id} and external_id = 'C3'`,
    );
    expect(stored).toEqual({ term_months: 12, payment_method: 'pix' });
  });
});

describe('planner statistics after an import', () => {
  test('PostgreSQL analyses the lookup columns and leaves the rest to autovacuum; PGlite analyses every column', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => `S${i},Stat ${i}`);
    const summary = await run('customers', `external_id,name\n${rows.join('\n')}\n`);
    expect(summary.rowsCommitted).toBe(1100);
    const analysed = (
      await queryRows<{ attname: string }>(
        t.deps.db,
        sql`select attname from pg_stats where schemaname = 'public' and tablename = 'customers' order by attname`,
      )
    ).map((r) => r.attname);
    expect(analysed).toEqual(expect.arrayContaining(['external_id', 'workspace_id']));
    if (t.deps.database.driver === 'pg') expect(analysed).not.toContain('name');
    else expect(analysed).toContain('name');
  });
});
