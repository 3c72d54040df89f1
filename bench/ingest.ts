// Ingest benchmark: the demo business written to CSV and imported by `tenure import` processes
// (timed, peak RSS of the process tree sampled) on PostgreSQL and on PGlite, next to a raw COPY of
// the same files into bare tables on the same PostgreSQL (the ceiling); the same customers file through
// POST /imports to a `tenure serve --worker` process; then the customer 360 read from that
// server under concurrent load from autocannon.
// Options: --customers N (PostgreSQL, default 1000000), --pglite-customers N (PGlite, default
// 100000: the embedded database imports ~10x slower, so the full set would take hours),
// --api-customers N (the first N customers go through POST /imports, default 100000),
// --concurrency C (default 16), --seconds S (default 20), --skip-pglite, --skip-floor (no server-alone
// floor run: it takes minutes at 1M), --keep (leave the
// PostgreSQL database tenure_ingest_bench in place afterwards).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { csvLine } from '../src/lib/csv.ts';
import { generateDemo } from '../src/workflows/demo/generator.ts';
import { arg } from './args.ts';
import {
  createBenchWorkspace,
  loadGet,
  rssSampler,
  type Server,
  startServer,
  type Target,
  tenure,
} from './tenure-process.ts';

export function writeFiles(dir: string, customers: number) {
  const files = {
    products: path.join(dir, 'products.csv'),
    customers: path.join(dir, 'customers.csv'),
    transactions: path.join(dir, 'transactions.csv'),
  };
  const out = { customers: fs.openSync(files.customers, 'w'), transactions: fs.openSync(files.transactions, 'w') };
  fs.writeSync(
    out.customers,
    csvLine(['external_id', 'name', 'email', 'phone', 'acquired_at', 'acquisition_channel', 'tags']),
  );
  fs.writeSync(
    out.transactions,
    csvLine([
      'external_id',
      'customer_external_id',
      'occurred_at',
      'channel',
      'location',
      'sku',
      'quantity',
      'unit_price_minor',
      'unit_cost_minor',
      'discount_minor',
    ]),
  );
  let txRows = 0;
  let txCount = 0;
  let cBuf = '';
  let tBuf = '';
  const skus = new Map<string, [string, number, number]>();
  for (const b of generateDemo({
    customers,
    seed: 7,
    start: new Date('2023-11-01T00:00:00Z'),
    end: new Date('2026-11-01T00:00:00Z'),
  })) {
    const c = b.customer;
    cBuf += csvLine([c.externalId, c.name, c.email, c.phone, c.acquiredAt, c.acquisitionChannel, c.tags]);
    for (const t of b.transactions) {
      if (t.returnOf) continue;
      txCount++;
      for (const l of t.lines) {
        skus.set(l.sku, [l.sku, l.unitPriceMinor, l.unitCostMinor]);
        tBuf += csvLine([
          t.externalId,
          t.customerExternalId,
          t.occurredAt,
          t.channel,
          t.location,
          l.sku,
          l.quantity,
          l.unitPriceMinor,
          l.unitCostMinor,
          l.discountMinor,
        ]);
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
  fs.writeFileSync(
    files.products,
    [
      csvLine(['sku', 'name', 'list_price_minor', 'unit_cost_minor']),
      ...[...skus.values()].map(([sku, p, c]) => csvLine([sku, sku, p, c])),
    ].join(''),
  );
  return { files, txRows, txCount };
}

/** Runs psql without blocking the event loop (a caller may be sampling CPU meanwhile); answers its seconds. */
function psql(url: string, command: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(stderr)),
    );
  });
}

type Ingested = { rows: number; seconds: number; rssMb: number };

async function ingestWithCli(target: Target, files: ReturnType<typeof writeFiles>['files']) {
  const ws = await createBenchWorkspace(target, `Bench ${target.name}`);
  const timed = async (entity: 'products' | 'customers' | 'transactions', file: string): Promise<Ingested> => {
    const r = await tenure(target, ['import', entity, file, '--workspace', ws.workspaceId, '--json']);
    const summary = JSON.parse(r.stdout) as { rowsRead: number; rowsRejected: number; fatal?: { message: string } };
    if (summary.fatal || summary.rowsRejected)
      throw new Error(`${entity}: ${summary.fatal?.message ?? r.stdout.slice(0, 500)}`);
    return { rows: summary.rowsRead, seconds: r.seconds, rssMb: r.rssMb };
  };
  await timed('products', files.products);
  return {
    ...ws,
    customers: await timed('customers', files.customers),
    transactions: await timed('transactions', files.transactions),
  };
}

/**
 * The API path with the customers file into a fresh workspace: POST /imports streams the body
 * into import_chunks, then the server's worker runs imports.run; timed until it completes.
 */
async function ingestViaApi(server: Server, token: string, file: string) {
  const started = performance.now();
  const res = await fetch(`${server.base}/api/v1/imports?entity=customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const created = (await res.json()) as { id: string; rowsTotal: number };
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(created)}`);
  const uploadSeconds = (performance.now() - started) / 1000;
  const rss = rssSampler(server.pid);
  for (;;) {
    rss.sample();
    const state = (await (
      await fetch(`${server.base}/api/v1/imports/${created.id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { status: string; rowsCommitted: number; failure: string | null };
    if (state.status === 'failed') throw new Error(`API import failed: ${state.failure}`);
    if (state.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: created.rowsTotal,
    seconds,
    uploadSeconds,
    mbPerSecond: fs.statSync(file).size / 1e6 / uploadSeconds,
    rssMb: (rss.sample(), rss.mb()),
  };
}

/** The customer 360 read, loaded by autocannon against a `tenure serve` process. */
function measure360(server: Server, ids: string[], token: string, connections: number, seconds: number) {
  let next = 0;
  return loadGet(server, token, {
    connections,
    seconds,
    path: () => `/api/v1/customers/${ids[next++ % ids.length]}/overview`,
  });
}

/** The header and the first n records of a CSV file written by writeFiles (no quoted newlines). */
export function headOfCsv(file: string, n: number, out: string) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  const w = fs.openSync(out, 'w');
  let lines = -1;
  for (;;) {
    const read = fs.readSync(fd, buf, 0, buf.length, null);
    if (read === 0) break;
    let end = read;
    for (let i = 0; i < read; i++) {
      if (buf[i] === 10 && ++lines === n) {
        end = i + 1;
        break;
      }
    }
    fs.writeSync(w, buf.subarray(0, end));
    if (lines >= n) break;
  }
  fs.closeSync(fd);
  fs.closeSync(w);
  return out;
}

// A UUIDv7-like id made in SQL (time-ordered prefix, as the importer's ids), so the floor's primary-key inserts are as local as the importer's.
const uuid7Sql = `encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 'hex')::uuid`;

/**
 * What the server alone needs to put the same rows into the real tables, every index, key and
 * check maintained: the raw tables (already COPYed) are inserted set-based into a workspace of
 * their own (customers; orders grouped from their lines, customer and product ids joined by
 * external id and SKU; lines). Seconds = the COPY + these statements. The tables are emptied
 * afterwards so the importer starts from the same empty tables.
 */
export async function serverFloor(target: Target, url: string, copySeconds: { customers: number; lines: number }) {
  const ws = await createBenchWorkspace(target, 'Bench floor');
  const w = `'${ws.workspaceId}'::uuid`;
  await psql(
    url,
    `insert into products (workspace_id, id, sku, name, list_price_minor, unit_cost_minor, currency) select distinct on (sku) ${w}, ${uuid7Sql}, sku, sku, unit_price_minor, unit_cost_minor, 'BRL' from raw_lines where sku is not null`,
  );
  const customers = await psql(
    url,
    `insert into customers (workspace_id, id, kind, name, email, phone, external_id, acquired_at, acquisition_channel, tags, created_at, updated_at)
     select ${w}, ${uuid7Sql}, 'person', name, email, phone, external_id, acquired_at, acquisition_channel, coalesce(string_to_array(nullif(tags, ''), '|'), '{}'), now(), now() from raw_customers
     on conflict (workspace_id, external_id) where external_id is not null do nothing`,
  );
  const lines = await psql(
    url,
    `begin;
     set local work_mem = '256MB';
     create temp table floor_orders on commit drop as
       select external_id, min(customer_external_id) as customer_external_id, min(occurred_at) as occurred_at, min(channel) as channel, min(location) as location,
              sum(round(quantity * unit_price_minor) - discount_minor)::bigint as total, sum(round(quantity * unit_cost_minor))::bigint as cost, sum(discount_minor)::bigint as discount, sum(quantity)::int as items
       from raw_lines group by external_id;
     insert into transactions (workspace_id, id, customer_id, external_id, kind, occurred_at, channel, location, currency, total_minor, discount_minor, cost_minor, gross_margin_minor, item_count)
       select ${w}, ${uuid7Sql}, c.id, o.external_id, 'purchase', o.occurred_at, o.channel, o.location, 'BRL', o.total, o.discount, o.cost, o.total - o.cost, o.items
       from floor_orders o join customers c on c.workspace_id = ${w} and c.external_id = o.customer_external_id
       on conflict (workspace_id, external_id) where external_id is not null do nothing;
     insert into transaction_lines (workspace_id, transaction_id, line_no, product_id, sku, quantity, unit_price_minor, unit_cost_minor, discount_minor, total_minor)
       select ${w}, t.id, row_number() over (partition by t.id), p.id, r.sku, r.quantity, r.unit_price_minor, r.unit_cost_minor, r.discount_minor, round(r.quantity * r.unit_price_minor) - r.discount_minor
       from raw_lines r join transactions t on t.workspace_id = ${w} and t.external_id = r.external_id
       left join products p on p.workspace_id = ${w} and p.sku = r.sku;
     commit;`,
  );
  await psql(url, 'truncate customers, transactions, transaction_lines, products cascade');
  return { customers: copySeconds.customers + customers, lines: copySeconds.lines + lines };
}

const machine = () =>
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`;

/** Drops and creates database `name` on the server at `admin`: the admin connection and the new database's URL. */
export async function freshDatabase(admin: string, name: string): Promise<{ client: pg.Client; url: URL }> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { client, url };
}

export async function main(args: string[]) {
  const customers = arg(args, 'customers', 1_000_000);
  const pgliteCustomers = arg(args, 'pglite-customers', 100_000);
  const apiCustomers = Math.min(customers, arg(args, 'api-customers', 100_000));
  const concurrency = arg(args, 'concurrency', 16);
  const seconds = arg(args, 'seconds', 20);
  const skipPglite = args.includes('--skip-pglite');
  const skipFloor = args.includes('--skip-floor');
  const keep = args.includes('--keep');
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-'));
  const benchStarted = performance.now();
  console.log(`Machine at the start: ${machine()}`);
  console.log(`Generating ${customers.toLocaleString('en')} demo customers into ${dir} …`);
  const gen = writeFiles(dir, customers);
  const sizes = {
    customers: fs.statSync(gen.files.customers).size / 1e6,
    transactions: fs.statSync(gen.files.transactions).size / 1e6,
  };
  console.log(
    `${gen.txCount.toLocaleString('en')} transactions in ${gen.txRows.toLocaleString('en')} line rows; customers.csv ${sizes.customers.toFixed(1)} MB, transactions.csv ${sizes.transactions.toFixed(1)} MB\n`,
  );

  const dbName = 'tenure_ingest_bench';
  const { client, url } = await freshDatabase(admin, dbName);
  // Each row is printed as soon as it is measured too, so a long run that is cut short still tells.
  const rows: string[][] = [];
  const record = (row: string[]) => {
    rows.push(row);
    console.log(`  | ${row.join(' | ')} |`);
  };
  const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  const pct = (a: Ingested, ceilingRows: number, ceilingSeconds: number) =>
    `${Math.round((100 * a.rows) / a.seconds / (ceilingRows / ceilingSeconds))}%`;
  try {
    // The ceiling: raw COPY of the same files into bare tables (no keys, no indexes, no checks).
    await psql(
      url.toString(),
      'create table raw_customers (external_id text, name text, email text, phone text, acquired_at timestamptz, acquisition_channel text, tags text)',
    );
    await psql(
      url.toString(),
      'create table raw_lines (external_id text, customer_external_id text, occurred_at timestamptz, channel text, location text, sku text, quantity numeric, unit_price_minor bigint, unit_cost_minor bigint, discount_minor bigint)',
    );
    const copyC = await psql(url.toString(), `\\copy raw_customers from '${gen.files.customers}' csv header`);
    const copyT = await psql(url.toString(), `\\copy raw_lines from '${gen.files.transactions}' csv header`);
    const elapsed = () => `${Math.round((performance.now() - benchStarted) / 1000)} s in`;
    console.log(`COPY done (${elapsed()})`);

    const pgTarget: Target = {
      name: 'PostgreSQL',
      env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    };
    const floor = skipFloor
      ? undefined
      : await serverFloor(pgTarget, url.toString(), { customers: copyC, lines: copyT });
    if (floor) console.log(`Server floor done (${elapsed()})`);
    record([
      'PostgreSQL raw COPY into bare tables (ceiling)',
      rate(customers, copyC),
      rate(gen.txRows, copyT),
      '—',
      '—',
    ]);
    if (floor)
      record([
        'PostgreSQL, the server alone: COPY to staging, then set-based `INSERT … SELECT` into the real tables (floor of this schema)',
        rate(customers, floor.customers),
        rate(gen.txRows, floor.lines),
        `${pct({ rows: customers, seconds: floor.customers, rssMb: 0 }, customers, copyC)} / ${pct({ rows: gen.txRows, seconds: floor.lines, rssMb: 0 }, gen.txRows, copyT)}`,
        '—',
      ]);
    const onPg = await ingestWithCli(pgTarget, gen.files);
    console.log(`PostgreSQL CLI import done (${elapsed()})`);
    record([
      `PostgreSQL, \`tenure import\`${floor ? ` (of the floor: ${pct(onPg.customers, customers, floor.customers)} / ${pct(onPg.transactions, gen.txRows, floor.lines)})` : ''}`,
      rate(onPg.customers.rows, onPg.customers.seconds),
      rate(onPg.transactions.rows, onPg.transactions.seconds),
      `${pct(onPg.customers, customers, copyC)} / ${pct(onPg.transactions, gen.txRows, copyT)}`,
      `${onPg.customers.rssMb} / ${onPg.transactions.rssMb} MB`,
    ]);

    const apiWs = await createBenchWorkspace(pgTarget, 'Bench API');
    const server = await startServer(pgTarget);
    let read: Awaited<ReturnType<typeof measure360>>;
    try {
      const apiFile =
        apiCustomers === customers
          ? gen.files.customers
          : headOfCsv(gen.files.customers, apiCustomers, path.join(dir, 'api-customers.csv'));
      const viaApi = await ingestViaApi(server, apiWs.apiToken, apiFile);
      console.log(`PostgreSQL API import done (${elapsed()})`);
      record([
        `PostgreSQL, POST /imports + worker, first ${apiCustomers.toLocaleString('en')} customers (upload ${viaApi.mbPerSecond.toFixed(0)} MB/s)`,
        rate(viaApi.rows, viaApi.seconds),
        '—',
        pct(viaApi, customers, copyC),
        `${viaApi.rssMb} MB (server)`,
      ]);
      const admin2 = new pg.Client({ connectionString: url.toString() });
      await admin2.connect();
      const ids = (
        await admin2.query('select id from customers where workspace_id = $1 order by random() limit 5000', [
          onPg.workspaceId,
        ])
      ).rows.map((r) => r.id as string);
      await admin2.end();
      read = await measure360(server, ids, onPg.apiToken, concurrency, seconds);
      console.log(`360 read done (${elapsed()})`);
    } finally {
      await server.stop();
    }

    if (!skipPglite) {
      // A smaller demo set of its own (the same seed), so the PGlite run ends in reasonable time.
      const liteDir = path.join(dir, 'pglite-files');
      fs.mkdirSync(liteDir);
      const lite = pgliteCustomers === customers ? gen : writeFiles(liteDir, pgliteCustomers);
      const liteTarget: Target = {
        name: 'PGlite',
        env: { ...process.env, DATABASE_URL: '', TENURE_DATA_DIR: path.join(dir, 'pglite-data'), LOG_LEVEL: 'warn' },
      };
      const onLite = await ingestWithCli(liteTarget, lite.files);
      console.log(`PGlite CLI import done (${elapsed()})`);
      record([
        `PGlite, \`tenure import\` (${pgliteCustomers.toLocaleString('en')} customers, ${lite.txRows.toLocaleString('en')} line rows)`,
        rate(onLite.customers.rows, onLite.customers.seconds),
        rate(onLite.transactions.rows, onLite.transactions.seconds),
        '—',
        `${onLite.customers.rssMb} / ${onLite.transactions.rssMb} MB`,
      ]);
    }

    console.log(
      `\n| ingest (${customers.toLocaleString('en')} customers, ${gen.txCount.toLocaleString('en')} transactions in ${gen.txRows.toLocaleString('en')} line rows) | customers rows/s | transaction line rows/s | % of COPY (customers / lines) | peak RSS (customers / lines) |`,
    );
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(
      `\n| customer 360 read (GET /customers/{id}/overview: profile, consents, manager, last 50 events), PostgreSQL, ${customers.toLocaleString('en')} customers | p50 ms | p99 ms | requests/s |\n|---|---|---|---|\n| autocannon, ${concurrency} connections, ${seconds} s (${read.total.toLocaleString('en')} requests), one \`tenure serve\` process | ${read.p50} | ${read.p99} | ${read.rps} |`,
    );
    console.log(`\nMachine at the end: ${machine()}`);
    console.log(`Total bench time ${Math.round((performance.now() - benchStarted) / 1000)} s.`);
  } finally {
    if (!keep) await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
