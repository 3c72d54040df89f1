// Loyalty benchmark on PostgreSQL: ledger postings per second (single stream and concurrent),
// next to plain INSERTs of the same shape into a bare table (no lock, no idempotency check, no
// lots) measured in the same run; the member balance read through HTTP with N members; the earn
// job's throughput and the trigger's cost on bulk transaction inserts; the ledger check.
// Options: --members N (1000000), --postings P (3000), --concurrency C (16), --reads R (4000), --earn T (50000).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { createApp } from '../src/http/app.ts';
import { silentLogger } from '../src/logger.ts';
import { accountOf, checkLedger, postLedger } from '../src/modules/loyalty/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { runLoyaltyEarning } from '../src/workflows/loyalty-earning.ts';
import { arg } from './args.ts';
import { saveBenchProgram } from './loyalty-program.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

type Stats = { rate: number; p50: number; p99: number };

/** Runs `total` operations over `streams` concurrent loops; returns ops/s and latency quantiles (ms). */
async function measure(total: number, streams: number, op: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { rate: total / seconds, p50: q(0.5), p99: q(0.99) };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

export async function main(args: string[]) {
  const members = arg(args, 'members', 1_000_000);
  const postings = arg(args, 'postings', 3000);
  const concurrency = arg(args, 'concurrency', 16);
  const reads = arg(args, 'reads', 4000);
  const earnCount = arg(args, 'earn', 50_000);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `tenure_bench_loyalty_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: concurrency + 4 });
  const sql = (text: string, values?: unknown[]) => database.executeSql(text, values);
  try {
    await migrateDatabase(database);
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => new Date() };
    const { workspace, token } = await createWorkspaceWithOwner(deps, {
      workspace: { name: 'Loyalty bench', currency: 'USD' },
      owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1' },
      withToken: true,
    });
    const ws = workspace.id;
    await saveBenchProgram(deps, ws);

    console.log(`Seeding ${fmt(members)} members (customers, accounts, one earn entry and lot each) …`);
    const [, seedSeconds] = await timed(async () => {
      // Valid v4 ids (the API validates them); members numbered by external id for the earn step.
      await sql(
        `insert into customers (workspace_id, id, external_id, name, created_at, updated_at) select $1::text::uuid, gen_random_uuid(), 'm' || g, 'Member ' || g, now(), now() from generate_series(1, $2::int) g`,
        [ws, members],
      );
      await sql(
        `insert into loyalty_entries (workspace_id, id, customer_id, kind, points, idempotency_key, occurred_at, created_at)
         select workspace_id, gen_random_uuid(), id, 'earn', 100 + (hashtext(id::text) & 1023), 'seed:' || id, now() - (hashtext(external_id) & 511) * interval '1 day', now() from customers where workspace_id = $1`,
        [ws],
      );
      await sql(
        `insert into loyalty_lots (workspace_id, entry_id, customer_id, points, remaining, earned_at, available_at, expires_at)
         select workspace_id, id, customer_id, points, points, occurred_at, occurred_at, occurred_at + interval '24 months' from loyalty_entries where workspace_id = $1`,
        [ws],
      );
      await sql(
        `insert into loyalty_accounts (workspace_id, customer_id, balance, enrolled_at, updated_at) select workspace_id, customer_id, points, now(), now() from loyalty_entries where workspace_id = $1`,
        [ws],
      );
      await sql('analyze');
    });
    console.log(`seeded in ${seedSeconds.toFixed(1)} s`);
    const sample = (
      await sql('select customer_id from loyalty_accounts where workspace_id = $1 order by random() limit 20000', [ws])
    ).rows.map((r) => r.customer_id as string);
    const pick = (i: number) => sample[(i * 7919) % sample.length];

    // The comparison point: the same row shape, one autocommitted INSERT each, no checks.
    await sql(
      'create table bench_plain (workspace_id uuid, id uuid, customer_id uuid, kind text, points integer, idempotency_key text, occurred_at timestamptz)',
    );
    let plainSeq = 0;
    const plain = () =>
      sql('insert into bench_plain values ($1, gen_random_uuid(), $2, $3, $4, $5, now())', [
        ws,
        pick(plainSeq),
        'adjust',
        10,
        `plain:${plainSeq++}`,
      ]).then(() => {});

    // A ledger posting: its own transaction, member locked, key checked, lot or FIFO allocation written.
    let postSeq = 0;
    const posting = (i: number) =>
      deps.db
        .transaction((tx) =>
          postLedger(tx, deps, ws, [
            i % 2 === 0
              ? {
                  customerId: pick(i),
                  kind: 'compensation',
                  key: `bench:${postSeq++}`,
                  occurredAt: new Date(),
                  spec: { op: 'credit', points: 10, availableAt: new Date(), expiresAt: null },
                }
              : {
                  customerId: pick(i),
                  kind: 'redeem',
                  key: `bench:${postSeq++}`,
                  occurredAt: new Date(),
                  spec: { op: 'debit', points: 10, from: 'spendable', overdraft: 'reject' },
                },
          ]),
        )
        .then(() => {});

    const rows: [string, Stats][] = [];
    rows.push(['plain INSERT, bare table (comparison), 1 stream', await measure(postings, 1, plain)]);
    rows.push(['ledger posting (earn/redeem alternating), 1 stream', await measure(postings, 1, posting)]);
    rows.push([
      `plain INSERT, bare table (comparison), ${concurrency} streams`,
      await measure(postings, concurrency, plain),
    ]);
    rows.push([
      `ledger posting (earn/redeem alternating), ${concurrency} streams`,
      await measure(postings, concurrency, posting),
    ]);

    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const headers = { authorization: `Bearer ${token?.token}`, 'content-type': 'application/json' };
    const http = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}`);
    };
    rows.push([
      `POST /customers/{id}/loyalty/compensations over HTTP, ${concurrency} concurrent`,
      await measure(Math.min(postings, 2000), concurrency, (i) =>
        http('POST', `/customers/${pick(i + 5)}/loyalty/compensations`, { points: 5, reason: 'bench' }),
      ),
    ]);
    const read = await measure(reads, concurrency, (i) => http('GET', `/customers/${pick(i + 11)}/loyalty`));
    const direct = await measure(Math.min(reads, 2000), 1, (i) =>
      accountOf(deps.db, new Date(), ws, pick(i + 13)).then(() => {}),
    );
    await new Promise((r) => server.close(r));

    // Earning: transactions written in bulk (the trigger queues them), then the earn job.
    // Time-ordered ids, as the application makes them (UUIDv7), so each statement's queued range is tight.
    const uuidv7Sql = `(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;
    const insertTx = (offset: number) =>
      sql(
        `with t as (insert into transactions (workspace_id, id, customer_id, external_id, kind, occurred_at, currency, total_minor, gross_margin_minor, item_count, created_at)
           select $1::text::uuid, ${uuidv7Sql}, c.id, 'bench-' || g, 'purchase', now() - interval '1 hour', 'USD', 1000 + g % 9000, 500, 1, now()
           from generate_series($2::int + 1, $2::int + $4::int) g join customers c on c.workspace_id = $1::text::uuid and c.external_id = 'm' || (1 + (g::bigint * 7919) % $3::int)
           returning id, total_minor)
         insert into transaction_lines (workspace_id, transaction_id, line_no, quantity, unit_price_minor, total_minor) select $1::text::uuid, id, 1, 1, total_minor, total_minor from t`,
        [ws, offset, members, earnCount],
      );
    // Alternating, best of two each, so cache warm-up favours neither.
    const insertWith = async (status: 'paused' | 'active', offset: number) => {
      await sql(`update loyalty_programs set status = $2 where workspace_id = $1`, [ws, status]);
      return (await timed(() => insertTx(offset)))[1];
    };
    const p1 = await insertWith('paused', 10_000_000);
    const a1 = await insertWith('active', 0);
    const p2 = await insertWith('paused', 20_000_000);
    const a2 = await insertWith('active', 30_000_000);
    const pausedSeconds = Math.min(p1, p2);
    const activeSeconds = Math.min(a1, a2);
    const [earned, earnSeconds] = await timed(() =>
      runLoyaltyEarning(deps, { workspaceId: ws, batchSize: 1000, maxBatches: Number.MAX_SAFE_INTEGER }),
    );
    const [check, checkSeconds] = await timed(() => checkLedger(deps, ws));

    console.log(
      `\n| loyalty ledger on PostgreSQL (${fmt(members)} members) | per second | p50 ms | p99 ms |\n|---|---|---|---|`,
    );
    for (const [name, s] of rows)
      console.log(`| ${name} | ${fmt(s.rate)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} |`);
    console.log(
      `\n| member balance read, GET /customers/{id}/loyalty, ${fmt(members)} members | requests/s | p50 ms | p99 ms |\n|---|---|---|---|\n| ${fmt(reads)} requests, ${concurrency} concurrent | ${fmt(read.rate)} | ${read.p50.toFixed(1)} | ${read.p99.toFixed(1)} |\n| the account query alone (service call, no HTTP), 1 stream | ${fmt(direct.rate)} | ${direct.p50.toFixed(1)} | ${direct.p99.toFixed(1)} |`,
    );
    console.log(`\n| earning (${fmt(earnCount)} transactions) | seconds | per second |\n|---|---|---|`);
    console.log(
      `| bulk INSERT of transactions + lines, program paused (trigger queues nothing) | ${pausedSeconds.toFixed(2)} | ${fmt(earnCount / pausedSeconds)} |`,
    );
    console.log(
      `| bulk INSERT of transactions + lines, program active (the trigger queues each statement's id range) | ${activeSeconds.toFixed(2)} | ${fmt(earnCount / activeSeconds)} |`,
    );
    console.log(
      `| earn job: ${fmt(earned.transactions)} queued transactions (the two active inserts) → ${fmt(earned.earned)} points (batches of 1,000) | ${earnSeconds.toFixed(2)} | ${fmt(earned.transactions / earnSeconds)} |`,
    );
    console.log(
      `\n\`tenure loyalty check\` over ${fmt(check.members)} members and ${fmt(check.entries)} entries: ${checkSeconds.toFixed(1)} s, ${check.ok ? 'no violation' : `${check.violations.length} VIOLATIONS`}.`,
    );
  } finally {
    await database.close();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
  }
}
