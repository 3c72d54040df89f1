// A campaign's execution killed half-way, by process: a `tenure worker` SIGKILLed inside a batch's
// transaction (caught while it waits to write the batch's bonus points), after at least one batch
// has committed; a second worker resumes. Each treated member gets each action exactly once (one
// ledger posting, one task), nothing half-done is left by the killed batch, and the control arm gets
// nothing. PostgreSQL only: separate processes share one server (PGlite is embedded in one).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { apiCall, createWorkspace, type ProcessEnv, processEnv } from './support/processes.ts';
import { type Proc, startProc } from './support/scale-out.ts';
import { waitFor } from './support/wait.ts';

const customers = 700; // more than one batch of 500 treated members

describe.skipIf(testDriver() !== 'pg')('campaign execution killed half-way (PostgreSQL, processes)', () => {
  let p: ProcessEnv;
  const procs: Proc[] = [];
  const admin = () => new pg.Client({ connectionString: p.env.DATABASE_URL });
  let db: pg.Client;

  beforeAll(async () => {
    p = await processEnv({ OUTBOX_POLL_SECONDS: '0.2' });
    db = admin();
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    for (const x of procs) x.child.kill('SIGKILL');
    await Promise.all(procs.map((x) => x.exited));
    await db?.end();
    await p?.dispose();
  });

  test('each action once per treated member after a worker is killed inside a batch', async () => {
    const { workspaceId, apiToken } = await createWorkspace(p, 'Campaign Kill');
    const api = await startProc(p, 'api', 'api');
    procs.push(api);
    const call = (method: string, path: string, body?: unknown) =>
      apiCall(api.base as string, apiToken, method, path, body);
    const sql = async (text: string, values: unknown[] = []) => (await db.query(text, values)).rows;

    await call('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < customers) {
          const i = next++;
          await call('POST', '/customers', { name: `Cliente ${i}`, email: `k${i}@example.com`, tags: ['target'] });
        }
      }),
    );
    const segment = await call('POST', '/segments', {
      name: 'Targets',
      definition: { all: [{ field: 'tags', any: ['target'] }] },
    });
    const [owner] = (await call('GET', '/users')).items;
    const campaign = await call('POST', '/campaigns', {
      name: 'Win back',
      ownerId: owner.id, // the tasks' assignee: the customers have no account manager
      objective: 'win_back',
      segmentId: segment.id,
      seed: 'kill-1',
      arms: [
        { key: 'control', name: 'Control', share: 10, control: true },
        { key: 'treat', name: 'Treatment', share: 90 },
      ],
    });
    await call('PUT', `/campaigns/${campaign.id}/actions`, {
      actions: [
        { key: 'bonus', arm: 'treat', name: '100 points', type: 'points', points: 100, costMinor: 50 },
        { key: 'call', arm: 'treat', name: 'Call', type: 'task', title: 'Call {{firstName}}', dueInDays: 3 },
      ],
    });
    await call('POST', `/campaigns/${campaign.id}/launch`);
    const [{ treated }] = await sql(
      `select count(*)::int treated from campaign_members where workspace_id = $1 and campaign_id = $2 and arm = 'treat'`,
      [workspaceId, campaign.id],
    );
    expect(treated).toBeGreaterThan(500);
    await call('POST', `/campaigns/${campaign.id}/execute`);

    // The last treated member (members go in customer-id order, 500 a batch) is held by an
    // uncommitted execution row of ours: worker 1's first batch commits, its second waits on that
    // row inside its transaction and is SIGKILLed there; then our row is rolled back.
    const [{ last }] = await sql(
      `select max(customer_id::text) last from campaign_members where workspace_id = $1 and campaign_id = $2 and arm = 'treat'`,
      [workspaceId, campaign.id],
    );
    const executed = () =>
      sql(`select count(*)::int n from campaign_action_executions where workspace_id = $1 and campaign_id = $2`, [
        workspaceId,
        campaign.id,
      ]).then((r) => r[0].n as number);
    const blocker = admin();
    let blockerPid = 0;
    await blocker.connect();
    const worker1 = await (async () => {
      await blocker.query('begin');
      blockerPid = (await blocker.query('select pg_backend_pid() pid')).rows[0].pid;
      await blocker.query(
        `insert into campaign_action_executions (workspace_id, campaign_id, customer_id, action_key, arm, type, status)
         values ($1, $2, $3, 'bonus', 'treat', 'points', 'done')`,
        [workspaceId, campaign.id, last],
      );
      return startProc(p, 'worker1', 'worker');
    })();
    procs.push(worker1);
    let before: number;
    try {
      await waitFor(
        async () =>
          (
            await sql(
              // Waiting on our row, not on any other lock the worker may take while it starts.
              `select 1 from pg_stat_activity where application_name = 'tenure-scale-worker1'
                  and $1 = any(pg_blocking_pids(pid))`,
              [blockerPid],
            )
          ).length > 0,
        { what: 'worker 1 to wait inside its second batch', timeoutMs: 60_000, intervalMs: 20 },
      );
      before = await executed();
      // The first batch (500 members × 2 actions) committed; the second had not.
      expect(before).toBe(1000);
      worker1.child.kill('SIGKILL');
      await worker1.exited;
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    // The killed batch left nothing: its transaction died with the process.
    await waitFor(
      async () =>
        (await sql(`select 1 from pg_stat_activity where application_name = 'tenure-scale-worker1'`)).length === 0,
      { what: "worker 1's sessions to end", timeoutMs: 30_000 },
    );
    expect(await executed()).toBe(before);

    procs.push(await startProc(p, 'worker2', 'worker'));
    await waitFor(
      async () => {
        const progress = await call('GET', `/campaigns/${campaign.id}/execution`);
        return progress.pending === 0 && progress;
      },
      { what: 'worker 2 to finish the execution', timeoutMs: 120_000, intervalMs: 200 },
    );

    const [x] = await sql(
      `select count(*)::int rows, count(distinct (customer_id, action_key))::int keyed,
              count(*) filter (where status = 'done')::int done,
              count(*) filter (where arm <> 'treat')::int control
         from campaign_action_executions where workspace_id = $1 and campaign_id = $2`,
      [workspaceId, campaign.id],
    );
    expect(x).toEqual({ rows: treated * 2, keyed: treated * 2, done: treated * 2, control: 0 });
    const [ledger] = await sql(
      `select count(*)::int entries, count(distinct e.customer_id)::int customers, coalesce(sum(points), 0)::int points,
              count(*) filter (where m.arm <> 'treat')::int control
         from loyalty_entries e
         join campaign_members m on m.workspace_id = e.workspace_id and m.campaign_id = $2 and m.customer_id = e.customer_id
        where e.workspace_id = $1 and e.idempotency_key like $3`,
      [workspaceId, campaign.id, `adjust:campaign:${campaign.id}:%`],
    );
    expect(ledger).toEqual({ entries: treated, customers: treated, points: treated * 100, control: 0 });
    const [tasks] = await sql(
      `select count(*)::int tasks, count(distinct customer_id)::int customers from tasks
        where workspace_id = $1 and title like 'Call %'`,
      [workspaceId],
    );
    expect(tasks).toEqual({ tasks: treated, customers: treated });
  }, 300_000);
});
