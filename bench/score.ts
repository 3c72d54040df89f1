// Scoring-run benchmark on PostgreSQL: a new database with N demo customers (the seeded demo
// generator: a BG/NBD purchase process over three years, with contacts), loaded through the bulk
// writer; then a full scoring run (metrics, RFM, BG/NBD + Gamma-Gamma fit and predictions, tiers
// and their change events), a second full run (few tier changes), and an incremental run after
// 1 % of the customers bought again. Each run's stages are printed. Comparison point measured in
// the same database: one bare aggregation pass over the transactions (count and sum per customer).
// Options: --customers N (100000), --seed S (1), --keep (leave the database).
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { insertUnnest } from '../src/db/bulk.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { newId } from '../src/ids.ts';
import { silentLogger } from '../src/logger.ts';
import { transactions } from '../src/modules/commerce/commerce.schema.ts';
import { customers } from '../src/modules/customers/customers.schema.ts';
import { interactions } from '../src/modules/interactions/interactions.schema.ts';
import { interactionCost } from '../src/modules/interactions/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { demoProducts, generateDemo } from '../src/workflows/demo/generator.ts';
import { demoRates } from '../src/workflows/demo/load-demo.ts';
import { scoreWorkspace } from '../src/workflows/score-customers.ts';

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(2);
const CHUNK = 20_000;

export async function main(args: string[]) {
  const n = arg(args, 'customers', 100_000);
  const seed = arg(args, 'seed', 1);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `tenure_bench_score_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  const [load] = (await client.query('select pg_catalog.version() v')).rows;
  try {
    await migrateDatabase(database);
    const end = new Date('2026-11-01T00:00:00Z');
    let clock = new Date(end.getTime() + 12 * 3_600_000);
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => clock };
    const { workspace } = await createWorkspaceWithOwner(deps, { workspace: { name: 'Score bench', currency: 'USD' }, owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' } });
    const ws = workspace.id;
    const products = demoProducts();
    const price = new Map(products.map((p) => [p.sku, p]));

    console.log(`Loading ${fmt(n)} demo customers (seed ${seed}) into ${dbName} …`);
    const t0 = performance.now();
    let custRows: (typeof customers.$inferInsert)[] = [];
    let txRows: (typeof transactions.$inferInsert)[] = [];
    let ixRows: (typeof interactions.$inferInsert)[] = [];
    const totals = { customers: 0, transactions: 0, interactions: 0 };
    const ids = new Map<string, string>();
    const flush = async (force: boolean) => {
      if (custRows.length && (force || custRows.length >= CHUNK)) {
        await insertUnnest(database.db, customers, custRows);
        totals.customers += custRows.length;
        custRows = [];
      }
      if (txRows.length && (force || txRows.length >= CHUNK)) {
        await insertUnnest(database.db, transactions, txRows);
        totals.transactions += txRows.length;
        txRows = [];
      }
      if (ixRows.length && (force || ixRows.length >= CHUNK)) {
        await insertUnnest(database.db, interactions, ixRows);
        totals.interactions += ixRows.length;
        ixRows = [];
      }
    };
    for (const b of generateDemo({ customers: n, seed, start: new Date(end.getTime() - 3 * 365 * 86_400_000), end })) {
      const c = b.customer;
      const id = newId();
      ids.set(c.externalId, id);
      custRows.push({ workspaceId: ws, id, externalId: c.externalId, name: c.name, email: c.email, acquiredAt: c.acquiredAt, acquisitionChannel: c.acquisitionChannel, declaredWalletMinor: c.declaredWalletMinor, createdAt: c.acquiredAt, updatedAt: c.acquiredAt });
      for (const t of b.transactions) {
        if (t.returnOf) continue; // purchases only: returns need their original's id (the demo loader resolves them)
        let total = 0;
        let cost = 0;
        let items = 0;
        for (const l of t.lines) {
          total += l.quantity * l.unitPriceMinor - l.discountMinor;
          cost += l.quantity * (l.unitCostMinor ?? price.get(l.sku)?.unitCostMinor ?? 0);
          items += l.quantity;
        }
        txRows.push({ workspaceId: ws, id: newId(), customerId: id, kind: 'purchase', occurredAt: t.occurredAt, channel: t.channel, currency: 'USD', totalMinor: total, costMinor: cost, grossMarginMinor: total - cost, itemCount: items, createdAt: t.occurredAt });
      }
      for (const i of b.interactions) {
        ixRows.push({ workspaceId: ws, id: newId(), customerId: id, occurredAt: i.occurredAt, channel: i.channel, direction: i.direction, type: i.type, durationSeconds: i.durationSeconds, costMinor: interactionCost(demoRates[i.channel], i.durationSeconds), createdAt: i.occurredAt });
      }
      await flush(false);
    }
    await flush(true);
    await database.executeSql('analyze customers; analyze transactions; analyze interactions');
    console.log(`Loaded ${fmt(totals.customers)} customers, ${fmt(totals.transactions)} transactions, ${fmt(totals.interactions)} contacts in ${secs(performance.now() - t0)} s.\n`);

    const rows: string[][] = [];
    const report = (label: string, run: Awaited<ReturnType<typeof scoreWorkspace>>, wall: number) => {
      const t = run.run.timings ?? {};
      rows.push([label, secs(wall), fmt(run.customersScored), fmt(run.tierChanges), ...['scope', 'transactions', 'readInputs', 'fit', 'predict', 'metrics', 'tierChanges', 'write'].map((k) => secs(t[k] ?? 0))]);
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
    const some = [...ids.values()].filter((_, i) => i % 100 === 0);
    clock = new Date(clock.getTime() + 3_600_000);
    for (let i = 0; i < some.length; i += CHUNK) {
      await insertUnnest(
        database.db,
        transactions,
        some.slice(i, i + CHUNK).map((customerId) => ({ workspaceId: ws, id: newId(), customerId, kind: 'purchase' as const, occurredAt: new Date(clock.getTime() - 60_000), currency: 'USD', totalMinor: 12_000, costMinor: 5_000, grossMarginMinor: 7_000, itemCount: 1, createdAt: clock })),
      );
    }
    clock = new Date(clock.getTime() + 60_000);
    await timed(`incremental run (${fmt(some.length)} customers with a new purchase)`, 'incremental');

    const s = performance.now();
    await database.executeSql(`select customer_id, count(*), sum(total_minor) from transactions where workspace_id = $1 group by customer_id`, [ws]);
    const bare = performance.now() - s;

    console.log(`PostgreSQL: ${String(load.v).split(',')[0]}; model converged: ${first.run.converged}; ${first.run.modelVersion}\n`);
    console.log('| run | wall s | customers | tier changes | scope | transactions | read inputs | fit | predict | metrics | tier changes s | write |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`| comparison: one bare \`group by customer_id\` pass over the transactions (count, sum) | ${secs(bare)} | | | | | | | | | | |`);
  } finally {
    await database.close();
    if (!args.includes('--keep')) await client.query(`drop database ${dbName}`);
    await client.end();
  }
}
