// PGlite has no autovacuum: the maintenance job gives it fresh planner statistics and reclaims
// dead rows; on PostgreSQL it leaves both to autovacuum.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { queryRows } from './client.ts';
import { maintainEmbedded, refreshStatistics } from './maintenance.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.database.db.execute(sql`create table maintenance_probe (n integer primary key, s text)`);
  await tdb.database.db.execute(sql`insert into maintenance_probe select g, 'x' from generate_series(1, 5000) g`);
}, 60_000);
afterAll(() => tdb.drop());

const planned = async () => {
  const [row] = await queryRows<{ reltuples: number }>(
    tdb.database.db,
    sql`select reltuples::float8 reltuples from pg_class where relname = 'maintenance_probe'`,
  );
  return Number(row.reltuples);
};
const vacuums = async () => {
  const [row] = await queryRows<{ n: number }>(
    tdb.database.db,
    sql`select vacuum_count::int n from pg_stat_user_tables where relname = 'maintenance_probe'`,
  );
  return Number(row?.n ?? 0);
};

test('on PGlite the job refreshes statistics and vacuums; on PostgreSQL it leaves that to autovacuum', async () => {
  const { database } = tdb;
  await database.db.execute(sql`update maintenance_probe set s = 'y' where n <= 2000`);
  const ran = await maintainEmbedded(database, { vacuum: true });
  expect(ran).toBe(database.driver === 'pglite');
  if (database.driver === 'pglite') {
    expect(await planned()).toBe(5000); // analyzed: the planner knows the table's size
    expect(await vacuums()).toBe(1); // vacuumed: the 2,000 old row versions may go
    await database.db.execute(sql`insert into maintenance_probe select g, 'z' from generate_series(5001, 6000) g`);
    expect(await maintainEmbedded(database, { vacuum: false })).toBe(true);
    expect(await planned()).toBe(6000);
  }
});

test('refreshing statistics works on both databases', async () => {
  await refreshStatistics(tdb.database.db);
  expect(await planned()).toBeGreaterThanOrEqual(5000);
});
