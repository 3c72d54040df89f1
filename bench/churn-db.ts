// Churn-run benchmark on PostgreSQL (default) or PGlite (--pglite): a new database with N
// simulated contracts (one customer each; churn.simulate.testing.ts: exponential lifetimes with
// known hazard ratios), then a full churn-model run — the feature read through the other
// domains' sources, the L2 logistic fit with 5-fold cross-validation and the tenure baseline,
// Cox, sBG cohorts and Kaplan–Meier, scoring and writing every risk — with its stages printed;
// then R reads of one customer's risk and drivers (GET /customers/{id}/churn's service) for
// random customers, p50/p99. Comparison points measured in the same database and run: the
// bare read of the book alone (bookFacts) (what the run adds on top of reading), and a primary-key read of one
// churn_risk row (the floor under a risk read).
// The book is `wide` by default: 16 plans (8 variants each of Basic and Premium), 8 payment
// methods, 4 terms, and the other domains' facts the model reads — value-engine scores for every
// customer (pyramid tier, R, F, M) and 1–3 logged contacts with a cost for a quarter of them —
// 30 design columns (tenure, monthly value, term, contacts in 90 days, contact cost, R, F, M;
// 12 plan columns with `other`; 7 payment methods; 3 tiers). Complaints and loyalty are absent,
// so their columns are constant and left out. --narrow: 2 plans, card or invoice, 1 or 12
// months, nothing else (5 columns).
// Options: --contracts N (1000000), --reads R (2000), --seed S (1), --pglite, --keep, --narrow;
// --database NAME (PostgreSQL): reuse a database an earlier run kept (its book, no load; kept).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { runChurnNow } from '../src/modules/churn/index.ts';
import { bookFacts } from '../src/modules/churn/index.ts';
import { getCustomerRisk } from '../src/modules/churn/churn.service.ts';
import { simulateContractBook } from '../src/modules/churn/churn.simulate.testing.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { arg } from './args.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(2);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export async function main(args: string[]) {
  const n = arg(args, 'contracts', 1_000_000);
  const reads = arg(args, 'reads', 2_000);
  const seed = arg(args, 'seed', 1);
  const onPglite = args.includes('--pglite');
  const reuse = args.includes('--database') ? args[args.indexOf('--database') + 1] : null;
  const keep = args.includes('--keep') || reuse !== null;
  const narrow = args.includes('--narrow');
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = reuse ?? `churn_bench_${Date.now()}`;
  let client: pg.Client | null = null;
  let database: Database;
  let where: string;
  if (onPglite) {
    where = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-bench-pglite-'));
    database = await openDatabase({ dataDir: where });
  } else {
    client = new pg.Client({ connectionString: admin });
    await client.connect();
    if (!reuse) await client.query(`create database ${dbName}`);
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    where = dbName;
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  }
  try {
    // A kept database is brought to the current schema too (e.g. an index changed since it was loaded).
    await migrateDatabase(database);
    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows;
    const asOf = new Date('2026-06-01T12:00:00Z');
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => asOf };
    let ws: string;
    let loadMs = 0;
    if (reuse) {
      ws = (await queryRows<{ id: string }>(database.db, sql`select id from workspaces limit 1`))[0].id;
      console.log(`Reusing the book in ${where} …`);
    } else {
      const { workspace } = await createWorkspaceWithOwner(deps, {
        workspace: { name: 'Churn bench', currency: 'USD' },
        owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
      });
      ws = workspace.id;
      console.log(`Loading ${fmt(n)} simulated contracts (seed ${seed}) into ${where} …`);
      const t0 = performance.now();
      await simulateContractBook(database.db, { workspaceId: ws, contracts: n, asOf, seed, wide: !narrow });
      await database.executeSql('analyze');
      loadMs = performance.now() - t0;
    }

    const t1 = performance.now();
    const since = new Date(asOf);
    since.setUTCMonth(since.getUTCMonth() - 6);
    const bareRows = (await bookFacts(database.db, ws, since, asOf)).training.n;
    const bareMs = performance.now() - t1;

    const t2 = performance.now();
    const run = await runChurnNow(deps, ws, 'api');
    const runMs = performance.now() - t2;
    const card = run.card as { oddsRatios?: unknown[]; cox?: { n: number } | null };

    const ids = (
      await queryRows<{ customer_id: string }>(
        database.db,
        sql`select customer_id from churn_risk where workspace_id = ${ws} order by random() limit ${reads}`,
      )
    ).map((r) => r.customer_id);
    const timed = async (f: (id: string) => Promise<unknown>) => {
      const ms: number[] = [];
      for (const id of ids) {
        const s = performance.now();
        await f(id);
        ms.push(performance.now() - s);
      }
      return ms;
    };
    const pk = await timed((id) =>
      queryRows(database.db, sql`select * from churn_risk where workspace_id = ${ws} and customer_id = ${id}`),
    );
    const risk = await timed((id) => getCustomerRisk(deps, ws, id));

    console.log(`\n${String(version.v).split(',')[0]}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})\n`);
    console.log('| What | Value |');
    console.log('| --- | ---: |');
    if (!reuse) console.log(`| Contracts loaded | ${fmt(n)} in ${secs(loadMs)} s |`);
    console.log(
      `| Training rows × columns | ${fmt(run.rows ?? 0)} × ${card.oddsRatios?.length ?? 0} (${fmt(run.positives ?? 0)} cancelled) |`,
    );
    console.log(`| **Churn run, end to end (incl. DB reads and writes)** | **${secs(runMs)} s** |`);
    for (const [stage, ms] of Object.entries(run.timings ?? {})) console.log(`| · ${stage} | ${secs(ms)} s |`);
    console.log(`| Comparison: the bare read of the book alone (${fmt(bareRows)} training rows) | ${secs(bareMs)} s |`);
    console.log(`| Customers scored | ${fmt(run.customersScored ?? 0)} |`);
    console.log(`| CV AUC / tenure-only AUC | ${run.auc?.toFixed(3)} / ${run.baselineAuc?.toFixed(3)} |`);
    console.log(
      `| **Risk + drivers read** (service, ${fmt(ids.length)} random customers) p50 / p99 | **${quantile(risk, 0.5).toFixed(2)} / ${quantile(risk, 0.99).toFixed(2)} ms** |`,
    );
    console.log(
      `| Comparison: primary-key read of one churn_risk row p50 / p99 | ${quantile(pk, 0.5).toFixed(2)} / ${quantile(pk, 0.99).toFixed(2)} ms |`,
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
