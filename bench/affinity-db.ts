// Affinity-run benchmark on PostgreSQL (default) or PGlite (--pglite): a new database with C
// customers of one of 12 category tastes, P products in 12 categories and about L order lines
// (orders of 1–4 lines, generated in SQL), then one full affinity run — purchases read through a
// cursor a batch of transactions at a time, rules at product and category level from orders and
// portfolios, portfolio pairs, offline evaluation, the next-best offer of every customer, bundle
// suggestions and the micro-segments (k-means, k by silhouette) with their churn risk — in a
// process of its own (bench/affinity-db-job.ts), with each stage's wall time, CPU seconds and the
// peak resident memory sampled while it ran, and that process's high-water mark (which sampling
// cannot miss, and which nothing done here before the run pollutes). Comparison points in the same
// database and run: the same cursor read of the purchases without the run's work (what reading
// alone costs), and the server-side floor: one count over the join of every purchase line.
// Options: --customers C (1000000), --lines L (5000000), --products P (2000), --pglite, --keep,
// --database NAME (PostgreSQL: reuse a database an earlier run kept with --keep; no load; kept),
// --tsx (the job's process runs the TypeScript through tsx, as in development, not bundled).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { build } from 'esbuild';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { BATCH_TRANSACTIONS } from '../src/modules/affinity/affinity.read.ts';
import { forEachPurchaseBatch } from '../src/modules/commerce/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import type { JobReport } from './affinity-db-job.ts';
import { arg } from './args.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(2);
const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;

/** Customers, products, orders and lines generated in SQL (deterministic: no random()). */
export async function load(database: Database, ws: string, c: number, lines: number, p: number) {
  const q = (text: string) => database.executeSql(text);
  const orders = Math.round(lines / 2.5);
  await q(`insert into products (workspace_id, id, sku, name, category, list_price_minor, unit_cost_minor, currency)
    select '${ws}', gen_random_uuid(), 'SKU-' || i, 'Product ' || i, 'Category ' || (i % 12),
      1000 + (i * 37 % 50) * 100, 500 + (i * 11 % 30) * 50, 'USD' from generate_series(0, ${p - 1}) i`);
  await q(`create unlogged table bench_products as
    select (row_number() over (order by category, id))::int - 1 as k, id, sku, list_price_minor, unit_cost_minor
    from products where workspace_id = '${ws}'`);
  await q(`insert into customers (workspace_id, id, name, external_id, created_at, updated_at)
    select '${ws}', gen_random_uuid(), 'Customer ' || i, 'c' || i, now(), now() from generate_series(0, ${c - 1}) i`);
  await q(`create unlogged table bench_customers as
    select substr(external_id, 2)::int as i, id from customers where workspace_id = '${ws}'`);
  await q(`create unlogged table bench_orders as
    select o, gen_random_uuid() as id, bc.id as customer_id, o % ${c} as ci,
      timestamptz '2026-05-01' - ((o / ${c}) * interval '9 days') - ((o::bigint * 7919) % 86400) * interval '1 second' as at,
      1 + (o * 2654435761::bigint % 4)::int as size
    from generate_series(0, ${orders - 1}) o join bench_customers bc on bc.i = o % ${c}`);
  // A line's product: mostly from the customer's taste (category ci mod 12), else anywhere.
  const per = Math.floor(p / 12);
  await q(`insert into transaction_lines (workspace_id, transaction_id, line_no, product_id, sku, quantity, unit_price_minor, unit_cost_minor, total_minor)
    select '${ws}', o.id, n, bp.id, bp.sku, 1, bp.list_price_minor, bp.unit_cost_minor, bp.list_price_minor
    from bench_orders o cross join lateral generate_series(1, o.size) n
    join bench_products bp on bp.k = case when ((o.o * 31 + n * 17) % 10) < 7
        then (o.ci % 12) * ${per} + ((o.o * 13 + n * 101) % ${per})
        else ((o.o * 7 + n * 1009) % ${p}) end`);
  await q(`insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, cost_minor, gross_margin_minor, item_count)
    select '${ws}', o.id, o.customer_id, 'purchase', o.at, 'USD', s.total, s.cost, s.total - s.cost, o.size
    from bench_orders o join (select transaction_id, sum(total_minor) total, sum(unit_cost_minor) cost from transaction_lines
      where workspace_id = '${ws}' group by transaction_id) s on s.transaction_id = o.id`);
  await q('drop table bench_products; drop table bench_customers; drop table bench_orders; analyze');
}

/**
 * The run in a child process of its own, as the worker runs it in production: bundled JavaScript
 * (esbuild, as `npm run build:cli` builds the CLI), not TypeScript compiled at start-up by tsx,
 * whose compiler and loader thread alone hold ~110 MB. Returns the child's report.
 */
async function runJob(where: string, ws: string, viaTsx: boolean): Promise<JobReport> {
  const root = path.resolve(import.meta.dirname, '..');
  const bundle = path.join(root, 'dist/bench-affinity-db-job.mjs');
  await build({
    entryPoints: [path.join(root, 'bench/affinity-db-job.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: bundle,
    logLevel: 'warning',
  });
  const command = viaTsx ? [...process.execArgv, path.join(root, 'bench/affinity-db-job.ts')] : [bundle];
  const r = spawnSync(process.execPath, [...command, where, ws], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`affinity-db-job failed (${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as JobReport;
}

export async function main(args: string[]) {
  const customers = arg(args, 'customers', 1_000_000);
  const lines = arg(args, 'lines', 5_000_000);
  const products = arg(args, 'products', 2_000);
  const onPglite = args.includes('--pglite');
  const reuse = args.includes('--database') ? args[args.indexOf('--database') + 1] : null;
  const keep = args.includes('--keep') || reuse !== null;
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = reuse ?? `affinity_bench_${Date.now()}`;
  let client: pg.Client | null = null;
  let database: Database;
  let where: string;
  let databaseUrl = '';
  let closed = false;
  if (onPglite) {
    where = fs.mkdtempSync(path.join(os.tmpdir(), 'affinity-bench-pglite-'));
    database = await openDatabase({ dataDir: where });
  } else {
    client = new pg.Client({ connectionString: admin });
    await client.connect();
    if (!reuse) await client.query(`create database ${dbName}`);
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    where = dbName;
    databaseUrl = u.toString();
    database = await openDatabase({ databaseUrl, poolSize: 4 });
  }
  try {
    if (!reuse) await migrateDatabase(database);
    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows;
    const asOf = new Date('2026-06-01T12:00:00Z');
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => asOf };
    let ws: string;
    let loadMs = 0;
    if (reuse) {
      ws = (await queryRows<{ id: string }>(database.db, sql`select id from workspaces limit 1`))[0].id;
    } else {
      const { workspace } = await createWorkspaceWithOwner(deps, {
        workspace: { name: 'Affinity bench', currency: 'USD' },
        owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
      });
      ws = workspace.id;
      console.log(
        `Loading ${fmt(customers)} customers, ${fmt(products)} products, ~${fmt(lines)} lines into ${where} …`,
      );
      const t0 = performance.now();
      await load(database, ws, customers, lines, products);
      loadMs = performance.now() - t0;
    }
    const [size] = await queryRows<{ lines: string; orders: string; customers: string }>(
      database.db,
      sql`select (select count(*) from transaction_lines where workspace_id = ${ws}) lines,
                 (select count(*) from transactions where workspace_id = ${ws}) orders,
                 (select count(*) from customers where workspace_id = ${ws}) customers`,
    );

    // Comparison 1: the server-side floor — one count over the join of every purchase line.
    const t1 = performance.now();
    await queryRows(
      database.db,
      sql`select count(*) from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
          where t.workspace_id = ${ws} and t.kind = 'purchase' and l.product_id is not null`,
    );
    const floorMs = performance.now() - t1;
    // Comparison 2: the run's read alone (the same cursor and batches), rows dropped.
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    let rows = 0;
    await forEachPurchaseBatch(database.db, ws, BATCH_TRANSACTIONS, (batch) => (rows += batch.length));
    const readMs = performance.now() - t2;
    const readCpu = process.cpuUsage(c2);

    // The run itself in a process of its own (bench/affinity-db-job.ts), as a worker runs it: its
    // high-water mark is the job's alone, not this process's load and comparison read.
    if (onPglite) {
      // PGlite's folder is one process's at a time.
      await database.close();
      closed = true;
    }
    const job = await runJob(onPglite ? where : databaseUrl, ws, args.includes('--tsx'));

    console.log(
      `\n${String(version.v).split(',')[0]}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}\n`,
    );
    console.log('| What | Value |');
    console.log('| --- | ---: |');
    console.log(
      `| Loaded (SQL) | ${fmt(Number(size.lines))} lines, ${fmt(Number(size.orders))} orders, ${fmt(Number(size.customers))} customers${reuse ? ` (kept in ${reuse})` : ` in ${secs(loadMs)} s`} |`,
    );
    console.log(
      `| **Affinity run, end to end (read, mine, evaluate, offers for every customer, segments, write), in a process of its own (${args.includes('--tsx') ? 'TypeScript through tsx' : 'bundled JavaScript'})** | **${secs(job.wallMs)} s** (CPU ${secs(job.cpuMs)} s) |`,
    );
    for (const st of job.stages)
      console.log(`| · ${st.stage} | ${secs(st.ms)} s (CPU ${st.cpu.toFixed(2)} s), peak RSS ${mb(st.peak)} |`);
    console.log(`| Next-best offer of every customer (stage "offers") | ${fmt(job.customers)} customers |`);
    console.log(`| Peak resident memory during the run (before: ${mb(job.rssBefore)}) | ${mb(job.peak)} |`);
    // Sampling misses peaks inside a stage's synchronous work; the kernel's high-water mark does not.
    console.log(
      `| **The job process's high-water mark** (getrusage maxRSS: its start and the run) | **${mb(job.maxRss)}** |`,
    );
    console.log(
      `| Comparison: the same read alone (cursor, rows dropped) (${fmt(rows)} transaction rows) | ${secs(readMs)} s (CPU ${secs((readCpu.user + readCpu.system) / 1000)} s) |`,
    );
    console.log(`| Comparison: server-side count over the join of every line | ${secs(floorMs)} s |`);
    console.log(
      `| Rules / bundles suggested / micro-segments (k) | ${fmt(job.rules)} / ${job.bundles} / ${job.k ?? '—'} |`,
    );
  } finally {
    if (!closed) await database.close();
    if (onPglite) {
      if (!keep) fs.rmSync(where, { recursive: true, force: true });
    } else if (client) {
      if (!keep) await client.query(`drop database ${dbName}`);
      await client.end();
    }
  }
}
