// `packed` numbers come back through `unpack` exactly as the driver reads the same values column by
// column — fractions, huge and tiny doubles, negative zero, integers past 15 digits, NULL, infinities
// — on PGlite and PostgreSQL alike; and `unpack` alone agrees with `Number` on every awkward text.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { queryRows } from './client.ts';
import { packed, unpack } from './number-columns.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
}, 60_000);
afterAll(() => tdb.drop());

const values = [
  sql`0.1::float8`,
  sql`1::float8 / 3`,
  sql`-2.5e-300::float8`,
  sql`1.7976931348623157e308::float8`,
  sql`'-0'::float8`,
  sql`9007199254740993::bigint`,
  sql`123456789012345::bigint`,
  sql`-42::int`,
  sql`null::int`,
  sql`true::int`,
  sql`'infinity'::float8`,
  sql`12.50::numeric`,
];
const fields = values.map((_, k) => `f${k}`);

test('packed numbers read back as the driver reads each column', async () => {
  const db = tdb.database.db;
  const columns = sql.join(
    values.map((v, k) => sql`(${v})::float8 as ${sql.raw(fields[k])}`),
    sql`, `,
  );
  const [plain] = await queryRows<Record<string, number | string | null>>(db, sql`select ${columns}`);
  const rows = await queryRows<{ v: string }>(db, sql`select ${packed(values)} as v`);
  const got = unpack(rows, fields);
  for (const f of fields) {
    const expected = plain[f] === null ? NaN : Number(plain[f]);
    expect(Object.is(got[f][0], expected), `${f}: ${got[f][0]} against ${expected}`).toBe(true);
  }
  expect(got.f0[0]).toBe(0.1);
  expect(Object.is(got.f4[0], -0)).toBe(true);
  expect(got.f6[0]).toBe(123456789012345);
  expect(got.f7[0]).toBe(-42);
  expect(got.f8[0]).toBeNaN();
});

test('unpack agrees with Number on awkward texts, row by row', () => {
  const texts = [
    '1',
    '-1',
    '0',
    '-0',
    '007',
    '2.5',
    '-0.125',
    '1e+16',
    '-1.5e-10',
    'NULL',
    'Infinity',
    '-Infinity',
    'NaN',
  ];
  const more = ['123456789012345', '1234567890123456', '99999999999999999999', '-123456789012345'];
  const all = [...texts, ...more];
  const rows = [{ v: `{${all.join(',')}}` }, { v: `{${[...all].reverse().join(',')}}` }];
  const names = all.map((_, k) => `c${k}`);
  const got = unpack(rows, names);
  all.forEach((text, k) => {
    expect(Object.is(got[names[k]][0], Number(text)), text).toBe(true);
    expect(Object.is(got[names[k]][1], Number(all[all.length - 1 - k])), text).toBe(true);
  });
});
