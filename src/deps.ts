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
