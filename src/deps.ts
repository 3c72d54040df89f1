// Owns the bundle of side effects a service may use. Everything enters through here, so
// tests inject a clock, a database or a silent logger.
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';

export type Deps = {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  now: () => Date;
  /** Present in processes that started the job queue. */
  jobs?: JobQueue;
};

/**
 * What a use case needs at the least: the database (or the transaction it runs in) and the clock.
 * The one context type of services and workflows; one that needs more says so where it is used,
 * e.g. `Ctx & { config: Pick<Config, 'login'> }` or `Ctx & { log?: Logger }`.
 */
export type Ctx = Pick<Deps, 'db' | 'now'>;
