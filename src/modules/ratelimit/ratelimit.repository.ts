// The only file of the rate-limit domain with SQL.
import { sql } from 'drizzle-orm';
import { type Db, execCount, queryRows } from '../../db/client.ts';
import { rateLimitHits } from './ratelimit.schema.ts';

/** Counts one hit in the key's window and returns the window's hits so far: one atomic upsert. */
export async function countHit(db: Db, key: string, windowStart: Date): Promise<number> {
  const [row] = await queryRows<{ hits: number }>(
    db,
    sql`insert into ${rateLimitHits} (key, window_start, hits) values (${key}, ${windowStart}, 1)
        on conflict (key, window_start) do update set hits = ${rateLimitHits}.hits + 1
        returning hits`,
  );
  return Number(row.hits);
}

/** Deletes windows that ended before `before`, at most `limit` rows. */
export async function purgeHits(db: Db, before: Date, limit: number): Promise<number> {
  return execCount(
    db,
    sql`delete from ${rateLimitHits} where (key, window_start) in (
          select key, window_start from ${rateLimitHits} where window_start < ${before} limit ${limit})`,
  );
}
