// Cohort-matrix and KPI-home benchmark on PostgreSQL: a new database with N customers and about P
// purchases each over 24 months (first purchase uniform over the window, the rest uniform after it;
// seeded), a contract for one customer in ten. Measured in the same run and database:
// - the roll-up's full build, then R requests for the 24 × 24 matrix through the use case behind
//   GET /kpis/cohorts (customers and revenue in turn; each includes the freshness check), p50/p95;
// - an incremental refresh after I new purchases (a read right after them, which takes them in);
// - the reference: the matrix computed from the raw transactions (rawCohortMatrix, RR requests),
//   and one plain GROUP BY of the same rows by calendar month (no cohorts), the floor of any
//   query that reads every transaction of the window;
// - the KPI home's first load (web/src/pages/kpis/KpisPage.tsx): /kpis/summary,
//   /kpis/revenue-retention, /kpis/complaints-trend and /kpis/cohorts for the last 12 months,
//   together as the browser sends them, and each alone; beside it, in the same run, the raw reads
//   behind the same figures (the summary's purchase activity over the transactions, revenue
//   retention from the contracts, the 12-month matrix from the transactions), together and alone;
//   and alone, the two reads migration 0041 replaced (revenue retention from the MRR runs, the
//   active-customer count from the rows), each checked equal to its replacement;
// - a revenue read right after contract changes (value changes, cancellations), which takes them in.
// Options: --customers N (1000000), --per P (5), --reads R (20), --raw-reads RR (3), --inserts I
// (1000), --keep; --database NAME reuses a database an earlier run kept (no load; migrated to the
// latest schema, kept), --load-only stops after loading (and keeps it), --skip-raw-matrix leaves out
// the 24-month raw matrix and plain GROUP BY references.
import { sql } from 'drizzle-orm';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { purchaseActivity } from '../src/modules/commerce/index.ts';
import { countActiveCustomers } from '../src/modules/customers/index.ts';
import {
  cohortMatrix,
  complaintsTrend,
  kpiSummary,
  rawCohortMatrix,
  rawRevenueRetentionKpi,
  rebuildCohortRollup,
  revenueRetentionKpi,
} from '../src/modules/kpis/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { arg } from './args.ts';

const start = '2025-01-01T00:00:00Z';
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

async function timed(reads: number, run: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < reads; i++) {
    const t0 = performance.now();
    await run(i);
    ms.push(performance.now() - t0);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

/** A new workspace with `n` customers, ~n × per purchases and contracts (one customer in ten); its id. */
async function load(deps: Deps, n: number, per: number): Promise<string> {
  const { database } = deps;
  const { workspace } = await createWorkspaceWithOwner(deps, {
    workspace: { name: 'Cohorts bench', currency: 'USD' },
    owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
  });
  const ws = workspace.id;
  console.log(`Loading ${fmt(n)} customers and ~${fmt(n * per)} purchases …`);

  await database.executeSql('select setseed(0.42)');
  await queryRows(
    database.db,
    sql`insert into customers (workspace_id, id, name) select ${ws}, gen_random_uuid(), 'C' || g from generate_series(1, ${n}) g`,
  );
  // Per customer: a first purchase uniform over the 730 days, then per − 1 more uniform after it.
  await queryRows(
    database.db,
    sql`insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor)
        select ${ws}, gen_random_uuid(), c.id, 'purchase',
               ${start}::timestamptz + make_interval(secs => (c.d0 + case when j = 1 then 0 else random() * (730 - c.d0) end) * 86400),
               'USD', t, t / 3
        from (select id, random() * 730 d0 from customers where workspace_id = ${ws}) c,
             generate_series(1, ${per}) j, lateral (select (500 + random() * 20000)::bigint t) amount`,
  );
  // One customer in ten holds a contract started in the window, a fifth of them cancelled since.
  await queryRows(
    database.db,
    sql`insert into contracts (workspace_id, id, customer_id, plan, status, started_at, monthly_value_minor, currency, cancelled_at)
        select ${ws}, gen_random_uuid(), id, 'Plan', case when c then 'cancelled' else 'active' end, s, 1000 + (random() * 9000)::int, 'USD',
               case when c then s + interval '200 days' else null end
        from (select id, random() < 0.2 c, ${start}::timestamptz + make_interval(days => (random() * 700)::int) s
              from customers where workspace_id = ${ws} and random() < 0.1) x`,
  );
  // A third of the contracts change value once (up or down), 30 to 330 days after they start.
  await queryRows(
    database.db,
    sql`insert into contract_value_changes (workspace_id, id, contract_id, effective_at, monthly_value_minor)
        select ${ws}, gen_random_uuid(), id, started_at + make_interval(days => 30 + (random() * 300)::int),
               greatest(0, monthly_value_minor + (random() * 4000)::int - 2000)
        from contracts where workspace_id = ${ws} and random() < 1.0 / 3`,
  );
  await database.executeSql('analyze');
  return ws;
}

export async function main(args: string[]) {
  const n = arg(args, 'customers', 1_000_000);
  const per = arg(args, 'per', 5);
  const reads = arg(args, 'reads', 20);
  const rawReads = arg(args, 'raw-reads', 3);
  const inserts = arg(args, 'inserts', 1000);
  const loadOnly = args.includes('--load-only');
  const skipRawMatrix = args.includes('--skip-raw-matrix');
  const reuse = args.includes('--database') ? args[args.indexOf('--database') + 1] : null;
  const keep = args.includes('--keep') || loadOnly || reuse !== null;
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = reuse ?? `cohorts_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  if (!reuse) await client.query(`create database ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  try {
    await migrateDatabase(database);
    const now = new Date('2026-12-15T00:00:00Z');
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => now };
    const t0 = performance.now();
    const ws = reuse
      ? (await queryRows<{ id: string }>(database.db, sql`select id from workspaces where name = 'Cohorts bench'`))[0]
          .id
      : await load(deps, n, per);
    if (loadOnly) return console.log(`Loaded into ${dbName} (kept).`);
    const loadMs = performance.now() - t0;
    const [{ tx }] = await queryRows<{ tx: number }>(
      database.db,
      sql`select count(*)::int tx from transactions where workspace_id = ${ws}`,
    );
    const loadAvg = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    const cpu0 = process.cpuUsage();
    // Each stage's figure as soon as it is measured (stderr), in case a slow machine stops the run.
    const progress = (what: string, t: { p50: number; p95: number } | number) =>
      console.error(
        `[${new Date().toISOString()}] ${what}: ${typeof t === 'number' ? `${fmt(t)} ms` : `p50 ${fmt(t.p50)} ms, p95 ${fmt(t.p95)} ms`} (load ${loadAvg()})`,
      );
    progress(`loaded ${fmt(n)} customers, ${fmt(tx)} transactions`, loadMs);

    const q = { from: '2025-01', to: '2026-12' };
    const build0 = performance.now();
    const built = await rebuildCohortRollup(deps, ws);
    const buildMs = performance.now() - build0;
    progress('roll-up full build', buildMs);
    await database.executeSql('analyze kpi_cohort_customers, kpi_cohort_cells, kpi_activity_cells, kpi_mrr_segments');
    const first = await cohortMatrix(deps, ws, { ...q, metric: 'customers' });
    const matrix = await timed(reads, (i) => cohortMatrix(deps, ws, { ...q, metric: i % 2 ? 'revenue' : 'customers' }));
    progress('matrix from the roll-up', matrix);

    // New purchases of random customers this month, then one read: it takes them in first.
    await queryRows(
      database.db,
      sql`insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor)
          select ${ws}, gen_random_uuid(), id, 'purchase', '2026-12-10T00:00:00Z'::timestamptz + make_interval(secs => g), 'USD', 1000, 300
          from (select id, row_number() over () g from customers where workspace_id = ${ws} order by random() limit ${inserts}) c`,
    );
    const inc0 = performance.now();
    const fresh = await cohortMatrix(deps, ws, { ...q, metric: 'customers' });
    const incrementalMs = performance.now() - inc0;
    progress(`read after ${inserts} new purchases`, incrementalMs);

    // The 24-month references (skipped with --skip-raw-matrix: minutes at 1M, and not the KPI home's).
    const none = { p50: NaN, p95: NaN };
    const raw = skipRawMatrix
      ? none
      : await timed(rawReads, (i) => rawCohortMatrix(deps, ws, { ...q, metric: i % 2 ? 'revenue' : 'customers' }));
    const same = skipRawMatrix
      ? null
      : JSON.stringify(await rawCohortMatrix(deps, ws, { ...q, metric: 'customers' })) === JSON.stringify(fresh);
    const plain = skipRawMatrix
      ? none
      : await timed(rawReads, () =>
          queryRows(
            database.db,
            sql`select date_trunc('month', occurred_at at time zone 'UTC') m, count(distinct customer_id) customers, sum(total_minor) revenue
                from transactions where workspace_id = ${ws} and occurred_at >= ${start}::timestamptz and occurred_at < '2027-01-01T00:00:00Z'
                group by 1`,
          ),
        );

    // Contract changes (a value change for one contract in twenty, a cancellation for one in forty),
    // then one revenue read: it takes them in first.
    await queryRows(
      database.db,
      sql`insert into contract_value_changes (workspace_id, id, contract_id, effective_at, monthly_value_minor)
          select ${ws}, gen_random_uuid(), id, '2026-12-05T10:17:00Z', monthly_value_minor + 500
          from contracts where workspace_id = ${ws} and random() < 0.05
          on conflict do nothing`,
    );
    await queryRows(
      database.db,
      sql`update contracts set status = 'cancelled', cancelled_at = '2026-12-06T00:00:00Z'
          where workspace_id = ${ws} and status = 'active' and random() < 0.025`,
    );
    const home = { from: '2026-01', to: '2026-12' };
    const rev0 = performance.now();
    const revenueFresh = await revenueRetentionKpi(deps, ws, home);
    const revenueIncrementalMs = performance.now() - rev0;
    progress('revenue read after contract changes', revenueIncrementalMs);

    // The KPI home's first load (KpisPage.tsx): its four calls for the last 12 months, together as
    // the browser sends them, and each alone; then the raw reads behind the same figures.
    const homeReads = Math.max(3, Math.ceil(reads / 4));
    const calls = {
      'GET /kpis/summary': () => kpiSummary(deps, ws, home),
      'GET /kpis/revenue-retention': () => revenueRetentionKpi(deps, ws, home),
      'GET /kpis/complaints-trend': () => complaintsTrend(deps, ws, home),
      'GET /kpis/cohorts (12 months)': () => cohortMatrix(deps, ws, { ...home, metric: 'customers' }),
    };
    const page = await timed(homeReads, () => Promise.all(Object.values(calls).map((f) => f())));
    progress('KPI home, together', page);
    const alone: [string, { p50: number; p95: number }][] = [];
    for (const [name, f] of Object.entries(calls)) alone.push([name, await timed(homeReads, f)]);
    // The reads the movement cells and the kept active count replaced (0041), same run, for comparison.
    const everyone = () => sql`true`;
    const replaced = {
      'revenue retention from the MRR runs (the read before the movement cells)': () =>
        revenueRetentionKpi(deps, ws, home, 'runs'),
      'active customers counted from the rows (the read before the kept count)': () =>
        countActiveCustomers(database.db, ws, everyone),
    };
    const before: [string, { p50: number; p95: number }][] = [];
    for (const [name, f] of Object.entries(replaced)) before.push([name, await timed(homeReads, f)]);
    const sameCells =
      JSON.stringify(await revenueRetentionKpi(deps, ws, home)) ===
      JSON.stringify(await revenueRetentionKpi(deps, ws, home, 'runs'));
    const sameCount =
      (await countActiveCustomers(database.db, ws)) === (await countActiveCustomers(database.db, ws, everyone));
    // The summary's purchase activity as it was read before the roll-up: two windows over the transactions.
    const m = (y: number, mo: number) => new Date(Date.UTC(y, mo - 1, 1));
    const rawActivity = () =>
      Promise.all([
        purchaseActivity(database.db, ws, { before: m(2025, 1), from: m(2026, 1), to: m(2027, 1) }),
        purchaseActivity(database.db, ws, { before: m(2024, 1), from: m(2025, 1), to: m(2026, 1) }),
      ]);
    const rawCalls = {
      'summary with its purchase activity from the transactions': () => kpiSummary(deps, ws, home, 'raw'),
      'revenue retention from the contracts': () => rawRevenueRetentionKpi(deps, ws, home),
      'cohort matrix (12 months) from the transactions': () =>
        rawCohortMatrix(deps, ws, { ...home, metric: 'customers' }),
    };
    const rawPage = await timed(rawReads, () =>
      Promise.all([...Object.values(rawCalls).map((f) => f()), complaintsTrend(deps, ws, home)]),
    );
    const rawActivityAlone = await timed(rawReads, rawActivity);
    progress('KPI home from raw rows, together', rawPage);
    const rawAlone: [string, { p50: number; p95: number }][] = [];
    for (const [name, f] of Object.entries(rawCalls)) rawAlone.push([name, await timed(rawReads, f)]);
    const [summaryNow, [activityRaw]] = await Promise.all([kpiSummary(deps, ws, home), rawActivity()]);
    const sameSummary =
      summaryNow.logoRetention.current.numerator === activityRaw.retained &&
      summaryNow.logoRetention.current.denominator === activityRaw.activeBefore &&
      summaryNow.repeatPurchaseRate.current.numerator === activityRaw.repeaters &&
      summaryNow.repeatPurchaseRate.current.denominator === activityRaw.active;
    const sameRevenue = JSON.stringify(revenueFresh) === JSON.stringify(await rawRevenueRetentionKpi(deps, ws, home));
    const cpu = process.cpuUsage(cpu0);

    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows as { v: string }[];
    console.log(
      `\n${fmt(n)} customers, ${fmt(tx)} transactions (loaded in ${(loadMs / 1000).toFixed(1)} s); ${first.cohorts.length} cohorts × up to ${first.cohorts[0].values.length} months; roll-up ${fmt(built.customers)} customer rows; ${reads} requests each (raw: ${rawReads}, KPI home: ${homeReads}); load average ${loadAvg()} at the end; bench process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${version.v.split(',')[0]}\n`,
    );
    console.log('| query | p50 ms | p95 ms |');
    console.log('|---|---:|---:|');
    console.log(
      `| 24 × 24 cohort matrix from the roll-up (GET /kpis/cohorts use case) | ${fmt(matrix.p50)} | ${fmt(matrix.p95)} |`,
    );
    console.log(
      `| 24 × 24 cohort matrix from raw transactions (reference, same run) | ${fmt(raw.p50)} | ${fmt(raw.p95)} |`,
    );
    console.log(
      `| plain GROUP BY month of the same rows (floor of a raw read) | ${fmt(plain.p50)} | ${fmt(plain.p95)} |`,
    );
    console.log(
      `| **KPI home first load from the roll-ups: summary + revenue retention + complaints trend + cohorts, together** | ${fmt(page.p50)} | ${fmt(page.p95)} |`,
    );
    for (const [name, t] of alone) console.log(`| — ${name} alone | ${fmt(t.p50)} | ${fmt(t.p95)} |`);
    for (const [name, t] of before) console.log(`| — (reference) ${name} alone | ${fmt(t.p50)} | ${fmt(t.p95)} |`);
    console.log(
      `| KPI home from raw rows (reference, same run), together | ${fmt(rawPage.p50)} | ${fmt(rawPage.p95)} |`,
    );
    for (const [name, t] of rawAlone) console.log(`| — ${name} alone | ${fmt(t.p50)} | ${fmt(t.p95)} |`);
    console.log(
      `| — of which the summary's two purchase-activity queries alone | ${fmt(rawActivityAlone.p50)} | ${fmt(rawActivityAlone.p95)} |`,
    );
    console.log('\n| roll-up work | ms |');
    console.log('|---|---:|');
    console.log(`| full build (${fmt(built.customers)} customers) | ${fmt(buildMs)} |`);
    console.log(`| read after ${fmt(inserts)} new purchases (incremental refresh + matrix) | ${fmt(incrementalMs)} |`);
    console.log(`| revenue read after contract changes (incremental refresh + read) | ${fmt(revenueIncrementalMs)} |`);
    console.log(
      `\nRoll-up matrix after the new purchases equals the raw one: ${same === null ? 'not checked' : same ? 'yes' : 'NO'}`,
    );
    console.log(`Summary's purchase activity equals the raw query: ${sameSummary ? 'yes' : 'NO'}`);
    console.log(`Revenue retention after the contract changes equals the raw one: ${sameRevenue ? 'yes' : 'NO'}`);
    console.log(`Revenue retention from the movement cells equals the one from the runs: ${sameCells ? 'yes' : 'NO'}`);
    console.log(`The kept active-customer count equals the rows' count: ${sameCount ? 'yes' : 'NO'}`);
  } finally {
    await database.close();
    if (!keep) await client.query(`drop database ${dbName}`);
    await client.end();
  }
}
