// insertUnnest writes each column as one array literal built here: values that need escaping in an
// array literal (quotes, backslashes, commas, braces, blanks, the word NULL, an array column's own
// literal) come back exactly, and SQL NULL stays NULL — on PGlite and PostgreSQL alike.
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { insertUnnest } from './bulk.ts';
import { queryRows } from './client.ts';

const probe = pgTable('bulk_probe', {
  n: integer('n').notNull(),
  s: text('s'),
  tags: text('tags').array(),
});

// A uuid column that repeats goes as a dictionary and positions; one with a default function,
// written again where rows leave it out.
const fallbackId = '00000000-0000-7000-8000-0000000000ff';
const refs = pgTable('bulk_refs', {
  n: integer('n').notNull(),
  ref: uuid('ref'),
  own: uuid('own')
    .notNull()
    .$defaultFn(() => fallbackId),
});

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.database.db.execute(sql`create table bulk_probe (n integer not null, s text, tags text[])`);
  await tdb.database.db.execute(sql`create table bulk_refs (n integer not null, ref uuid, own uuid not null)`);
}, 60_000);
afterAll(() => tdb.drop());

test('awkward texts and arrays round-trip through the column literals', async () => {
  const texts = [
    'plain',
    '',
    ' padded ',
    'a,b',
    '{braces}',
    'say "hi"',
    'back\\slash',
    '\\"',
    'NULL',
    'null',
    'Null',
    'nulls',
    'tab\there',
    'x:y/z-_.+',
    'ação 🙂',
    'line\nbreak',
    null,
  ];
  const rows = texts.map((s, n) => ({ n, s, tags: s === null ? null : [s, 'x,y', '"q"'] }));
  await insertUnnest(tdb.database.db, probe, rows);
  const back = await queryRows<{ n: number; s: string | null; tags: string[] | null }>(
    tdb.database.db,
    sql`select n, s, tags from bulk_probe order by n`,
  );
  expect(back).toEqual(rows);
});

test('a value every row shares is sent once and lands in every row, also when rows agree on every column', async () => {
  const shared = ['a', '"b"'];
  const rows = [
    { n: 100, s: 'same, "quoted"', tags: shared },
    { n: 101, s: 'same, "quoted"', tags: shared },
    { n: 102, s: 'same, "quoted"', tags: null },
    ...Array.from({ length: 3 }, () => ({ n: 200, s: 'twin', tags: shared })),
  ];
  await insertUnnest(tdb.database.db, probe, rows.slice(0, 3));
  await insertUnnest(tdb.database.db, probe, rows.slice(3));
  const back = await queryRows<{ n: number; s: string | null; tags: string[] | null }>(
    tdb.database.db,
    sql`select n, s, tags from bulk_probe where n >= 100 order by n`,
  );
  expect(back).toEqual(rows);
});

test('repeating uuids (a dictionary), distinct ones, one shared by every row and NULLs land where they were', async () => {
  const id = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const batches = [
    // Three values and NULLs over 40 rows; two values, then left to the column's default.
    Array.from({ length: 40 }, (_, n) => ({
      n,
      ref: n % 5 === 4 ? null : id(n % 3),
      own: n < 20 ? id(100 + (n % 2)) : undefined,
    })),
    Array.from({ length: 10 }, (_, i) => ({ n: 100 + i, ref: id(7), own: id(7) })),
    Array.from({ length: 10 }, (_, i) => ({ n: 200 + i, ref: null, own: id(200 + i) })),
  ];
  for (const rows of batches) await insertUnnest(tdb.database.db, refs, rows);
  const back = await queryRows<{ n: number; ref: string | null; own: string }>(
    tdb.database.db,
    sql`select n, ref, own from bulk_refs order by n`,
  );
  expect(back).toEqual(batches.flat().map((r) => ({ ...r, own: r.own ?? fallbackId })));
});
