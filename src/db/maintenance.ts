// Owns the upkeep PostgreSQL's autovacuum does on its own and PGlite, which runs no background
// workers, never does: planner statistics (without them every table looks a few rows long, and a
// join of grouped sources runs each of them once per customer — the demo's bond index took 69 s
// at 5,000 customers instead of 0.4 s) and dead rows left by updates (nightly scoring rewrites a
// row per customer, so an unvacuumed table grows by its size every night).
import { sql } from 'drizzle-orm';
import type { Database, Db } from './client.ts';

/** Refreshes the planner's statistics of every table (bulk loads call it before reading back). */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}

/** On PGlite only: statistics, and with `vacuum` the dead rows too. False on PostgreSQL (autovacuum's job). */
export async function maintainEmbedded(
  database: Pick<Database, 'db' | 'driver'>,
  o: { vacuum: boolean },
): Promise<boolean> {
  if (database.driver !== 'pglite') return false;
  await database.db.execute(o.vacuum ? sql`vacuum (analyze)` : sql`analyze`);
  return true;
}
