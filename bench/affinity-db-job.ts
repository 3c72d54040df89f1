// One affinity run in a process of its own, as a worker runs it, for the `affinity-db` benchmark:
// its memory is the job's alone — nothing the benchmark did before (the load, the comparison read)
// counts in the process's high-water mark. Prints one JSON line: each stage's wall and CPU time
// and the peak resident memory sampled while it ran, the resident memory before the run, the
// process's high-water mark (getrusage maxRSS, which sampling cannot miss), and the run's counts.
// `node <tsx flags> bench/affinity-db-job.ts DATABASE_URL|PGLITE_DIR WORKSPACE_ID` (bench/affinity-db.ts
// spawns it).
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { runAffinityNow } from '../src/modules/affinity/index.ts';

export type JobReport = {
  wallMs: number;
  cpuMs: number;
  stages: { stage: string; ms: number; cpu: number; peak: number }[];
  rssBefore: number;
  peak: number;
  maxRss: number;
  customers: number;
  rules: number;
  bundles: number;
  k: number | null;
};

const [where, ws] = process.argv.slice(2);
const database = await openDatabase(
  /^postgres(ql)?:/.test(where) ? { databaseUrl: where, poolSize: 4 } : { dataDir: where },
);
const asOf = new Date('2026-06-01T12:00:00Z');
const deps: Deps = { config: loadConfig({}), database, db: database.db, log: silentLogger, now: () => asOf };
try {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let stagePeak = rssBefore;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    stagePeak = Math.max(stagePeak, rss);
  }, 50);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const stages: { stage: string; cpu: number; peak: number }[] = [];
  let cpuMark = process.cpuUsage();
  const run = await runAffinityNow(deps, ws, 'api', {}, (stage) => {
    const cpu = process.cpuUsage(cpuMark);
    cpuMark = process.cpuUsage();
    const rss = process.memoryUsage().rss;
    stages.push({ stage, cpu: (cpu.user + cpu.system) / 1e6, peak: Math.max(stagePeak, rss) });
    stagePeak = rss;
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const timings = (run.timings ?? {}) as Record<string, number>;
  const card = run.card as { segmentation?: { k: number } | null; bundles?: unknown[] };
  const report: JobReport = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stages: stages.map((s) => ({ ...s, ms: timings[s.stage] ?? 0 })),
    rssBefore,
    peak,
    maxRss: process.resourceUsage().maxRSS * 1024,
    customers: run.customers ?? 0,
    rules: run.rules ?? 0,
    bundles: card.bundles?.length ?? 0,
    k: card.segmentation?.k ?? null,
  };
  console.log(JSON.stringify(report));
} finally {
  await database.close();
}
