// Owns request rate limits for unauthenticated endpoints: fixed-window hit counters kept in
// the database, so a limit holds across any number of API processes. A global table (keys are
// client addresses, not tenants), like login_failures.
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from '../../db/columns.ts';

export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    /** `<bucket>:<client>`, e.g. `complaint-form:ip:203.0.113.7`. */
    key: text('key').notNull(),
    windowStart: at('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
