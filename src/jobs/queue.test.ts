// Two workers over one database: a job sent twice runs once, and every job runs exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { openDatabase } from '../db/client.ts';
import { silentLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase, testDriver } from '../../test/support/database.ts';
import { waitFor } from '../../test/support/wait.ts';
import { type JobQueue, startJobQueue } from './queue.ts';
import { defineJob, type JobDefinition } from './registry.ts';

let testDb: TestDatabase;
let deps: Omit<Deps, 'jobs'>;
const runs: { key: string; worker: string }[] = [];
let workers: JobQueue[] = [];

const definitionFor = (worker: string) =>
  defineJob({
    name: 'test.record-run',
    schema: z.object({ key: z.string() }),
    handler: async ({ key }) => {
      await new Promise((r) => setTimeout(r, 20));
      runs.push({ key, worker });
    },
  }) as JobDefinition;

beforeAll(async () => {
  testDb = await createTestDatabase();
  deps = {
    config: loadConfig({ NODE_ENV: 'test' }),
    database: testDb.database,
    db: testDb.database.db,
    log: silentLogger,
    now: () => new Date(),
  };
  workers = [
    await startJobQueue(deps, { definitions: [definitionFor('one')], work: true, pollingIntervalSeconds: 0.5 }),
    await startJobQueue(deps, { definitions: [definitionFor('two')], work: true, pollingIntervalSeconds: 0.5 }),
  ];
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await testDb.drop();
});

/** Until no job of the name is created, waiting to be retried or running: nothing is left to run twice. */
const drained = () =>
  waitFor(async () => (await workers[0].boss.getQueueSize('test.record-run', { before: 'completed' })) === 0, {
    what: 'the queue to have no job left to run',
    timeoutMs: 20_000,
    intervalMs: 100,
  });

test('a job sent twice, from two workers, with the same dedupe key runs once', async () => {
  const first = await workers[0].send(
    'test.record-run',
    { key: 'nightly-2026-11-23' },
    { dedupeKey: 'nightly-2026-11-23' },
  );
  const second = await workers[1].send(
    'test.record-run',
    { key: 'nightly-2026-11-23' },
    { dedupeKey: 'nightly-2026-11-23' },
  );
  expect(first).toBeTruthy();
  expect(second).toBeNull();
  await drained();
  expect(runs.filter((r) => r.key === 'nightly-2026-11-23')).toHaveLength(1);
});

test('forty jobs over two workers each run exactly once', async () => {
  const keys = Array.from({ length: 40 }, (_, i) => `job-${i}`);
  await Promise.all(keys.map((key, i) => workers[i % 2].send('test.record-run', { key })));
  await drained();
  for (const key of keys)
    expect(
      runs.filter((r) => r.key === key),
      key,
    ).toHaveLength(1);
});

test('a payload that does not match the job schema is refused when sent', async () => {
  await expect(workers[0].send('test.record-run', { key: 42 })).rejects.toThrow();
  await expect(workers[0].send('no.such-job', {})).rejects.toThrow(/unknown job/);
});

test('a workspace flooding a queue does not starve another: its jobs run within a bounded number of claims', async () => {
  const order: string[] = [];
  const fairJob = defineJob({
    name: 'test.fair',
    schema: z.object({ workspaceId: z.string(), n: z.number() }),
    batchSize: 5,
    handler: async ({ workspaceId, n }) => {
      order.push(`${workspaceId}:${n}`);
    },
  }) as JobDefinition;
  const sender = await startJobQueue(deps, { definitions: [fairJob], work: false });
  const flood = 5_000;
  for (let i = 0; i < flood; i += 1000)
    await sender.sendMany(
      'test.fair',
      Array.from({ length: 1000 }, (_, j) => ({ workspaceId: 'A', n: i + j })),
    );
  for (let n = 0; n < 20; n++) await sender.send('test.fair', { workspaceId: 'B', n });
  const worker = await startJobQueue(deps, { definitions: [fairJob], work: true, pollingIntervalSeconds: 0.5 });
  try {
    await waitFor(() => order.filter((o) => o.startsWith('B:')).length === 20, {
      what: "workspace B's twenty jobs to run",
      timeoutMs: 30_000,
      intervalMs: 20,
    });
  } finally {
    await worker.stop();
    await sender.stop();
  }
  // Round robin: B's jobs alternate with A's, so all twenty run within the first ~40 claims
  // (FIFO would run them after all 5,000 of A's).
  const lastB = order.findLastIndex((o) => o.startsWith('B:'));
  expect(lastB).toBeLessThan(50);
}, 60_000);

// PostgreSQL only: the embedded database serves one process, with one queue.
test.skipIf(testDriver() !== 'pg')(
  'processes starting at once on a fresh database all start, and install the queue schema once',
  async () => {
    // A database no queue has started on (the template holds the migrations, not pg-boss).
    const fresh = await createTestDatabase();
    // Each "process" has its own pool, as separate processes would.
    const databases = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase({ databaseUrl: fresh.url!, poolSize: 3 })),
    );
    const queues: JobQueue[] = [];
    try {
      const started = await Promise.all(
        databases.map((database) =>
          startJobQueue({ ...deps, database, db: database.db }, { definitions: [definitionFor('fresh')], work: false }),
        ),
      );
      queues.push(...started);
      const { rows } = await fresh.database.executeSql('select count(*)::int as n from pgboss.version', []);
      expect(rows[0].n).toBe(1);
      expect(await started[0].send('test.record-run', { key: 'after-a-racing-start' })).toBeTruthy();
    } finally {
      for (const q of queues) await q.stop();
      for (const d of databases) await d.close();
      await fresh.drop();
    }
  },
  60_000,
);
