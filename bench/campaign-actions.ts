// Campaign actions benchmark on PostgreSQL: bonus-point and task actions executed per second by
// the execution batches (each member in its savepoint, the ledger posting keyed per campaign ×
// customer × action, the execution row in the same transaction), with one worker and with two
// workers sharing the campaign (SKIP LOCKED). Options: --members N (5000), --batch B (500).
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import {
  createCampaign,
  createSegment,
  launchCampaign,
  runExecutionBatch,
  saveActions,
  startExecution,
} from '../src/modules/campaigns/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { arg } from './args.ts';
import { saveBenchProgram } from './loyalty-program.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

export async function main(args: string[]) {
  const members = arg(args, 'members', 5000);
  const batch = arg(args, 'batch', 500);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `tenure_bench_actions_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 6 });
  try {
    await migrateDatabase(database);
    const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => new Date() };
    const { workspace, owner } = await createWorkspaceWithOwner(deps, {
      workspace: { name: 'Actions bench', currency: 'USD' },
      owner: { email: `bench-${Date.now()}@example.com`, password: 'bench-password-1' },
    });
    const ws = workspace.id;
    await saveBenchProgram(deps, ws);
    await database.executeSql(
      `insert into customers (workspace_id, id, name, created_at, updated_at) select $1::text::uuid, gen_random_uuid(), 'Member ' || g, now(), now() from generate_series(1, $2::int) g`,
      [ws, members],
    );
    const segment = await createSegment(deps, ws, { name: 'All', definition: { all: [] } }, null);
    const rows: string[][] = [];
    const run = async (label: string, type: 'points' | 'task', workers: number) => {
      const c = await createCampaign(
        deps,
        ws,
        {
          name: label,
          objective: 'retain',
          ownerId: owner.id,
          segmentId: segment.id,
          stratifyByTier: false,
          arms: [
            { key: 'control', name: 'Control', share: 1, control: true },
            { key: 'treat', name: 'Treat', share: 99, control: false },
          ],
        },
        null,
      );
      const action =
        type === 'points'
          ? { key: 'bonus', arm: 'treat', name: 'Bonus', type: 'points' as const, points: 100, costMinor: 100 }
          : {
              key: 'call',
              arm: 'treat',
              name: 'Call',
              type: 'task' as const,
              title: 'Call {{firstName}}',
              costMinor: 500,
            };
      await saveActions(deps, ws, c.id, { actions: [action] });
      await launchCampaign(deps, ws, c.id);
      await startExecution(deps, ws, c.id);
      const t0 = performance.now();
      let done = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (;;) {
            const r = await runExecutionBatch(deps, ws, c.id, { limit: batch });
            done += r.members;
            if (r.members === 0) return;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      rows.push([label, String(workers), fmt(done), seconds.toFixed(2), fmt(done / seconds)]);
    };
    await run('points', 'points', 1);
    await run('points', 'points', 2);
    await run('task', 'task', 1);
    await run('task', 'task', 2);
    console.log(`\nCampaign actions, ${fmt(members)} customers, batches of ${batch} (PostgreSQL)\n`);
    console.log('| Action | Workers | Actions | Seconds | Actions/s |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await database.close();
    await client.query(`drop database ${dbName}`);
    await client.end();
  }
}
