// Ingest benchmark: the demo business written to CSV, imported through the import engine on
// PostgreSQL and on PGlite, next to a raw COPY of the same files into bare tables on the same
// PostgreSQL (the ceiling); then the customer 360 read under concurrent load.
// Options: --customers N (default 100000), --concurrency C (default 16), --requests R (default 2000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { createApp } from '../src/http/app.ts';
import { silentLogger } from '../src/logger.ts';
import { csvLine } from '../src/lib/csv.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { generateDemo } from '../src/workflows/demo/generator.ts';
import { importFile } from '../src/workflows/import-file.ts';

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

function writeFiles(dir: string, customers: number) {
  const files = { products: path.join(dir, 'products.csv'), customers: path.join(dir, 'customers.csv'), transactions: path.join(dir, 'transactions.csv') };
  const out = { customers: fs.openSync(files.customers, 'w'), transactions: fs.openSync(files.transactions, 'w') };
  fs.writeSync(out.customers, csvLine(['external_id', 'name', 'email', 'phone', 'acquired_at', 'acquisition_channel', 'tags']));
  fs.writeSync(out.transactions, csvLine(['external_id', 'customer_external_id', 'occurred_at', 'channel', 'location', 'sku', 'quantity', 'unit_price_minor', 'unit_cost_minor', 'discount_minor']));
  let txRows = 0;
  let txCount = 0;
  let cBuf = '';
  let tBuf = '';
  const skus = new Map<string, [string, number, number]>();
  for (const b of generateDemo({ customers, seed: 7, start: new Date('2023-11-01T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z') })) {
    const c = b.customer;
    cBuf += csvLine([c.externalId, c.name, c.email, c.phone, c.acquiredAt, c.acquisitionChannel, c.tags]);
    for (const t of b.transactions) {
      if (t.returnOf) continue;
      txCount++;
      for (const l of t.lines) {
        skus.set(l.sku, [l.sku, l.unitPriceMinor, l.unitCostMinor]);
        tBuf += csvLine([t.externalId, t.customerExternalId, t.occurredAt, t.channel, t.location, l.sku, l.quantity, l.unitPriceMinor, l.unitCostMinor, l.discountMinor]);
        txRows++;
      }
    }
    if (tBuf.length > 4_000_000) {
      fs.writeSync(out.customers, cBuf);
      fs.writeSync(out.transactions, tBuf);
      cBuf = '';
      tBuf = '';
    }
  }
  fs.writeSync(out.customers, cBuf);
  fs.writeSync(out.transactions, tBuf);
  fs.closeSync(out.customers);
  fs.closeSync(out.transactions);
  fs.writeFileSync(files.products, [csvLine(['sku', 'name', 'list_price_minor', 'unit_cost_minor']), ...[...skus.values()].map(([sku, p, c]) => csvLine([sku, sku, p, c]))].join(''));
  return { files, txRows, txCount };
}

function psql(url: string, command: string): number {
  const started = performance.now();
  const r = spawnSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (performance.now() - started) / 1000;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);

async function ingestInto(database: Awaited<ReturnType<typeof openDatabase>>, files: ReturnType<typeof writeFiles>['files']) {
  await migrateDatabase(database);
  const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => new Date() };
  const { workspace, token } = await createWorkspaceWithOwner(deps, { workspace: { name: 'Bench', currency: 'BRL' }, owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1' }, withToken: true });
  const timed = async (entity: 'products' | 'customers' | 'transactions', file: string) => {
    peakRss = 0;
    const started = performance.now();
    const r = await importFile(deps, { workspaceId: workspace.id, entity, input: fs.createReadStream(file), format: 'csv' });
    if (r.fatal || r.rowsRejected) throw new Error(`${entity}: ${r.fatal ?? JSON.stringify(r.errors.slice(0, 3))}`);
    return { rows: r.rowsRead, seconds: (performance.now() - started) / 1000, rssMb: Math.round(peakRss / 1e6) };
  };
  await timed('products', files.products);
  return { deps, workspaceId: workspace.id, token: token?.token as string, customers: await timed('customers', files.customers), transactions: await timed('transactions', files.transactions) };
}

async function measure360(deps: Deps, workspaceId: string, token: string, concurrency: number, requests: number) {
  const ids = (await deps.database.executeSql('select id from customers where workspace_id = $1 order by random() limit 2000', [workspaceId])).rows.map((r) => r.id as string);
  const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const id = ids[next++ % ids.length];
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/customers/${id}/overview`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`360 read answered ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => server.close(r));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  return { p50: q(0.5), p99: q(0.99), rps: Math.round(requests / seconds) };
}

export async function main(args: string[]) {
  const customers = arg(args, 'customers', 100_000);
  const concurrency = arg(args, 'concurrency', 16);
  const requests = arg(args, 'requests', 2000);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-'));
  console.log(`Generating ${customers.toLocaleString('en')} demo customers into ${dir} …`);
  const gen = writeFiles(dir, customers);
  console.log(`${gen.txCount.toLocaleString('en')} transactions in ${gen.txRows.toLocaleString('en')} line rows; customers.csv ${(fs.statSync(gen.files.customers).size / 1e6).toFixed(1)} MB, transactions.csv ${(fs.statSync(gen.files.transactions).size / 1e6).toFixed(1)} MB\n`);

  const dbName = `tenure_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const rows: string[][] = [];
  try {
    // The ceiling: raw COPY of the same files into bare tables (no keys, no indexes, no checks).
    psql(url.toString(), 'create table raw_customers (external_id text, name text, email text, phone text, acquired_at timestamptz, acquisition_channel text, tags text)');
    psql(url.toString(), 'create table raw_lines (external_id text, customer_external_id text, occurred_at timestamptz, channel text, location text, sku text, quantity numeric, unit_price_minor bigint, unit_cost_minor bigint, discount_minor bigint)');
    const copyC = psql(url.toString(), `\\copy raw_customers from '${gen.files.customers}' csv header`);
    const copyT = psql(url.toString(), `\\copy raw_lines from '${gen.files.transactions}' csv header`);

    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
    const onPg = await ingestInto(database, gen.files);
    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    rows.push(['PostgreSQL raw COPY (ceiling)', rate(customers, copyC), rate(gen.txRows, copyT), '—']);
    rows.push(['PostgreSQL, tenure import', rate(onPg.customers.rows, onPg.customers.seconds), rate(onPg.transactions.rows, onPg.transactions.seconds), `${Math.max(onPg.customers.rssMb, onPg.transactions.rssMb)} MB`]);
    const read = await measure360(onPg.deps, onPg.workspaceId, onPg.token, concurrency, requests);
    await database.close();

    const pgliteDir = path.join(dir, 'pglite');
    const lite = await openDatabase({ dataDir: pgliteDir });
    const onLite = await ingestInto(lite, gen.files);
    rows.push(['PGlite, tenure import', rate(onLite.customers.rows, onLite.customers.seconds), rate(onLite.transactions.rows, onLite.transactions.seconds), `${Math.max(onLite.customers.rssMb, onLite.transactions.rssMb)} MB`]);
    await lite.close();

    console.log(`| ingest (${customers.toLocaleString('en')} customers, ${gen.txRows.toLocaleString('en')} transaction lines) | customers rows/s | transaction line rows/s | peak RSS |`);
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\nPostgreSQL import vs COPY: customers ${Math.round((100 * onPg.customers.rows) / onPg.customers.seconds / (customers / copyC))}%, transactions ${Math.round((100 * onPg.transactions.rows) / onPg.transactions.seconds / (gen.txRows / copyT))}%`);
    console.log(`\n| customer 360 read (GET /customers/{id}/overview, PostgreSQL) | p50 ms | p99 ms | requests/s |\n|---|---|---|---|\n| ${requests} requests, ${concurrency} concurrent | ${read.p50} | ${read.p99} | ${read.rps} |`);
  } finally {
    clearInterval(sampler);
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
