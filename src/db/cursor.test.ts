// A query read through forEachBatch comes in order, every row once, in batches of the size asked
// (the last one short, or none when the rows fill the batches exactly), with its parameters bound,
// on PGlite and PostgreSQL alike; and the batches' column tables join back into the whole read.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { queryRows } from './client.ts';
import { forEachBatch } from './cursor.ts';
import { joinTables, packed, unpack } from './number-columns.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
}, 60_000);
afterAll(() => tdb.drop());

const series = (count: number, label: string) =>
  sql`select i, ${label}::text || i as name, ${packed([sql`i`, sql`i::float8 / 3`])} as v
      from generate_series(1, ${count}::int) i order by i desc`;

type Row = { i: number; name: string; v: string };

async function batches(count: number, size: number): Promise<Row[][]> {
  const out: Row[][] = [];
  await tdb.database.db.transaction((tx) =>
    forEachBatch<Row>(tx, 'probe', series(count, 'n'), size, (rows) => out.push(rows)),
  );
  return out;
}

test('rows come in order, in batches of the size asked, every one once', async () => {
  const got = await batches(25, 10);
  expect(got.map((b) => b.length)).toEqual([10, 10, 5]);
  expect(got.flat().map((r) => r.i)).toEqual(Array.from({ length: 25 }, (_, k) => 25 - k));
  expect(got[0][0].name).toBe('n25');
  expect((await batches(20, 10)).map((b) => b.length)).toEqual([10, 10]);
  expect(await batches(0, 10)).toEqual([]);
});

test('a cursor closes with its batches: the same name serves the next read in the transaction', async () => {
  const seen: number[] = [];
  await tdb.database.db.transaction(async (tx) => {
    await forEachBatch<Row>(tx, 'probe', series(3, 'a'), 2, (rows) => seen.push(...rows.map((r) => r.i)));
    await forEachBatch<Row>(tx, 'probe', series(2, 'b'), 2, (rows) => seen.push(...rows.map((r) => r.i)));
  });
  expect(seen).toEqual([3, 2, 1, 2, 1]);
});

test('column tables read in batches join into the table of the whole read', async () => {
  const table = (rows: Row[]) => ({
    n: rows.length,
    num: unpack(rows, ['i', 'third'] as const),
    name: rows.map((r) => r.name),
  });
  const parts = (await batches(23, 5)).map(table);
  const whole = table(await queryRows<Row>(tdb.database.db, series(23, 'n')));
  const joined = joinTables(parts);
  expect(joined.n).toBe(23);
  expect(joined.name).toEqual(whole.name);
  expect(Array.from(joined.num.i)).toEqual(Array.from(whole.num.i));
  expect(Array.from(joined.num.third)).toEqual(Array.from(whole.num.third));
  expect(joinTables([parts[0]])).toBe(parts[0]);
});
