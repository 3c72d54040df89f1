// Owns the job queue: pg-boss over the same database as the API, PGlite included (through
// pg-boss's `db` adapter). Jobs are claimed with SKIP LOCKED, so any number of workers can
// run and a job runs once; a dedupe key makes sending the same job twice a no-op.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Deps } from '../deps.ts';
import { startPumps } from './pumps.ts';
import type { JobDefinition } from './registry.ts';

const JOB_BATCH = 10;

export type SendOptions = {
  /** Jobs with the same key (per job name) are created once. */
  dedupeKey?: string;
  startAfter?: Date;
};

export type JobQueue = {
  boss: PgBoss;
  send: (name: string, payload: unknown, options?: SendOptions) => Promise<string | null>;
  stop: () => Promise<void>;
};

// pg-boss keys jobs by (name, id) and ignores an insert whose id exists, so a key hashed to
// a UUID is an exact, durable dedupe across workers and restarts.
function keyToUuid(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type StartJobQueueOptions = {
  definitions: JobDefinition[];
  /** Poll and run handlers (a worker); false to only send jobs (an API-only process). */
  work: boolean;
  /** Fire cron schedules from this process. */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
};

export async function startJobQueue(deps: Omit<Deps, 'jobs'>, options: StartJobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => deps.database.executeSql(text, values) },
    schema: 'pgboss',
    supervise: options.work,
    schedule: options.schedule ?? options.work,
    migrate: true,
  });
  boss.on('error', (err) => deps.log.error({ err }, 'job queue error'));
  await boss.start();

  const queued = options.definitions.filter((d) => !d.every);
  const byName = new Map(queued.map((d) => [d.name, d]));
  const stopping = new AbortController();
  for (const d of queued) {
    await boss.createQueue(d.name, {
      name: d.name,
      retryLimit: d.retryLimit ?? 3,
      retryBackoff: true,
      ...(d.expireInSeconds ? { expireInSeconds: d.expireInSeconds } : {}),
    });
    if (d.cron) await boss.schedule(d.name, d.cron, (d.cronPayload ?? {}) as object, { tz: 'UTC' });
    else await boss.unschedule(d.name).catch(() => {});
  }

  let pumps: ReturnType<typeof startPumps> | undefined;
  const queue: JobQueue = {
    boss,
    send: async (name, payload, sendOptions = {}) => {
      const d = byName.get(name);
      if (!d) throw new Error(`unknown job "${name}"`);
      const data = d.schema.parse(payload) as object;
      return boss.send(name, data, {
        ...(sendOptions.dedupeKey ? { id: keyToUuid(name, sendOptions.dedupeKey) } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
      });
    },
    // graceful: running handlers finish; wait: resolve only once they have.
    stop: async () => {
      stopping.abort();
      await pumps?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 30_000, close: false });
    },
  };

  if (options.work) {
    for (const d of queued) {
      // A batch per poll keeps throughput up; each job still succeeds or fails on its own
      // (pg-boss completes only the jobs that are still active after the batch).
      await boss.work(
        d.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: d.batchSize ?? JOB_BATCH },
        async (batch) => {
          for (const job of batch) {
            const log = deps.log.child({ job: d.name, jobId: job.id });
            const started = performance.now();
            try {
              // Handlers may fan out: they get the queue to send further jobs.
              await d.handler(d.schema.parse(job.data), {
                ...deps,
                jobs: queue,
                log,
                jobId: job.id,
                signal: stopping.signal,
              });
              log.info({ ms: Math.round(performance.now() - started) }, 'job done');
            } catch (err) {
              log.error({ err }, 'job failed');
              await boss.fail(d.name, job.id, { message: err instanceof Error ? err.message : String(err) });
            }
          }
        },
      );
    }
  }

  if (options.work) pumps = startPumps(deps, options.definitions);
  return queue;
}
