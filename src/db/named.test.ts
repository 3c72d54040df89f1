// A named statement answers as the same query unprepared, with awkward values, on PGlite and
// PostgreSQL alike; on PGlite it runs as EXECUTE of a statement PREPAREd once in the session.
import { eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { prepareNamed } from './named.ts';

const probe = pgTable('named_probe', {
  n: integer('n').notNull(),
  s: text('s'),
  at: timestamp('at', { withTimezone: true }),
});

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.database.db.execute(sql`create table named_probe (n integer not null, s text, at timestamptz)`);
}, 60_000);
afterAll(() => tdb.drop());

const texts = [`O'Brien`, `back\\slash`, `'); drop table named_probe; --`, 'ç 日本 😀', ''];

test('a named statement answers as the query unprepared, with quotes and backslashes in its values', async () => {
  const { db } = tdb.database;
  const at = new Date('2026-03-04T05:06:07.089Z');
  await db.insert(probe).values(texts.map((s, n) => ({ n, s, at })));
  const query = db
    .select({ n: probe.n, s: probe.s, at: probe.at, twice: sql<number>`${probe.n} * 2` })
    .from(probe)
    .where(eq(probe.s, sql.placeholder('s')));
  const named = prepareNamed(db, (name) => query.prepare(name), 'named_probe_by_text');
  for (const s of texts) {
    const expected = await query.execute({ s });
    expect(expected).toHaveLength(1);
    expect(await named.execute({ s })).toEqual(expected);
    expect(await named.execute({ s })).toEqual([{ n: texts.indexOf(s), s, at, twice: 2 * texts.indexOf(s) }]);
  }
  expect(await named.execute({ s: 'none' })).toEqual([]);
  if (tdb.database.driver !== 'pglite') return;
  const prepared = await tdb.database.executeSql(`select name from pg_prepared_statements`);
  expect(prepared.rows.map((r) => r.name)).toContain('named_probe_by_text');
});

test('a name that is not a plain identifier is refused', () => {
  const { db } = tdb.database;
  const query = db.select({ n: probe.n }).from(probe);
  expect(() => prepareNamed(db, (name) => query.prepare(name), 'bad name; drop')).toThrow(/not a statement name/);
});

test('a named statement waits for a transaction in progress instead of running inside it', async () => {
  const { db } = tdb.database;
  const query = db
    .select({ n: probe.n })
    .from(probe)
    .where(eq(probe.n, sql.placeholder('n')));
  const named = prepareNamed(db, (name) => query.prepare(name), 'named_probe_by_n');
  expect(await named.execute({ n: 100 })).toEqual([]);
  let reading: Promise<unknown> | undefined;
  await expect(
    db.transaction(async (tx) => {
      await tx.insert(probe).values({ n: 100, s: 'rolled back' });
      reading = named.execute({ n: 100 });
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(await reading).toEqual([]);
  expect(await named.execute({ n: 100 })).toEqual([]);
});
