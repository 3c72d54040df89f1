// Scale-out on one PostgreSQL: API-only `tenure serve` processes and `tenure worker` processes
// sharing a database, a local SMTP server and webhook receiver, mixed HTTP load spread over the
// APIs, one worker SIGKILLed while it runs loyalty earning, and the checks that every piece of
// work was done exactly once. Shared by test/scale-out.test.ts (CI size) and bench/scale-out.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { jobDefinitions, SWEEP_IMPORTS_JOB } from '../../src/jobs/definitions.ts';
import { startJobQueue } from '../../src/jobs/queue.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { silentLogger } from '../../src/logger.ts';
import { apiCall, bin, createWorkspace, type ProcessEnv, processEnv } from './processes.ts';
import { type Receiver, startReceiver } from './receiver.ts';
import { type Smtp, startSmtp } from './smtp.ts';
import { waitFor } from './wait.ts';

export type Proc = { name: string; child: ChildProcess; exited: Promise<number | null>; base?: string };

/** Starts `tenure serve` (API only on PostgreSQL) or `tenure worker`; resolves once it says it runs. */
export function startProc(p: ProcessEnv, name: string, kind: 'api' | 'worker'): Promise<Proc> {
  const args = kind === 'api' ? ['serve', '--port', '0'] : ['worker'];
  // The application name tells this process's sessions apart in pg_stat_activity.
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...p.env, PGAPPNAME: `tenure-scale-${name}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const api = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (api) resolve({ name, child, exited, base: api[1].replace('localhost', '127.0.0.1') });
      else if (kind === 'worker' && /worker is running/.test(out)) resolve({ name, child, exited });
    });
    void exited.then((code) => reject(new Error(`${name} exited with ${code}:\n${out}`)));
  });
}

export type Size = { customers: number; transactionsPerCustomer: number; complaints: number; reads: number };
export type KindStats = { kind: string; count: number; perSecond: number; p50: number; p99: number };
export type ScaleOutResult = {
  apis: number;
  workers: number;
  http: KindStats[];
  httpTotal: { count: number; perSecond: number; p99: number };
  /** Seconds from the last request to every job's effect being in place. */
  drainSeconds: number;
  jobsPerSecond: number;
  /** The worker SIGKILLed inside an earning transaction, if any. */
  killedMidJob: string | undefined;
  checks: {
    transactions: number;
    earnEntries: number;
    transactionsWithoutOneEntry: number;
    ledgerViolations: number;
    notificationsSent: number;
    mails: number;
    notificationsMailedTwice: number;
    complaintEvents: number;
    webhookEventIdsReceived: number;
    webhookEventsDeliveredTwice: number;
    scoringRun: string;
    breached: number;
  };
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Runs one scale-out round on a fresh PostgreSQL database and returns what it measured and checked. */
export async function runScaleOut(o: {
  apis: number;
  workers: number;
  size: Size;
  /** SIGKILL the first worker while it runs loyalty earning (needs two workers). */
  kill: boolean;
  concurrency?: number;
  /** Progress lines (phases), for a run that takes long. */
  progress?: (line: string) => void;
}): Promise<ScaleOutResult> {
  const t0 = performance.now();
  const progress = (line: string) => o.progress?.(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
  const smtp: Smtp = await startSmtp();
  const rx: Receiver = await startReceiver();
  const p = await processEnv({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    MAIL_FROM: 'care@tenure.test',
    OUTBOX_POLL_SECONDS: '0.2',
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
    WEBHOOKS_TIMEOUT_MS: '5000',
  });
  const procs: Proc[] = [];
  const admin = new pg.Client({ connectionString: p.env.DATABASE_URL });
  try {
    const { workspaceId, apiToken } = await createWorkspace(p, 'Scale Out');
    const started = await Promise.all([
      ...Array.from({ length: o.apis }, (_, i) => startProc(p, `api${i + 1}`, 'api')),
      ...Array.from({ length: o.workers }, (_, i) => startProc(p, `worker${i + 1}`, 'worker')),
    ]);
    procs.push(...started);
    progress(`${o.apis} APIs and ${o.workers} workers running`);
    const apis = procs.filter((x) => x.base);
    const workers = procs.filter((x) => !x.base);
    await admin.connect();
    const sql = async (text: string, values: unknown[] = []) => (await admin.query(text, values)).rows;

    const latencies = new Map<string, number[]>();
    let calls = 0;
    const call = async (kind: string, method: string, path: string, body?: unknown) => {
      const api = apis[calls++ % apis.length];
      const t0 = performance.now();
      try {
        return await apiCall(api.base as string, apiToken, method, path, body);
      } finally {
        (latencies.get(kind) ?? latencies.set(kind, []).get(kind))?.push(performance.now() - t0);
      }
    };
    /** Runs `count` operations over `concurrency` loops. */
    const spread = async (count: number, op: (i: number) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(count, o.concurrency ?? 12) }, async () => {
          while (next < count) await op(next++);
        }),
      );
    };

    // Setup: a points program, a webhook endpoint for complaint events.
    await call('setup', 'PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
    await call('setup', 'POST', '/products', { sku: 'TEA', name: 'Tea', listPriceMinor: 1250 });
    await call('setup', 'POST', '/webhooks', { url: rx.url('/hook'), eventTypes: ['complaint.'] });

    const { size } = o;
    const loadStarted = performance.now();
    const customerIds: string[] = [];
    let killing: Promise<void> | undefined;
    let killed: string | undefined;
    const killWhenEarning = async () => {
      // Catch a worker inside the earning job: hold off writes to the ledger until a worker's
      // earning transaction waits on them, SIGKILL that worker there, then let the others go on.
      const blocker = new pg.Client({ connectionString: p.env.DATABASE_URL });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('lock table loyalty_entries in exclusive mode');
        const [waiting] = await waitFor(
          async () => {
            const rows = await sql(
              `select a.application_name from pg_locks l join pg_stat_activity a using (pid)
                where not l.granted and l.relation = 'loyalty_entries'::regclass
                  and a.application_name like 'tenure-scale-worker%'`,
            );
            return rows.length > 0 && rows;
          },
          {
            what: async () =>
              `a worker to be writing loyalty earnings: ${JSON.stringify(
                await sql(
                  `select (select count(*) from loyalty_earn_queue) queued, (select count(*) from transactions) transactions,
                          (select json_agg(json_build_object('state', state, 'n', n)) from
                             (select state, count(*) n from pgboss.job where name = 'loyalty.earn' group by state) j) jobs`,
                ),
              )}`,
            timeoutMs: 30_000,
            intervalMs: 20,
          },
        );
        const victim = workers.find((w) => `tenure-scale-${w.name}` === waiting.application_name);
        if (!victim) throw new Error(`no worker named ${waiting.application_name}`);
        progress(`${victim.name} is inside an earning transaction: SIGKILL`);
        victim.child.kill('SIGKILL');
        await victim.exited;
        killed = victim.name;
      } finally {
        await blocker.query('commit');
        await blocker.end();
      }
    };

    // Phase 1: customers (with e-mail consent) and their purchases, reads, over every API.
    await spread(size.customers, async (i) => {
      const c = await call('customer create', 'POST', '/customers', {
        name: `Customer ${i}`,
        email: `c${i}@example.com`,
        externalId: `C${i}`,
      });
      await call('consent', 'PUT', `/customers/${c.id}/consents`, {
        consents: [{ channel: 'email', purpose: 'service', granted: true }],
      });
      customerIds.push(c.id);
      for (let t = 0; t < size.transactionsPerCustomer; t++) {
        if (o.kill && !killing && i === Math.floor(size.customers / 4)) killing = killWhenEarning();
        await call('transaction create', 'POST', '/transactions', {
          customerId: c.id,
          externalId: `T${i}-${t}`,
          occurredAt: new Date(Date.UTC(2026, 0, 1 + t, 10)).toISOString(),
          lines: [{ sku: 'TEA', quantity: 1 + (t % 3), unitPriceMinor: 1250 + i }],
        });
      }
    });
    await spread(size.reads, async (i) => {
      const id = customerIds[i % customerIds.length];
      await call(i % 2 ? 'customer 360 read' : 'customer read', 'GET', `/customers/${id}${i % 2 ? '/overview' : ''}`);
    });
    await killing;
    progress('customers, purchases and reads done');

    // Phase 2: complaints (mail + webhook each), a scoring run, more reads.
    await spread(size.complaints, async (i) => {
      const c = await call('complaint create', 'POST', '/complaints', {
        customerId: customerIds[i % customerIds.length],
        category: 'billing',
        channel: 'phone',
        subject: `Charged twice ${i}`,
        description: 'Two charges for one order',
      });
      await call('complaint move', 'POST', `/complaints/${c.id}/transitions`, { to: 'under_analysis' });
      await call('complaint move', 'POST', `/complaints/${c.id}/transitions`, {
        to: 'valid',
        severity: 'high',
        reason: 'Confirmed on the statement',
      });
    });
    const run = await call('scoring run', 'POST', '/analytics/score-runs', { mode: 'full' });
    await spread(size.reads, async (i) => {
      await call('customer list', 'GET', `/customers?limit=25&q=Customer%20${i % 10}`);
    });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    progress('complaints, scoring run and list reads done');

    // The SLA sweep: deadlines moved into the past (time passing), the sweep job sent as cron
    // would; and one more earning request (the killed worker's job stays claimed until it expires).
    await sql(`update complaints set deadline_at = now() - interval '1 minute' where workspace_id = $1`, [workspaceId]);
    const database = await openDatabase({ databaseUrl: p.env.DATABASE_URL, poolSize: 2 });
    const queue = await startJobQueue(
      { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => new Date() },
      { definitions: jobDefinitions.filter((d) => d.name !== SWEEP_IMPORTS_JOB), work: false, schedule: false },
    );
    await queue.send('complaints.sla-sweep', {});
    await queue.send('loyalty.earn', { workspaceId });
    await queue.stop();
    await database.close();

    progress('SLA sweep and earning sent; waiting for the jobs');
    const drainStarted = performance.now();
    let state = '';
    const transactions = size.customers * size.transactionsPerCustomer;
    await waitFor(
      async () => {
        const [earned] = await sql(
          `select count(*)::int n from loyalty_entries where workspace_id = $1 and kind = 'earn'`,
          [workspaceId],
        );
        const [r] = await sql(`select status from scoring_runs where workspace_id = $1 and id = $2`, [
          workspaceId,
          run.id,
        ]);
        const [events] = await sql(
          `select count(*)::int n from domain_events where workspace_id = $1 and type like 'complaint.%'`,
          [workspaceId],
        );
        const [breached] = await sql(
          `select count(*)::int n from complaints where workspace_id = $1 and sla_state = 'breached'`,
          [workspaceId],
        );
        const [outbox] = await sql(
          `select count(*)::int total, count(*) filter (where status in ('pending', 'sending'))::int open,
                  count(*) filter (where status = 'sent')::int sent
             from notifications where workspace_id = $1`,
          [workspaceId],
        );
        const hooks = new Set(rx.on('/hook').map((h) => h.headers['tenure-event-id'])).size;
        state = JSON.stringify({
          earned: earned.n,
          transactions,
          run: r.status,
          breached: breached.n,
          outbox,
          mails: smtp.mails.length,
          hooks,
          events: events.n,
        });
        return (
          earned.n >= transactions &&
          ['succeeded', 'failed'].includes(r.status) &&
          breached.n >= size.complaints &&
          // registered, validated and breached: a message each
          outbox.total >= size.complaints * 3 &&
          outbox.open === 0 &&
          smtp.mails.length >= outbox.sent &&
          hooks >= events.n
        );
      },
      // 90 s at CI size; a full-size run on a shared machine earns ~100 purchases a second at worst.
      { what: () => `every job to finish: ${state}`, timeoutMs: Math.max(90_000, transactions * 30), intervalMs: 100 },
    );
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    // A moment for anything that would run twice to show itself.
    await new Promise((r) => setTimeout(r, 1500));

    const [perTx] = await sql(
      `select count(*)::int transactions,
              count(*) filter (where n <> 1)::int wrong,
              coalesce(sum(n), 0)::int entries
         from (select t.id, (select count(*) from loyalty_entries e
                              where e.workspace_id = t.workspace_id and e.transaction_id = t.id and e.kind = 'earn') n
                 from transactions t where t.workspace_id = $1) x`,
      [workspaceId],
    );
    const [ledger] = await sql(
      `select count(*)::int n from loyalty_accounts a
        where a.workspace_id = $1
          and a.balance <> (select coalesce(sum(points), 0) from loyalty_entries e
                             where e.workspace_id = a.workspace_id and e.customer_id = a.customer_id)`,
      [workspaceId],
    );
    const [sent] = await sql(`select count(*)::int n from notifications where workspace_id = $1 and status = 'sent'`, [
      workspaceId,
    ]);
    const mailIds = smtp.mails.map((m) => String(m.headers.get('x-tenure-notification-id')));
    const [events] = await sql(
      `select count(*)::int n from domain_events where workspace_id = $1 and type like 'complaint.%'`,
      [workspaceId],
    );
    const hookIds = rx.on('/hook').map((h) => String(h.headers['tenure-event-id']));
    const [r] = await sql(`select status from scoring_runs where workspace_id = $1 and id = $2`, [workspaceId, run.id]);
    const [breached] = await sql(
      `select count(*)::int n from complaints where workspace_id = $1 and sla_state = 'breached'`,
      [workspaceId],
    );
    const [jobs] = await sql(
      `select count(*)::int n from pgboss.job where state = 'completed' and completed_on > now() - make_interval(secs => $1)`,
      [loadSeconds + drainSeconds + 5],
    );

    const http: KindStats[] = [...latencies]
      .filter(([kind]) => kind !== 'setup')
      .map(([kind, xs]) => {
        const s = [...xs].sort((a, b) => a - b);
        return {
          kind,
          count: s.length,
          perSecond: s.length / loadSeconds,
          p50: quantile(s, 0.5),
          p99: quantile(s, 0.99),
        };
      });
    const every = [...latencies]
      .filter(([k]) => k !== 'setup')
      .flatMap(([, xs]) => xs)
      .sort((a, b) => a - b);
    return {
      apis: o.apis,
      workers: o.workers,
      http,
      httpTotal: { count: every.length, perSecond: every.length / loadSeconds, p99: quantile(every, 0.99) },
      drainSeconds,
      jobsPerSecond: jobs.n / (loadSeconds + drainSeconds),
      killedMidJob: killed,
      checks: {
        transactions: perTx.transactions,
        earnEntries: perTx.entries,
        transactionsWithoutOneEntry: perTx.wrong,
        ledgerViolations: ledger.n,
        notificationsSent: sent.n,
        mails: mailIds.length,
        notificationsMailedTwice: mailIds.length - new Set(mailIds).size,
        complaintEvents: events.n,
        webhookEventIdsReceived: new Set(hookIds).size,
        webhookEventsDeliveredTwice: hookIds.length - new Set(hookIds).size,
        scoringRun: r.status,
        breached: breached.n,
      },
    };
  } finally {
    await admin.end().catch(() => {});
    for (const x of procs) if (x.child.exitCode === null && x.child.signalCode === null) x.child.kill('SIGTERM');
    await Promise.all(procs.map((x) => x.exited.catch(() => null)));
    await p.dispose();
    await smtp.close();
    await rx.close();
  }
}
