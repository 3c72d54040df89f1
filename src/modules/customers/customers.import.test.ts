// The customers import adapter: parse is pure and names each bad cell; commit upserts a batch
// against a real database (PGlite or PostgreSQL) and converges when re-run.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type CustomerImportRow, customersImportAdapter as adapter } from './customers.import.ts';

const parse = (cells: Record<string, unknown>) => adapter.parse([cells], { now: new Date('2026-11-23T10:00:00Z') });
const columnsOf = (cells: Record<string, unknown>) => {
  const r = parse(cells);
  return r.ok ? [] : r.errors.map((e) => e.column).sort();
};

describe('parse', () => {
  test('a complete row becomes typed values', () => {
    const r = parse({
      external_id: ' C-1 ',
      name: 'Ana Souza',
      email: 'Ana@Example.COM',
      phone: '(11) 91234-5678',
      kind: 'company',
      locale: 'pt-BR',
      birth_date: '1990-02-28',
      acquired_at: '2024-03-01T10:00:00Z',
      tags: 'VIP|promo|vip',
      declared_wallet_minor: '120000',
      address_city: 'São Paulo',
      address_country: 'br',
      cf_segment: 'gold',
    });
    expect(r).toEqual({
      ok: true,
      row: {
        externalId: 'C-1',
        name: 'Ana Souza',
        phone: '(11) 91234-5678',
        address: { city: 'São Paulo', country: 'BR' },
        customFields: { segment: 'gold' },
        set: {
          email: 'ana@example.com',
          kind: 'company',
          locale: 'pt-BR',
          birthDate: '1990-02-28',
          acquiredAt: new Date('2024-03-01T10:00:00Z'),
          tags: ['vip', 'promo'],
          declaredWalletMinor: 120000,
        },
      },
    });
  });

  test('bad dates, emails, numbers and an empty name are named by column', () => {
    expect(columnsOf({ external_id: 'x', name: '  ' })).toEqual(['name']);
    expect(columnsOf({ external_id: '', name: 'A' })).toEqual(['external_id']);
    expect(columnsOf({ external_id: 'x', name: 'A', email: 'not-an-email' })).toEqual(['email']);
    expect(columnsOf({ external_id: 'x', name: 'A', birth_date: '1990-02-30' })).toEqual(['birth_date']);
    expect(columnsOf({ external_id: 'x', name: 'A', birth_date: '03/02/1990' })).toEqual(['birth_date']);
    expect(columnsOf({ external_id: 'x', name: 'A', acquired_at: 'yesterday' })).toEqual(['acquired_at']);
    expect(columnsOf({ external_id: 'x', name: 'A', declared_wallet_minor: '12.5' })).toEqual([
      'declared_wallet_minor',
    ]);
    expect(columnsOf({ external_id: 'x', name: 'A', declared_wallet_minor: '-1' })).toEqual(['declared_wallet_minor']);
    expect(columnsOf({ external_id: 'x', name: 'A', kind: 'robot', status: 'gone', locale: 'fr' })).toEqual([
      'kind',
      'locale',
      'status',
    ]);
    expect(columnsOf({ external_id: 'x', name: 'A', address_country: 'Brazil', 'cf_Bad-Key': '1' })).toEqual([
      'address_country',
      'cf_Bad-Key',
    ]);
    const r = parse({ external_id: 'x', name: 'A', email: 'nope' });
    expect(r.ok ? [] : r.errors).toEqual([
      { column: 'email', code: 'email', params: { got: 'nope' }, message: 'is not an email address (got "nope")' },
    ]);
  });

  test('absent columns stay absent; blank cells mean "clear"', () => {
    const r = parse({
      external_id: 'x',
      name: 'A',
      email: '',
      phone: '',
      kind: '',
      tags: '',
      address_line1: '',
      cf_segment: '',
    });
    expect(r).toEqual({
      ok: true,
      row: {
        externalId: 'x',
        name: 'A',
        phone: null,
        address: { line1: null },
        customFields: { segment: null },
        set: { email: null, tags: [] },
      },
    });
    expect(parse({ external_id: 'x', name: 'A' })).toEqual({
      ok: true,
      row: { externalId: 'x', name: 'A', set: {}, customFields: {} },
    });
  });

  test('NDJSON values: numbers, and arrays passed on as JSON text', () => {
    const r = parse({ external_id: 7, name: 'A', declared_wallet_minor: 500, tags: '["Gold","b"]' });
    expect(r.ok && r.row).toMatchObject({ externalId: '7', set: { declaredWalletMinor: 500, tags: ['gold', 'b'] } });
  });
});

describe('commit', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const now = new Date('2026-06-01T12:00:00Z');
  const rowsOf = (records: Record<string, unknown>[]) =>
    records.map((cells, i) => {
      const r = parse(cells);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return { rowNumber: i + 1, row: r.row as CustomerImportRow };
    });
  const commit = (records: Record<string, unknown>[], currency = 'BRL') =>
    t.deps.db.transaction((tx) => adapter.commit(tx, { workspaceId: ws.id, now, currency }, rowsOf(records)));
  const state = () =>
    queryRows(
      t.deps.db,
      sql`select id, external_id, kind, name, email, phone, address, locale, birth_date::text, acquired_at, status, defected_at, tags, custom_fields, declared_wallet_minor::float8 declared_wallet_minor
          from customers where workspace_id = ${ws.id} order by external_id`,
    );
  const one = async (externalId: string) =>
    (await state()).find((r) => r.external_id === externalId) as Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Customer imports');
    for (const body of [
      { key: 'segment', label: 'Segment', type: 'select', options: ['gold', 'silver'] },
      { key: 'score', label: 'Score', type: 'number' },
      { key: 'interests', label: 'Interests', type: 'multi_select', options: ['coffee', 'tea'] },
      { key: 'member', label: 'Member', type: 'boolean' },
    ]) {
      expect((await t.request('POST', '/api/v1/custom-fields', { token: ws.ownerToken, body })).status).toBe(201);
    }
  });
  afterAll(() => t.close());

  test('re-running the same rows gives the same state', async () => {
    const rows = [
      {
        external_id: 'A1',
        name: 'Ana',
        email: 'ana@example.com',
        phone: '11 91234-5678',
        tags: 'vip|promo',
        cf_segment: 'gold',
        cf_score: '4.5',
        cf_interests: 'coffee|tea',
        cf_member: 'yes',
        address_city: 'Recife',
      },
      {
        external_id: 'A2',
        name: 'Bia',
        status: 'defected',
        defected_at: '2026-01-10',
        birth_date: '1991-07-09',
        declared_wallet_minor: '0',
      },
      ...Array.from({ length: 1200 }, (_, i) => ({ external_id: `bulk-${i}`, name: `Bulk ${i}` })),
    ];
    expect((await commit(rows)).size).toBe(0);
    const first = await state();
    expect(first).toHaveLength(1202);
    expect(await one('A1')).toMatchObject({
      phone: '+5511912345678',
      tags: ['vip', 'promo'],
      address: { city: 'Recife' },
      custom_fields: { segment: 'gold', score: 4.5, interests: ['coffee', 'tea'], member: true },
    });
    expect(await one('A2')).toMatchObject({ status: 'defected', birth_date: '1991-07-09', declared_wallet_minor: 0 });
    expect((await commit(rows)).size).toBe(0);
    expect(await state()).toEqual(first);
  });

  test('columns the file lacks are kept; blank cells clear; cf_ columns merge into the stored fields', async () => {
    await commit([{ external_id: 'A1', name: 'Ana Souza', email: '', cf_score: '5' }]);
    expect(await one('A1')).toMatchObject({
      name: 'Ana Souza',
      email: null,
      phone: '+5511912345678',
      tags: ['vip', 'promo'],
      custom_fields: { segment: 'gold', score: 5, interests: ['coffee', 'tea'], member: true },
    });
    await commit([{ external_id: 'A1', name: 'Ana Souza', cf_member: '', address_city: '', kind: '' }]);
    const a1 = await one('A1');
    expect(a1.custom_fields).toEqual({ segment: 'gold', score: 5, interests: ['coffee', 'tea'] });
    expect(a1).toMatchObject({ address: null, kind: 'person' });
  });

  test('custom fields, phones, dates and defection are checked against the workspace', async () => {
    const before = await state();
    const errors = await commit(
      [
        { external_id: 'E1', name: 'E', cf_unknown: 'x' },
        {
          external_id: 'E2',
          name: 'E',
          cf_segment: 'bronze',
          cf_score: 'lots',
          cf_interests: 'coffee|milk',
          cf_member: 'maybe',
        },
        { external_id: 'E3', name: 'E', phone: '91234-5678' },
        { external_id: 'E4', name: 'E', birth_date: '2026-06-02' },
        { external_id: 'E5', name: 'E', status: 'defected' },
      ],
      'XXX',
    );
    const byRow = Object.fromEntries([...errors].map(([n, list]) => [n, list.map((e) => `${e.column}: ${e.message}`)]));
    expect(byRow).toEqual({
      1: ['cf_unknown: "unknown" is not a custom field of this workspace; define it first'],
      2: [
        'cf_segment: must be one of: gold, silver',
        'cf_score: must be a number',
        'cf_interests: must be a list of: coffee, tea',
        'cf_member: must be true or false',
      ],
      3: ['phone: must start with + and the country code (e.g. +55 11 91234-5678)'],
      4: ['birth_date: must not be in the future'],
      5: ['defected_at: is required when status is defected'],
    });
    expect(await state()).toEqual(before);
  });

  test('a required custom field is needed on create, and cannot be blanked later', async () => {
    await t.request('POST', '/api/v1/custom-fields', {
      token: ws.ownerToken,
      body: { key: 'store', label: 'Store', type: 'text', required: true },
    });
    const created = await commit([
      { external_id: 'R1', name: 'New' },
      { external_id: 'A2', name: 'Bia' },
      { external_id: 'R2', name: 'New', cf_store: 'Centro' },
    ]);
    expect([...created]).toEqual([[1, [{ column: 'cf_store', code: 'required', message: 'is required' }]]]);
    expect((await commit([{ external_id: 'R2', name: 'New', cf_store: '' }])).get(1)).toEqual([
      { column: 'cf_store', code: 'required', message: 'is required' },
    ]);
    expect((await one('R2')).custom_fields).toEqual({ store: 'Centro' });
    const [def] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from custom_field_definitions where workspace_id = ${ws.id} and key = 'store'`,
    );
    await t.request('DELETE', `/api/v1/custom-fields/${def.id}`, { token: ws.ownerToken });
  });

  test('a deleted customer keeps its external id: importing it again is refused', async () => {
    const { id } = await one('A2');
    expect((await t.request('DELETE', `/api/v1/customers/${id}`, { token: ws.ownerToken })).status).toBe(204);
    const errors = await commit([{ external_id: 'A2', name: 'Bia again' }]);
    expect(errors.get(1)).toEqual([
      { column: 'external_id', code: 'deleted_customer', message: 'belongs to a deleted or merged customer' },
    ]);
    expect((await one('A2')).name).toBe('Bia');
  });

  test('the same external id twice in one batch: the first wins', async () => {
    const errors = await commit([
      { external_id: 'T1', name: 'First' },
      { external_id: 'T1', name: 'Second' },
    ]);
    expect(errors.get(2)).toEqual([
      {
        column: 'external_id',
        code: 'duplicate_in_batch',
        params: { value: 'T1' },
        message: 'duplicate "T1" in the same batch',
      },
    ]);
    expect((await one('T1')).name).toBe('First');
  });
});
