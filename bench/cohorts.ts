// Cohort-matrix benchmark on PostgreSQL: a new database with N customers and about P purchases
// each over 24 months (first purchase uniform over the window, the rest uniform after it; seeded),
// then R requests for the 24 × 24 matrix through the use case behind GET /kpis/cohorts (customers
// and revenue in turn), p50/p95. Comparison in the same run and database: one plain GROUP BY of the
// same rows by calendar month (distinct customers and revenue per month, no cohorts) — the floor
// of any query that reads every transaction of the window.
// Options: --customers N (200000), --per P (5), --reads R (20), --keep.
import { sql } from 'drizzle-orm';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { cohortMatrix } from '../src/modules/kpis/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
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

export async function main(args: string[]) {
  const n = arg(args, 'customers', 200_000);
  const per = arg(args, 'per', 5);
  const reads = arg(args, 'reads', 20);
  const keep = args.includes('--keep');
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `cohorts_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  try {
    await migrateDatabase(database);
    const now = new Date('2026-12-15T00:00:00Z');
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => now };
    const { workspace } = await createWorkspaceWithOwner(deps, {
      workspace: { name: 'Cohorts bench', currency: 'USD' },
      owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
    });
    const ws = workspace.id;
    console.log(`Loading ${fmt(n)} customers and ~${fmt(n * per)} purchases into ${dbName} …`);
    const t0 = performance.now();
    const start = '2025-01-01T00:00:00Z';
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
    await database.executeSql('analyze');
    const loadMs = performance.now() - t0;
    const [{ tx }] = await queryRows<{ tx: number }>(
      database.db,
      sql`select count(*)::int tx from transactions where workspace_id = ${ws}`,
    );

    const q = { from: '2025-01', to: '2026-12' };
    const first = await cohortMatrix(deps, ws, { ...q, metric: 'customers' });
    const matrix = await timed(reads, (i) => cohortMatrix(deps, ws, { ...q, metric: i % 2 ? 'revenue' : 'customers' }));
    const plain = await timed(reads, () =>
      queryRows(
        database.db,
        sql`select date_trunc('month', occurred_at at time zone 'UTC') m, count(distinct customer_id) customers, sum(total_minor) revenue
            from transactions where workspace_id = ${ws} and occurred_at >= ${start}::timestamptz and occurred_at < '2027-01-01T00:00:00Z'
            group by 1`,
      ),
    );
    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows as { v: string }[];
    console.log(
      `\n${fmt(n)} customers, ${fmt(tx)} transactions (loaded in ${(loadMs / 1000).toFixed(1)} s); ${first.cohorts.length} cohorts × up to ${first.cohorts[0].values.length} months; ${reads} requests each; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ${version.v.split(',')[0]}\n`,
    );
    console.log('| query | p50 ms | p95 ms |');
    console.log('|---|---:|---:|');
    console.log(`| 24 × 24 cohort matrix (GET /kpis/cohorts use case) | ${fmt(matrix.p50)} | ${fmt(matrix.p95)} |`);
    console.log(`| plain GROUP BY month of the same rows (comparison) | ${fmt(plain.p50)} | ${fmt(plain.p95)} |`);
  } finally {
    await database.close();
    if (!keep) await client.query(`drop database ${dbName}`);
    await client.end();
  }
}
