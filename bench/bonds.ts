// Bond-index benchmark: a new database (PGlite by default, --pg for PostgreSQL) with N customers,
// 4 contacts each over the last year (3 handlers), one relationship for 30 %, preferences for
// 25 %, a structural tie for 15 %, a running contract for 20 % and a loyalty account for half —
// loaded with generate_series — then the scoring step (scoreBonds: one set-based read, the pure
// index in JS, bulk upserts of 5,000), stage by stage, and the summary with its Cox validation.
// Comparison points in the same run: the inputs read within the step, and a rescoring (upserts that update).
// Options: --customers N (100000), --pg.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { scoreBonds } from '../src/modules/bonds/index.ts';
import { bondSummary } from '../src/modules/bonds/bonds.service.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { arg } from './args.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(2);

export async function main(args: string[]) {
  const n = arg(args, 'customers', 100_000);
  const onPg = args.includes('--pg');
  let client: pg.Client | null = null;
  let database: Database;
  let where: string;
  const dbName = `bonds_bench_${Date.now()}`;
  if (onPg) {
    const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
    client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${dbName}`);
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    where = `PostgreSQL ${dbName}`;
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  } else {
    where = fs.mkdtempSync(path.join(os.tmpdir(), 'bonds-bench-'));
    database = await openDatabase({ dataDir: where });
  }
  try {
    await migrateDatabase(database);
    const asOf = new Date('2026-06-01T12:00:00Z');
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => asOf };
    const { workspace, owner } = await createWorkspaceWithOwner(deps, {
      workspace: { name: 'Bonds bench', currency: 'USD' },
      owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1', name: 'Bench' },
    });
    const ws = workspace.id;
    console.log(`Loading ${fmt(n)} customers into ${where} …`);
    const t0 = performance.now();
    const q = (text: string) => database.executeSql(text, [ws]);
    await q(`insert into customers (workspace_id, id, name, acquired_at, status, defected_at)
      select $1, gen_random_uuid(), 'Customer ' || g, timestamptz '2023-01-01' + (g % 900) * interval '1 day',
        case when g % 7 = 0 then 'defected' else 'active' end,
        case when g % 7 = 0 then timestamptz '2025-01-01' + (g % 500) * interval '1 day' end
      from generate_series(1, ${n}) g`);
    await q(
      `create temp table bench_c as select id, row_number() over (order by id) g from customers where workspace_id = $1`,
    );
    await q(`insert into interactions (workspace_id, id, customer_id, occurred_at, channel, direction, type, employee_id)
      select $1, gen_random_uuid(), c.id, timestamptz '2026-05-01' - (k * 40 + c.g % 30) * interval '1 day', 'phone', 'inbound', 'support',
        case when k < 3 then '${owner.id}'::uuid else gen_random_uuid() end
      from bench_c c cross join generate_series(0, 3) k`);
    await q(`insert into bond_relationships (workspace_id, id, customer_id, employee_name, role, since)
      select $1, gen_random_uuid(), id, 'Ana', 'account manager', timestamptz '2024-01-01' from bench_c where g % 10 < 3`);
    await q(`insert into bond_preferences (workspace_id, id, customer_id, kind, value, source, times_acted_on)
      select $1, gen_random_uuid(), id, 'contact_time', 'mornings', 'customer_stated', g % 6 from bench_c where g % 4 = 0`);
    await q(`insert into bond_structural (workspace_id, id, customer_id, kind, description, since, early_termination_fee_minor)
      select $1, gen_random_uuid(), id, 'contract_terms', '24 months', timestamptz '2025-01-01', 20000 from bench_c where g % 20 < 3`);
    await q(`insert into contracts (workspace_id, id, customer_id, plan, status, started_at, monthly_value_minor, currency, payment_method)
      select $1, gen_random_uuid(), id, 'Plan ' || (g % 3), 'active', timestamptz '2025-01-01', 5000, 'USD', 'direct_debit' from bench_c where g % 5 = 0`);
    await q(`insert into loyalty_programs (workspace_id, name, points_per_unit, multipliers, cost_per_point_minor)
      values ($1, 'Club', 1, '{"categories":{},"products":{},"channels":{},"tiers":{}}', 0.5)`);
    await q(`insert into loyalty_accounts (workspace_id, customer_id, balance, enrolled_at)
      select $1, id, (g % 50) * 100, timestamptz '2024-01-01' from bench_c where g % 2 = 0`);
    await database.executeSql('drop table bench_c');
    await database.executeSql('analyze');
    const loadMs = performance.now() - t0;

    const run = await scoreBonds(deps, ws);
    const again = await scoreBonds({ ...deps, now: () => new Date(asOf.getTime() + 1000) }, ws);
    const t3 = performance.now();
    const summary = await bondSummary(deps, ws);
    const summaryMs = performance.now() - t3;

    const v = summary.validation;
    console.log(`\n| bond index, ${fmt(n)} customers (${onPg ? 'PostgreSQL' : 'PGlite'}) | value |`);
    console.log('| --- | ---: |');
    console.log(`| load (generate_series) | ${secs(loadMs)} s |`);
    console.log(
      `| **scoring step (read + index + upserts + stale drop)** | **${secs(run.ms)} s** (${fmt(run.scored)} scored) |`,
    );
    console.log(
      `| of which the inputs read (7 sources joined) / index + upserts + drop | ${secs(run.readMs)} s / ${secs(run.writeMs)} s |`,
    );
    console.log(`| rescoring (every row already there: upserts update) | ${secs(again.ms)} s |`);
    console.log(`| summary with Cox validation | ${secs(summaryMs)} s |`);
    console.log(
      `| validation | ${v.status === 'ok' ? `HR ${v.hazardRatio?.toFixed(2)} (${v.lower?.toFixed(2)}–${v.upper?.toFixed(2)}), n ${v.n}, events ${v.events}` : v.reason} |`,
    );
  } finally {
    await database.close();
    if (client) {
      await client.query(`drop database if exists ${dbName} with (force)`);
      await client.end();
    } else fs.rmSync(where, { recursive: true, force: true });
  }
}
