// Queue fairness on PostgreSQL: workspace A floods a queue (--flood jobs, as a 1M-row import's
// fan-out would), then a small workspace B sends --small jobs one by one while two workers drain.
// B's wait (sent → handler started) p50/p99, claims/s and the cost of a send with the flood
// pending, for plain FIFO claiming (`fair: false`) and the fair queue, measured in the same run
// on two queues of one database. Options: --flood N (20000), --small S (40), --work MS (2).
import os from 'node:os';
import pg from 'pg';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { type JobQueue, startJobQueue } from '../src/jobs/queue.ts';
import { defineJob, type JobDefinition } from '../src/jobs/registry.ts';
import { silentLogger } from '../src/logger.ts';
import { arg } from './args.ts';

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits });
const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

type Row = { mode: string; waitP50: number; waitP99: number; claimsPerSecond: number; sendMs: number };

export async function main(args: string[]) {
  const flood = arg(args, 'flood', 20_000);
  const small = arg(args, 'small', 40);
  const workMs = arg(args, 'work', 2);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const dbName = `tenure_bench_fairness_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  const load = os.loadavg()[0];
  const rows: Row[] = [];
  try {
    await migrateDatabase(database);
    const deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => new Date() };
    for (const fair of [false, true]) {
      const name = fair ? 'bench.fair' : 'bench.fifo';
      const waits: number[] = [];
      let ran = 0;
      const job = defineJob({
        name,
        schema: z.object({ workspaceId: z.string(), sentAt: z.number() }),
        handler: async ({ workspaceId, sentAt }) => {
          if (workspaceId === 'B') waits.push(Date.now() - sentAt);
          ran++;
          await new Promise((r) => setTimeout(r, workMs));
        },
      }) as JobDefinition;
      const sender: JobQueue = await startJobQueue(deps, { definitions: [job], work: false, fair });
      for (let i = 0; i < flood; i += 1000)
        await sender.sendMany(
          name,
          Array.from({ length: Math.min(1000, flood - i) }, () => ({ workspaceId: 'A', sentAt: Date.now() })),
        );
      const workers = [
        await startJobQueue(deps, { definitions: [job], work: true, fair, pollingIntervalSeconds: 0.5 }),
        await startJobQueue(deps, { definitions: [job], work: true, fair, pollingIntervalSeconds: 0.5 }),
      ];
      const started = performance.now();
      const sendTimes: number[] = [];
      for (let n = 0; n < small; n++) {
        const t0 = performance.now();
        await sender.send(name, { workspaceId: 'B', sentAt: Date.now() });
        sendTimes.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
      while (waits.length < small) await new Promise((r) => setTimeout(r, 20));
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        mode: fair ? 'fair (virtual start time per workspace)' : 'FIFO (fair: false)',
        waitP50: quantile(waits, 0.5),
        waitP99: quantile(waits, 0.99),
        claimsPerSecond: ran / seconds,
        sendMs: quantile(sendTimes, 0.5),
      });
      for (const w of workers) await w.boss.deleteQueue(name).catch(() => {});
      for (const w of workers) await w.stop();
      await sender.stop();
    }
  } finally {
    await database.close();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
  }
  console.log(
    `\n### Queue fairness: ${fmt(small)} jobs of a small workspace while another has ${fmt(flood)} queued (PostgreSQL, two workers, ${workMs} ms per job)\n`,
  );
  console.log('| claiming | small workspace wait p50 | wait p99 | claims/s | send p50 (flood pending) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.mode} | ${fmt(r.waitP50)} ms | ${fmt(r.waitP99)} ms | ${fmt(r.claimsPerSecond)} | ${fmt(r.sendMs, 2)} ms |`,
    );
  const [fifo, fair] = rows;
  console.log(
    `\nWait p99 ${fmt(fifo.waitP99 / Math.max(1, fair.waitP99), 1)}× shorter with fair claiming; ${os.cpus().length} cores, 1-minute load ${load.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`,
  );
}
