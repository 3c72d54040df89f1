// Ingest CPU bench: where an import's time goes, against the schema's floor, for one or more
// checkouts on the same files and database. Each checkout's `tenure import` (products, customers,
// transactions) runs into emptied tables, alternated with the others round by round; every run
// reports its wall time, the CPU of its Node processes (user + sys, from /usr/bin/time) and of its
// PostgreSQL backends (sampled from /proc), so a shared machine's noise can be told apart.
// Options: --customers N (default 100000), --rounds R (default 2), --bins a.js,b.js (checkouts'
// bin/tenure.js; default this one), --lines L (only the first L line rows), --skip-floor.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { arg, textArg } from './args.ts';
import { freshDatabase, headOfCsv, serverFloor, writeFiles } from './ingest.ts';
import { bin as ownBin, createBenchWorkspace, type Target } from './tenure-process.ts';

/** CPU seconds of every backend of database `name` seen while `run` runs (sampled every 50 ms). */
async function withBackendCpu<T>(name: string, run: () => Promise<T>): Promise<{ result: T; backendCpu: number }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = () => {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!title.startsWith('postgres: ') || !title.includes(` ${name} `)) continue;
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cpu = (Number(f[11]) + Number(f[12])) / 100;
        if (!first.has(Number(pid))) first.set(Number(pid), cpu);
        last.set(Number(pid), cpu);
      } catch {
        // gone
      }
    }
  };
  sample();
  const timer = setInterval(sample, 50);
  try {
    const result = await run();
    sample();
    // A backend first seen mid-run started after the first sample: all of its CPU counts.
    let total = 0;
    for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
    return { result, backendCpu: total };
  } finally {
    clearInterval(timer);
  }
}

/** `tenure <args>` under /usr/bin/time: wall, and user + sys CPU of the process and its children. */
function timedTenure(target: Target, args: string[]) {
  return new Promise<{ stdout: string; wall: number; cpu: number }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, target.bin ?? ownBin, ...args], {
      env: target.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`tenure ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ stdout, wall: (performance.now() - started) / 1000, cpu: Number(m[1]) + Number(m[2]) });
    });
  });
}

export async function main(args: string[]) {
  const customers = arg(args, 'customers', 100_000);
  const rounds = arg(args, 'rounds', 2);
  const lines = arg(args, 'lines', 0);
  const bins = (textArg(args, 'bins') ?? ownBin).split(',');
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-ingest-cpu-'));
  const gen = writeFiles(dir, customers);
  const txFile = lines ? headOfCsv(gen.files.transactions, lines, path.join(dir, 'head.csv')) : gen.files.transactions;
  const txRows = lines ? Math.min(lines, gen.txRows) : gen.txRows;
  const dbName = 'tenure_ingest_cpu';
  const { client, url } = await freshDatabase(admin, dbName);
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const load = () => os.loadavg()[0].toFixed(1);
  const target = (b: string): Target => ({
    name: b,
    bin: b,
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
  });
  try {
    await db.query(
      'create table raw_customers (external_id text, name text, email text, phone text, acquired_at timestamptz, acquisition_channel text, tags text)',
    );
    await db.query(
      'create table raw_lines (external_id text, customer_external_id text, occurred_at timestamptz, channel text, location text, sku text, quantity numeric, unit_price_minor bigint, unit_cost_minor bigint, discount_minor bigint)',
    );
    const copy = async (table: string, file: string) => {
      const started = performance.now();
      const r = spawn('psql', [url.toString(), '-q', '-c', `\\copy ${table} from '${file}' csv header`]);
      await new Promise((res) => r.on('close', res));
      return (performance.now() - started) / 1000;
    };
    const copyC = await copy('raw_customers', gen.files.customers);
    const copyT = await copy('raw_lines', txFile);
    console.log(`${customers} customers, ${txRows} line rows; COPY ${copyC.toFixed(2)} / ${copyT.toFixed(2)} s`);
    console.log(
      '| run | load | customers wall s | rows/s | Node CPU s | backend CPU s | lines wall s | rows/s | Node CPU s | backend CPU s |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (let round = 0; round < rounds; round++) {
      if (!args.includes('--skip-floor')) {
        const l0 = load();
        const f = await withBackendCpu(dbName, () =>
          serverFloor(target(ownBin), url.toString(), { customers: copyC, lines: copyT }),
        );
        console.log(
          `| floor | ${l0} | ${f.result.customers.toFixed(2)} | ${Math.round(customers / f.result.customers)} | — | ${f.backendCpu.toFixed(2)} (both) | ${f.result.lines.toFixed(2)} | ${Math.round(txRows / f.result.lines)} | — | — |`,
        );
      }
      for (const b of bins) {
        const t = target(b);
        // The workspace first: its creation migrates a fresh database.
        const ws = await createBenchWorkspace(t, `cpu ${round} ${path.basename(path.dirname(path.dirname(b)))}`);
        await db.query('truncate customers, transactions, transaction_lines, products cascade');
        const imp = async (entity: string, file: string) => {
          const r = await withBackendCpu(dbName, () =>
            timedTenure(t, ['import', entity, file, '--workspace', ws.workspaceId, '--json']),
          );
          const s = JSON.parse(r.result.stdout) as { rowsRead: number; rowsRejected: number };
          if (s.rowsRejected) throw new Error(`${entity}: ${r.result.stdout.slice(0, 500)}`);
          return { ...r.result, backendCpu: r.backendCpu, rows: s.rowsRead };
        };
        await imp('products', gen.files.products);
        const l0 = load();
        const c = await imp('customers', gen.files.customers);
        const x = await imp('transactions', txFile);
        console.log(
          `| ${b} | ${l0} | ${c.wall.toFixed(2)} | ${Math.round(c.rows / c.wall)} | ${c.cpu.toFixed(2)} | ${c.backendCpu.toFixed(2)} | ${x.wall.toFixed(2)} | ${Math.round(x.rows / x.wall)} | ${x.cpu.toFixed(2)} | ${x.backendCpu.toFixed(2)} |`,
        );
      }
    }
  } finally {
    await db.end();
    if (!args.includes('--keep')) await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
