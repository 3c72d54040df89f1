// PGlite's parsers made Drizzle's (src/db/pglite-parsers.ts): Drizzle reads the same values, the
// raw SQL function still answers PGlite's own parse of times and dates (Dates, as node-postgres
// does), and parsers a caller brings that are not Drizzle's still apply. PostgreSQL has nothing
// of this; the same checks run there as a reference.
import { sql } from 'drizzle-orm';
import { date, integer, interval, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';

const probe = pgTable('parsers_probe', {
  n: integer('n').notNull(),
  at: timestamp('at', { withTimezone: true }),
  local: timestamp('local'),
  day: date('day'),
  span: interval('span'),
});

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.database.db.execute(
    sql`create table parsers_probe (n integer not null, at timestamptz, local timestamp, day date, span interval)`,
  );
  await tdb.database.executeSql(
    `insert into parsers_probe values (1, '2026-03-04T05:06:07.089123Z', '2026-03-04 05:06:07.5', '2026-03-04', '1 day 02:00:00'), (2, null, null, null, null)`,
  );
}, 60_000);
afterAll(() => tdb.drop());

test('Drizzle reads times, dates and intervals as before (its own mapping of the text sent)', async () => {
  const rows = await tdb.database.db.select().from(probe).orderBy(probe.n);
  expect(rows).toEqual([
    {
      n: 1,
      at: new Date('2026-03-04T05:06:07.089Z'),
      local: new Date('2026-03-04T05:06:07.500Z'),
      day: '2026-03-04',
      span: '1 day 02:00:00',
    },
    { n: 2, at: null, local: null, day: null, span: null },
  ]);
});

test('the raw SQL function answers Dates for times and dates, with or without parameters', async () => {
  const at = new Date('2026-03-04T05:06:07.089Z');
  const script = await tdb.database.executeSql(`select at, day from parsers_probe where n = 1`);
  expect(script.rows).toEqual([{ at, day: expect.any(Date) }]);
  const withValues = await tdb.database.executeSql(`select at, day from parsers_probe where n = $1`, [1]);
  expect(withValues.rows).toEqual([{ at, day: expect.any(Date) }]);
  const nulls = await tdb.database.executeSql(`select at, day from parsers_probe where n = $1`, [2]);
  expect(nulls.rows).toEqual([{ at: null, day: null }]);
  // A later column of the same name holds the value, parsed by its own type.
  const twice = await tdb.database.executeSql(`select at as v, n::text as v from parsers_probe where n = 1`);
  expect(twice.rows).toEqual([{ v: '1' }]);
});

test("a caller's own parsers still apply on PGlite", async (ctx) => {
  const client = tdb.database.pglite;
  if (!client) return ctx.skip();
  const r = await client.query<{ at: unknown; n: unknown }>(`select at, n from parsers_probe where n = 1`, [], {
    parsers: { 1184: (v: string) => `at:${v}`, 23: (v: string) => Number(v) * 10 },
  });
  expect(r.rows).toEqual([{ at: 'at:2026-03-04 05:06:07.089123+00', n: 10 }]);
  const plain = await client.query<{ at: unknown }>(`select at from parsers_probe where n = 1`);
  expect(plain.rows[0]?.at).toBe('2026-03-04 05:06:07.089123+00'); // the instance's parsers are Drizzle's
});
