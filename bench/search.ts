// Customer search benchmark on PostgreSQL: a new database with N customers whose names carry
// accents (Portuguese and Spanish first names and surnames), then R searches through the list
// service (GET /customers?q=) typed without accents — a whole name, a surname, an e-mail part —
// p50/p99. Comparison point measured in the same run: the exact e-mail lookup (btree on
// lower(email)), the floor under any read of one customer.
// Options: --customers N (1000000), --reads R (1000), --keep (keep the new database), --database NAME
// (reuse a database kept earlier: migrated, not reloaded; never dropped), --baseline DIR (also time
// another checkout's list service, e.g. /work/main, on the same queries and database, interleaved).
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type Db, openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { listCustomers } from '../src/modules/customers/customers.read.ts';
import { ListCustomersQuery } from '../src/modules/customers/index.ts';
import { scoreMatches } from '../src/modules/analytics/index.ts';
import { customerValueSources } from '../src/workflows/customer-list.ts';
import { arg, textArg } from './args.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const FIRST = [
  'João',
  'José',
  'María',
  'Inês',
  'Sebastián',
  'Lúcia',
  'Andrés',
  'Conceição',
  'Ángel',
  'Zoë',
  'Renée',
  'Íñigo',
];
const LAST = [
  'Rodríguez',
  'Gonçalves',
  'Muñoz',
  'Peña',
  'Conceição',
  'Ibáñez',
  'Sánchez',
  'Simões',
  'Brandão',
  'Gómez',
];
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

type Ctx = { db: Db; now: () => Date };
type ListFn = (ctx: Ctx, ws: string, q: unknown, sources: unknown) => Promise<{ items: unknown[] }>;

/** One search through a list service: how many customers its first page shows. */
const lister = (list: ListFn | typeof listCustomers, sources: unknown, ctx: Ctx, ws: string) => async (q: string) =>
  (await (list as ListFn)(ctx, ws, ListCustomersQuery.parse({ q }), sources)).items.length;

/** The list service of another checkout (its code, this database). */
async function baselineLister(dir: string, ctx: Ctx, ws: string) {
  const from = (file: string) => import(pathToFileURL(path.resolve(dir, file)).href);
  const read = await from('src/modules/customers/customers.read.ts');
  const { customerValueSources: values } = await from('src/workflows/customer-list.ts');
  const { scoreMatches: matches } = await from('src/modules/analytics/index.ts');
  return lister(read.listCustomers as ListFn, { scoreMatches: matches, values }, ctx, ws);
}

/** A workspace of n customers named from FIRST and LAST: most names are shared by many customers. */
async function load(database: Database, ws: string, n: number, dbName: string) {
  await database.executeSql(
    `insert into workspaces (id, name, slug, currency, locale, time_zone) values ('${ws}', 'Search bench', 'search-bench', 'EUR', 'pt-BR', 'UTC')`,
  );
  console.log(`Loading ${fmt(n)} customers into ${dbName} …`);
  // Each name: a first name, two surnames and a serial.
  const first = `array[${FIRST.map((s) => `'${s}'`).join(',')}]`;
  const last = `array[${LAST.map((s) => `'${s}'`).join(',')}]`;
  for (let from = 1; from <= n; from += 100_000) {
    const to = Math.min(n, from + 99_999);
    await database.executeSql(
      `insert into customers (workspace_id, id, name, email, external_id, created_at)
       select '${ws}', gen_random_uuid(),
         (${first})[1 + i % ${FIRST.length}] || ' ' || (${last})[1 + (i / 7) % ${LAST.length}] || ' ' ||
           (${last})[1 + (i / 71) % ${LAST.length}] || ' ' || i,
         'c' || i || '@example.com', 'ext-' || i, now() - (i || ' minutes')::interval
       from generate_series(${from}, ${to}) i`,
    );
  }
  await database.executeSql('vacuum analyze customers');
}

export async function main(args: string[]) {
  const n = arg(args, 'customers', 1_000_000);
  const reads = arg(args, 'reads', 1_000);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const reuse = textArg(args, 'database');
  const baselineDir = textArg(args, 'baseline');
  const dbName = reuse ?? `search_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  if (!reuse) await client.query(`create database ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  try {
    await migrateDatabase(database);
    const [version] = (await database.executeSql('select pg_catalog.version() v')).rows;
    const ws = '01900000-0000-7000-8000-000000000001';
    const t0 = performance.now();
    if (!reuse) await load(database, ws, n, dbName);
    const loadMs = performance.now() - t0;

    const queries = Array.from({ length: reads }, (_, k) => {
      const i = 1 + Math.floor(Math.random() * n);
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / 7) % LAST.length]}`;
      const kind = k % 3;
      return plain(kind === 0 ? name : kind === 1 ? `${LAST[Math.floor(i / 71) % LAST.length]} ${i}` : `c${i}@exa`);
    });
    const ctx = { db: database.db, now: () => new Date() };
    const mine = lister(listCustomers, { scoreMatches, values: customerValueSources }, ctx, ws);
    const base = baselineDir ? await baselineLister(baselineDir, ctx, ws) : undefined;
    const floorQuery = () =>
      queryRows(
        database.db,
        sql`select id from customers where workspace_id = ${ws} and lower(email) = ${`c${1 + Math.floor(Math.random() * n)}@example.com`}`,
      );
    // Interleaved, in turns that rotate, so the machine's load falls alike on each.
    const runs: { f: (q: string) => Promise<number | undefined>; ms: number[]; misses: number }[] = [
      { f: mine, ms: [], misses: 0 },
      ...(base ? [{ f: base, ms: [], misses: 0 }] : []),
      { f: async () => (await floorQuery()).length, ms: [], misses: 0 },
    ];
    for (const [k, q] of queries.entries())
      for (let j = 0; j < runs.length; j++) {
        const run = runs[(k + j) % runs.length];
        const s = performance.now();
        if ((await run.f(q)) === 0) run.misses++;
        run.ms.push(performance.now() - s);
      }
    const search = runs[0].ms;
    const misses = runs[0].misses;
    const floor = runs[runs.length - 1].ms;
    // By kind: a first name + surname is shared by ~1/60 of the book; the other two find one customer.
    const kinds = ['first name + surname (many matches)', 'surname + serial (one match)', 'e-mail part (one match)'];
    const byKind = (ms: number[]) => kinds.map((label, k) => ({ label, ms: ms.filter((_, i) => i % 3 === k) }));
    const line = (xs: number[]) => `${quantile(xs, 0.5).toFixed(2)} / ${quantile(xs, 0.99).toFixed(2)} ms`;
    console.log(`\n${String(version.v).split(',')[0]}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}\n`);
    console.log('| What | Value |');
    console.log('| --- | ---: |');
    console.log(`| Customers loaded (with indexes, vacuum analyze) | ${fmt(n)} in ${(loadMs / 1000).toFixed(1)} s |`);
    console.log(
      `| **Search without accents, first page of 50** (${fmt(queries.length)} queries: name, surname + serial, e-mail part) p50 / p99 | **${line(search)}** |`,
    );
    for (const { label, ms } of byKind(search)) console.log(`| · ${label} p50 / p99 | ${line(ms)} |`);
    console.log(`| Queries that found nobody (should be 0) | ${misses} |`);
    if (base) {
      console.log(`| Comparison: the same queries with ${baselineDir}'s code p50 / p99 | ${line(runs[1].ms)} |`);
      for (const { label, ms } of byKind(runs[1].ms)) console.log(`| · ${label} p50 / p99 | ${line(ms)} |`);
    }
    console.log(`| Comparison: exact e-mail lookup p50 / p99 | ${line(floor)} |`);
  } finally {
    await database.close();
    if (reuse || args.includes('--keep')) console.log(`Database kept: ${dbName}`);
    else await client.query(`drop database ${dbName}`);
    await client.end();
  }
}
