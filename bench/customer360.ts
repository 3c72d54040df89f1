// Customer 360 benchmark (#24 item 1): GET /customers/{id}/overview (profile, consents, account
// manager, the newest 50 timeline events from every source) from a `tenure serve` process, loaded by
// autocannon at one connection (latency) and at C connections (throughput), on a PostgreSQL book of
// N customers with P purchases, two events, one contact and one consent each; then the same on PGlite
// at a smaller book. Comparison points measured in the same run against the same process: GET
// /healthz (the HTTP floor: no authentication, no query) and GET /customers/{id} (authentication and
// one primary-key read).
// Options: --customers N (1000000), --purchases P (5), --seconds S (20), --connections C (16),
// --pglite-customers M (100000; 0 skips PGlite), --database NAME (reuse a book kept by --keep),
// --keep, --worker (run the server's job worker too, as `tenure start` does), --pglite-dir DIR (the
// PGlite book in DIR: made there when DIR is empty, then kept and reused), --bin PATH (run another
// checkout's `bin/tenure.js`, e.g. main's worktree, against the same books), --pool N (the server's
// database pool, DATABASE_POOL_SIZE: 20).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { arg, textArg } from './args.ts';
import {
  backendCpuSeconds,
  createBenchWorkspace,
  loadGet,
  startServer,
  type Target,
  tenure,
} from './tenure-process.ts';

type Exec = (sql: string) => Promise<unknown>;

/** A version-4-shaped uuid from md5(key) (the API accepts only RFC 4122 ids), the same in SQL and here. */
const uuidSql = (key: string) => `overlay(overlay(md5(${key}) placing '4' from 13) placing '8' from 17)::uuid`;
const customerId = (i: number) => {
  const h = crypto.createHash('md5').update(`c-${i}`).digest('hex');
  const v = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
};

/** The book, made set-based in SQL (triggers off: the rows are consistent by construction). */
async function loadBook(exec: Exec, ws: string, n: number, purchases: number) {
  const c = (expr: string) => uuidSql(`'c-' || (${expr})`);
  const chunk = 200_000;
  await exec(`set session_replication_role = replica`);
  const manager = `(select user_id from memberships where workspace_id = '${ws}' limit 1)`;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await exec(
      `insert into customers (workspace_id, id, name, email, external_id, acquired_at, account_manager_id, created_at)
       select '${ws}', ${c('i')}, 'Cliente ' || i, 'c' || i || '@example.com', 'ext-' || i,
         timestamptz '2023-01-01' + (i % 1000) * interval '1 day',
         case when i % 3 = 0 then ${manager} end, timestamptz '2023-01-01' + (i % 1000) * interval '1 day'
       from generate_series(${from}, ${to}) i`,
    );
    await exec(
      `insert into customer_consents (workspace_id, customer_id, channel, purpose, granted, source, changed_at)
       select '${ws}', ${c('i')}, 'email', 'marketing', i % 2 = 0, 'bench', timestamptz '2024-01-01' + (i % 500) * interval '1 day'
       from generate_series(${from}, ${to}) i`,
    );
    await exec(
      `insert into interactions (workspace_id, id, customer_id, occurred_at, channel, direction, type, summary)
       select '${ws}', ${uuidSql(`'i-' || i`)}, ${c('i')}, timestamptz '2024-01-01' + (i % 700) * interval '1 day',
         'phone', 'inbound', 'call', 'Ligação sobre a fatura'
       from generate_series(${from}, ${to}) i`,
    );
    await exec(
      `insert into domain_events (workspace_id, id, type, customer_id, summary, payload, occurred_at)
       select '${ws}', ${uuidSql(`'e-' || e`)}, 'customer.tier_changed', ${c(`1 + e % ${n}`)}, 'Tier changed',
         '{"from":"silver","to":"gold"}'::jsonb, timestamptz '2024-01-01' + (e % 690) * interval '1 day'
       from generate_series(${2 * from - 1}, ${2 * to}) e`,
    );
  }
  const lines = n * purchases;
  for (let from = 1; from <= lines; from += chunk * 2) {
    const to = Math.min(lines, from + chunk * 2 - 1);
    await exec(
      `insert into transactions (workspace_id, id, customer_id, external_id, occurred_at, currency, total_minor, gross_margin_minor, item_count)
       select '${ws}', ${uuidSql(`'t-' || t`)}, ${c(`1 + t % ${n}`)}, 'tx-' || t,
         timestamptz '2023-06-01' + (t % 1200) * interval '1 day' + (t % 86400) * interval '1 second',
         'BRL', 1000 + t % 90000, 300 + t % 20000, 1 + t % 4
       from generate_series(${from}, ${to}) t`,
    );
  }
  await exec(`set session_replication_role = origin`);
  await exec('vacuum analyze');
}

type Load = {
  n: number;
  seconds: number;
  connections: number;
  worker: boolean;
  poolSize: number;
  /** The database's CPU seconds so far, when its processes can be seen (PostgreSQL on this machine). */
  databaseCpu?: () => number;
};

/** The three reads against one server: 360 at one connection and at C, then the two floors at C. */
async function measure(
  target: Target,
  token: string,
  { n, seconds, connections, worker, poolSize, databaseCpu }: Load,
) {
  const server = await startServer(target, { worker, poolSize });
  try {
    let k = 0;
    const ids = Array.from({ length: 20_000 }, (_, i) => customerId(1 + ((i * 7919) % n)));
    const overview = () => `/api/v1/customers/${ids[k++ % ids.length]}/overview`;
    const one = await loadGet(server, token, { connections: 1, seconds, path: overview, databaseCpu });
    const many = await loadGet(server, token, { connections, seconds, path: overview, databaseCpu });
    const profile = await loadGet(server, token, {
      connections,
      seconds,
      path: () => `/api/v1/customers/${ids[k++ % ids.length]}`,
      databaseCpu,
    });
    const health = await loadGet(server, token, { connections, seconds, path: () => '/healthz' });
    return { one, many, profile, health };
  } finally {
    await server.stop();
  }
}

type Result = Awaited<ReturnType<typeof measure>>;

function print(label: string, r: Result, connections: number) {
  const row = (what: string, x: Result['one']) =>
    `| ${what} | ${x.p50} | ${x.p99} | ${x.rps.toLocaleString('en')} | ${x.total.toLocaleString('en')} | ${x.cpuMs.toFixed(2)} | ${x.dbCpuMs ? x.dbCpuMs.toFixed(2) : '—'} |`;
  console.log(`\n### ${label}\n`);
  console.log(
    "| read | p50 ms | p99 ms | requests/s | requests | server CPU ms per request | PostgreSQL backends' CPU ms per request |",
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(row('**360** (`/customers/{id}/overview`), 1 connection', r.one));
  console.log(row(`**360**, ${connections} connections`, r.many));
  console.log(row(`comparison: profile only (\`/customers/{id}\`), ${connections} connections`, r.profile));
  console.log(row(`comparison: \`/healthz\` (no authentication, no query), ${connections} connections`, r.health));
}

export async function main(args: string[]) {
  const n = arg(args, 'customers', 1_000_000);
  const purchases = arg(args, 'purchases', 5);
  const seconds = arg(args, 'seconds', 20);
  const connections = arg(args, 'connections', 16);
  const liteN = arg(args, 'pglite-customers', 100_000);
  const worker = args.includes('--worker');
  const poolSize = arg(args, 'pool', 20);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const reuse = textArg(args, 'database');
  const otherBin = textArg(args, 'bin');
  const liteDir = textArg(args, 'pglite-dir');
  const dbName = reuse ?? `c360_bench_${Date.now()}`;
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const pgTarget: Target = {
    name: 'PostgreSQL',
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    bin: otherBin && path.resolve(otherBin),
  };
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const load0 = os.loadavg()[0];
  try {
    let token: string;
    if (reuse) {
      token = fs.readFileSync(path.join(os.tmpdir(), `${dbName}.token`), 'utf8');
    } else {
      await client.query(`create database ${dbName}`);
      await tenure(pgTarget, ['migrate']);
      const ws = await createBenchWorkspace(pgTarget, 'Bench 360');
      token = ws.apiToken;
      fs.writeFileSync(path.join(os.tmpdir(), `${dbName}.token`), token);
      const started = performance.now();
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      await loadBook((q) => db.query(q), ws.workspaceId, n, purchases);
      await db.end();
      console.error(`PostgreSQL book loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (${dbName})`);
    }
    const load = { seconds, connections, worker, poolSize };
    const onPg = await measure(pgTarget, token, { ...load, n, databaseCpu: () => backendCpuSeconds(dbName) });
    let onLite: Result | undefined;
    if (liteN > 0) {
      const dir = liteDir ? path.resolve(liteDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'c360-pglite-'));
      try {
        const liteTarget: Target = {
          name: 'PGlite',
          env: { ...process.env, DATABASE_URL: '', TENURE_DATA_DIR: dir, LOG_LEVEL: 'warn' },
          bin: pgTarget.bin,
        };
        const tokenFile = path.join(dir, 'bench.token');
        let liteToken: string;
        if (fs.existsSync(tokenFile)) liteToken = fs.readFileSync(tokenFile, 'utf8');
        else {
          await tenure(liteTarget, ['migrate']);
          const ws = await createBenchWorkspace(liteTarget, 'Bench 360 PGlite');
          const lite = await openDatabase({ dataDir: dir });
          await loadBook((q) => lite.executeSql(q), ws.workspaceId, liteN, purchases);
          await lite.close();
          liteToken = ws.apiToken;
          if (liteDir) fs.writeFileSync(tokenFile, liteToken);
        }
        onLite = await measure(liteTarget, liteToken, { ...load, n: liteN });
      } finally {
        if (!liteDir) fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const [version] = (await client.query('select pg_catalog.version() v')).rows as { v: string }[];
    console.log(
      `\n${version.v.split(',')[0]}, ${os.cpus().length} CPUs, load ${load0.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}; server ${worker ? 'with' : 'without'} its job worker, pool ${poolSize}`,
    );
    print(
      `PostgreSQL: ${n.toLocaleString('en')} customers, ${(n * purchases).toLocaleString('en')} purchases, ${(2 * n).toLocaleString('en')} events, ${n.toLocaleString('en')} contacts`,
      onPg,
      connections,
    );
    if (onLite)
      print(
        `PGlite: ${liteN.toLocaleString('en')} customers, ${(liteN * purchases).toLocaleString('en')} purchases`,
        onLite,
        connections,
      );
  } finally {
    if (!reuse && !args.includes('--keep')) await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
  }
}
