// Owns the job queue: pg-boss over the same database as the API, PGlite included (through
// pg-boss's `db` adapter). Jobs are claimed with SKIP LOCKED, so any number of workers can
// run and a job runs once; a dedupe key makes sending the same job twice a no-op.
//
// Fair across workspaces: a workspace that floods a queue (a 1M-row import and its earning)
// must not starve another's jobs. pg-boss claims by `priority desc, created_on`, so `send`
// gives each job a virtual start time as its priority (start-time fair queueing): a
// workspace's next job goes one step behind its own last pending job, or, when it has none,
// level with the head of the queue (the highest pending priority). Two busy workspaces then
// alternate claim by claim, a newcomer is served at once, and each workspace's own jobs stay in
// order. The claim itself is unchanged (SKIP LOCKED), so it stays safe on any number of workers.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Deps } from '../deps.ts';
import { startPumps } from './pumps.ts';
import type { JobDefinition } from './registry.ts';

const JOB_BATCH = 10;

/** The workspace a job is charged to, for fairness; jobs without one share the key ''. */
const FAIR_KEY = "coalesce(data->>'workspaceId', '')";

// Partial indexes on pg-boss's (partitioned) job table: the pending jobs of a queue by
// workspace, and by claim order (the head's priority, and the claim's own walk).
// One statement under a lock: processes starting together would race on `if not exists`.
const FAIRNESS_INDEXES = `do $$ begin
  perform pg_advisory_xact_lock(hashtext('tenure.job-fairness-indexes'));
  create index if not exists job_fair_workspace on pgboss.job (name, (${FAIR_KEY}), priority) where state < 'active';
  create index if not exists job_fair_head on pgboss.job (name, priority desc, created_on, id) where state < 'active';
end $$`;

const FAIR_PRIORITY = `select coalesce(
  (select min(priority) - 1 from pgboss.job where name = $1 and state < 'active' and ${FAIR_KEY} = $2),
  (select max(priority) from pgboss.job where name = $1 and state < 'active'),
  0) as priority`;

/**
 * Runs start-up DDL again when processes starting at once on a fresh database collide: PostgreSQL
 * picks one as a deadlock victim (40P01) when they create the same queues (partitions of
 * pgboss.job) and indexes, and pg-boss's install, although under an advisory lock, has failed in
 * CI with a unique violation on pg_namespace (23505; the cause inside PostgreSQL is not pinned
 * down). The statements are idempotent and the losing transaction was rolled back, so a retry is
 * safe.
 */
const STARTUP_RACE_CODES = new Set(['40P01', '23505']);
async function retryOnStartupRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!STARTUP_RACE_CODES.has((err as { code?: string }).code ?? '') || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

export type SendOptions = {
  /** Jobs with the same key (per job name) are created once. */
  dedupeKey?: string;
  startAfter?: Date;
};

export type JobQueue = {
  boss: PgBoss;
  send: (name: string, payload: unknown, options?: SendOptions) => Promise<string | null>;
  /** Many jobs of one name in one insert (a fan-out or a flood), each still placed fairly. */
  sendMany: (name: string, payloads: unknown[]) => Promise<void>;
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
  /** Fair claiming across workspaces (default true); false only to measure the difference. */
  fair?: boolean;
};

export async function startJobQueue(deps: Omit<Deps, 'jobs'>, options: StartJobQueueOptions): Promise<JobQueue> {
  // A PgBoss whose start failed stays "starting" for good, so each attempt makes a new one.
  const boss = await retryOnStartupRace(async () => {
    const candidate = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => deps.database.executeSql(text, values) },
      schema: 'pgboss',
      supervise: options.work,
      schedule: options.schedule ?? options.work,
      migrate: true,
    });
    candidate.on('error', (err) => deps.log.error({ err }, 'job queue error'));
    await candidate.start();
    return candidate;
  });
  const fair = options.fair ?? true;

  const queued = options.definitions.filter((d) => !d.every);
  const byName = new Map(queued.map((d) => [d.name, d]));
  const stopping = new AbortController();
  for (const d of queued) {
    await retryOnStartupRace(() =>
      boss.createQueue(d.name, {
        name: d.name,
        retryLimit: d.retryLimit ?? 3,
        retryBackoff: true,
        ...(d.expireInSeconds ? { expireInSeconds: d.expireInSeconds } : {}),
      }),
    );
    if (d.cron) await boss.schedule(d.name, d.cron, (d.cronPayload ?? {}) as object, { tz: 'UTC' });
    else await boss.unschedule(d.name).catch(() => {});
  }
  if (fair) await retryOnStartupRace(() => deps.database.executeSql(FAIRNESS_INDEXES, []));

  let pumps: ReturnType<typeof startPumps> | undefined;
  const parse = (name: string, payload: unknown) => {
    const d = byName.get(name);
    if (!d) throw new Error(`unknown job "${name}"`);
    const data = d.schema.parse(payload) as { workspaceId?: unknown };
    return { data, key: typeof data.workspaceId === 'string' ? data.workspaceId : '' };
  };
  /** The priority of a workspace's next job in a queue (see the top of this file). */
  const nextPriority = async (name: string, key: string) =>
    Number((await deps.database.executeSql(FAIR_PRIORITY, [name, key])).rows[0]?.priority ?? 0);

  const queue: JobQueue = {
    boss,
    send: async (name, payload, sendOptions = {}) => {
      const { data, key } = parse(name, payload);
      const priority = fair ? await nextPriority(name, key) : undefined;
      return boss.send(name, data, {
        ...(priority !== undefined ? { priority } : {}),
        ...(sendOptions.dedupeKey ? { id: keyToUuid(name, sendOptions.dedupeKey) } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
      });
    },
    sendMany: async (name, payloads) => {
      const jobs = payloads.map((p) => parse(name, p));
      const next = new Map<string, number>();
      for (const j of jobs) if (fair && !next.has(j.key)) next.set(j.key, await nextPriority(name, j.key));
      await boss.insert(
        jobs.map(({ data, key }) => {
          const priority = next.get(key);
          if (priority !== undefined) next.set(key, priority - 1);
          return { name, data, ...(priority !== undefined ? { priority } : {}) };
        }),
      );
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
