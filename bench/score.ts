// Scoring-run benchmark, on PostgreSQL (default) or PGlite (--pglite): a new database with N demo
// customers (the seeded demo generator: a BG/NBD purchase process over three years, with
// contacts), written with COPY (psql's COPY FROM STDIN on PostgreSQL, COPY FROM '/dev/blob' on
// PGlite); then a full scoring run (metrics, RFM, BG/NBD + Gamma-Gamma fit and predictions, tiers
// and their change events), a second full run (few tier changes), and an incremental run after
// 1 % of the customers bought again. Each run's stages are printed. Comparison point measured in
// the same database: one bare aggregation pass over the transactions (count and sum per customer).
// Options: --customers N (100000), --seed S (1), --years Y (3, the history length), --pglite
// (data folder in a temp dir), --keep (leave the database).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { insertUnnest } from '../src/db/bulk.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { newId } from '../src/ids.ts';
import { silentLogger } from '../src/logger.ts';
import { transactions } from '../src/db/schema.ts';
import { interactionCost } from '../src/modules/interactions/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { demoProducts, generateDemo } from '../src/workflows/demo/generator.ts';
import { demoRates } from '../src/workflows/demo/load-demo.ts';
import { scoreWorkspace } from '../src/workflows/score-customers.ts';
import { arg } from './args.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(2);
const CHUNK = 20_000;

/** Rows in COPY text format into one table; `end` resolves when the database has them all. */
type CopySink = { write: (line: string) => Promise<void>; end: () => Promise<void> };

const copyColumns = {
  customers:
    'workspace_id, id, external_id, name, email, acquired_at, acquisition_channel, declared_wallet_minor, created_at, updated_at',
  transactions:
    'workspace_id, id, customer_id, kind, occurred_at, channel, currency, total_minor, cost_minor, gross_margin_minor, item_count, created_at',
  interactions:
    'workspace_id, id, customer_id, occurred_at, channel, direction, type, duration_seconds, cost_minor, created_at',
} as const;

/** PostgreSQL: one psql process per table reading COPY rows from its stdin (no COPY client library needed). */
function psqlCopy(url: string, table: keyof typeof copyColumns): CopySink {
  const child = spawn(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `copy ${table} (${copyColumns[table]}) from stdin`],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  const exited = once(child, 'exit');
  let buf = '';
  const flush = async () => {
    const chunk = buf;
    buf = '';
    if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
  };
  return {
    write: async (line) => {
      buf += line;
      if (buf.length >= 1 << 20) await flush();
    },
    end: async () => {
      await flush();
      child.stdin.end();
      const [code] = await exited;
      if (code !== 0) throw new Error(`psql copy into ${table} exited with ${code}`);
    },
  };
}

/** PGlite: COPY FROM '/dev/blob', a few MB of rows at a time. */
function pgliteCopy(database: Database, table: keyof typeof copyColumns): CopySink {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!size) return;
    const blob = new Blob(parts);
    parts = [];
    size = 0;
    await database.pglite?.query(`copy ${table} (${copyColumns[table]}) from '/dev/blob'`, [], { blob });
  };
  return {
    write: async (line) => {
      parts.push(line);
      size += line.length;
      if (size >= 32 << 20) await flush();
    },
    end: flush,
  };
}

const iso = (d: Date) => d.toISOString();

export async function main(args: string[]) {
  const n = arg(args, 'customers', 100_000);
  const seed = arg(args, 'seed', 1);
  const years = arg(args, 'years', 3);
  const onPglite = args.includes('--pglite');
  const keep = args.includes('--keep');
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `score_bench_${Date.now()}`;
  let client: pg.Client | null = null;
  let database: Database;
  let where: string;
  let url = '';
  if (onPglite) {
    where = fs.mkdtempSync(path.join(os.tmpdir(), 'score-bench-pglite-'));
    database = await openDatabase({ dataDir: where });
  } else {
    client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${dbName}`);
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    url = u.toString();
    where = dbName;
    database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  }
  try {
    await migrateDatabase(database);
    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows;
    const end = new Date('2026-11-01T00:00:00Z');
    let clock = new Date(end.getTime() + 12 * 3_600_000);
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => clock };
    const { workspace } = await createWorkspaceWithOwner(deps, {
      workspace: { name: 'Score bench', currency: 'USD' },
      owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
    });
    const ws = workspace.id;
    const products = demoProducts();
    const price = new Map(products.map((p) => [p.sku, p]));

    console.log(`Loading ${fmt(n)} demo customers (seed ${seed}, ${years} years) into ${where} …`);
    const t0 = performance.now();
    const sink = (table: keyof typeof copyColumns) => (onPglite ? pgliteCopy(database, table) : psqlCopy(url, table));
    const out = {
      customers: sink('customers'),
      transactions: sink('transactions'),
      interactions: sink('interactions'),
    };
    const totals = { customers: 0, transactions: 0, interactions: 0 };
    const some: string[] = [];
    for (const b of generateDemo({
      customers: n,
      seed,
      start: new Date(end.getTime() - years * 365 * 86_400_000),
      end,
    })) {
      const c = b.customer;
      const id = newId();
      if (totals.customers % 100 === 0) some.push(id);
      const acquired = iso(c.acquiredAt);
      await out.customers.write(
        `${ws}\t${id}\t${c.externalId}\t${c.name}\t${c.email}\t${acquired}\t${c.acquisitionChannel}\t${c.declaredWalletMinor ?? '\\N'}\t${acquired}\t${acquired}\n`,
      );
      totals.customers++;
      for (const t of b.transactions) {
        if (t.returnOf) continue; // purchases only, as before (returns would need their original's id)
        let total = 0;
        let cost = 0;
        let items = 0;
        for (const l of t.lines) {
          total += l.quantity * l.unitPriceMinor - l.discountMinor;
          cost += l.quantity * (l.unitCostMinor ?? price.get(l.sku)?.unitCostMinor ?? 0);
          items += l.quantity;
        }
        const at = iso(t.occurredAt);
        await out.transactions.write(
          `${ws}\t${newId()}\t${id}\tpurchase\t${at}\t${t.channel}\tUSD\t${total}\t${cost}\t${total - cost}\t${items}\t${at}\n`,
        );
        totals.transactions++;
      }
      for (const i of b.interactions) {
        const at = iso(i.occurredAt);
        await out.interactions.write(
          `${ws}\t${newId()}\t${id}\t${at}\t${i.channel}\t${i.direction}\t${i.type}\t${i.durationSeconds}\t${interactionCost(demoRates[i.channel], i.durationSeconds)}\t${at}\n`,
        );
        totals.interactions++;
      }
    }
    await Promise.all([out.customers.end(), out.transactions.end(), out.interactions.end()]);
    await database.executeSql('analyze customers; analyze transactions; analyze interactions');
    if (!onPglite) await database.executeSql('checkpoint');
    console.log(
      `Loaded ${fmt(totals.customers)} customers, ${fmt(totals.transactions)} transactions, ${fmt(totals.interactions)} contacts in ${secs(performance.now() - t0)} s.\n`,
    );

    const rows: string[][] = [];
    const report = (label: string, run: Awaited<ReturnType<typeof scoreWorkspace>>, wall: number) => {
      const t = run.run.timings ?? {};
      rows.push([
        label,
        secs(wall),
        fmt(run.customersScored),
        fmt(run.tierChanges),
        ...[
          'scope',
          'transactions',
          'readInputs',
          'fit',
          'predict',
          'rfm',
          'metrics',
          'tiers',
          'tierChanges',
          'write',
        ].map((k) => secs(t[k] ?? 0)),
      ]);
      console.log(`  ${label}: ${secs(wall)} s`);
    };
    const timed = async (label: string, mode: 'full' | 'incremental') => {
      const s = performance.now();
      const run = await scoreWorkspace(deps, ws, mode, 'bench');
      report(label, run, performance.now() - s);
      return run;
    };
    const first = await timed('full run, first (every customer gets a tier: one change + event each)', 'full');
    clock = new Date(clock.getTime() + 86_400_000);
    await timed('full run, next day', 'full');
    // 1 % of the customers buy again.
    clock = new Date(clock.getTime() + 3_600_000);
    for (let i = 0; i < some.length; i += CHUNK) {
      await insertUnnest(
        database.db,
        transactions,
        some.slice(i, i + CHUNK).map((customerId) => ({
          workspaceId: ws,
          id: newId(),
          customerId,
          kind: 'purchase' as const,
          occurredAt: new Date(clock.getTime() - 60_000),
          currency: 'USD',
          totalMinor: 12_000,
          costMinor: 5_000,
          grossMarginMinor: 7_000,
          itemCount: 1,
          createdAt: clock,
        })),
      );
    }
    clock = new Date(clock.getTime() + 60_000);
    await timed(`incremental run (${fmt(some.length)} customers with a new purchase)`, 'incremental');

    const s = performance.now();
    await database.executeSql(
      `select customer_id, count(*), sum(total_minor) from transactions where workspace_id = $1 group by customer_id`,
      [ws],
    );
    const bare = performance.now() - s;

    // The server settings that most move the write of a million score rows (checkpoints, buffer evictions).
    const setting = async (name: string) =>
      String((await database.executeSql(`select current_setting('${name}') v`)).rows[0].v);
    const settings = `shared_buffers ${await setting('shared_buffers')}, max_wal_size ${await setting('max_wal_size')}`;
    console.log(
      `\n${String(version.v).split(',')[0]}${onPglite ? ' (PGlite)' : ''} (${settings}); model converged: ${first.run.converged}; ${first.run.modelVersion}\n`,
    );
    console.log(
      '| run | wall s | customers | tier changes | scope | transactions | read inputs | fit | predict | rfm | metrics (rest) | tiers | tier changes s | write |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(
      `| comparison: one bare \`group by customer_id\` pass over the transactions (count, sum) | ${secs(bare)} | | | | | | | | | | | | |`,
    );
  } finally {
    await database.close();
    if (onPglite) {
      if (!keep) fs.rmSync(where, { recursive: true, force: true });
    } else if (client) {
      if (!keep) await client.query(`drop database ${dbName}`);
      await client.end();
    }
  }
}
