// Running Tenure as a user does, for the benchmarks: `tenure <command>` processes with their peak
// resident memory sampled, a bench workspace made by `tenure workspace create`, a `tenure serve`
// process, and an HTTP read loaded by autocannon against it. Shared by the ingest and 360 benches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { processTree } from '../test/support/proc-tree.ts';

export const bin = path.resolve(import.meta.dirname, '../bin/tenure.js');

/**
 * Peak resident memory of a process tree, in MB: each process's peak (Linux VmHWM), summed over
 * every process seen in the tree, which is never less than the tree's true peak at one moment.
 */
export function rssSampler(pid: number | undefined) {
  const peaks = new Map<number, number>();
  return {
    sample() {
      if (pid === undefined) return;
      for (const p of processTree(pid)) {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
          if (m) peaks.set(p, Math.max(peaks.get(p) ?? 0, Number(m[1]) / 1024));
        } catch {
          // gone: its last sampled peak stays counted
        }
      }
    },
    mb: () => Math.round([...peaks.values()].reduce((a, b) => a + b, 0)),
  };
}

/** `bin`: another checkout's `bin/tenure.js` (e.g. main's worktree), to measure its code with this harness and book. */
export type Target = { name: string; env: NodeJS.ProcessEnv; bin?: string };

/** Runs `tenure <args>` to the end, sampling its peak RSS; answers stdout, seconds and peak MB. */
export function tenure(target: Target, args: string[]): Promise<{ stdout: string; seconds: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [target.bin ?? bin, ...args], {
      env: target.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const rss = rssSampler(child.pid);
    const sampler = setInterval(() => rss.sample(), 250);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`tenure ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ stdout, seconds: (performance.now() - started) / 1000, rssMb: rss.mb() });
    });
  });
}

export async function createBenchWorkspace(target: Target, name: string) {
  const r = await tenure(target, [
    'workspace',
    'create',
    '--name',
    name,
    '--owner-email',
    `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`,
    '--owner-password',
    'bench-password-1',
    '--currency',
    'BRL',
    '--json',
  ]);
  return JSON.parse(r.stdout) as { workspaceId: string; apiToken: string };
}

/** User + system CPU seconds a process has used so far (Linux /proc; 0 when unknown). */
function processCpuSeconds(pid: number | undefined) {
  if (pid === undefined) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends connected to database `name`, when the
 * server runs on this machine (its process titles name the database; the WAL writer and
 * checkpointer, shared by every database, are left out). A backend that ended is no longer counted.
 */
export function backendCpuSeconds(name: string) {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${name} `)) total += processCpuSeconds(Number(pid));
    } catch {
      // gone
    }
  }
  return total;
}

export type Server = { base: string; pid: number | undefined; stop: () => Promise<void> };

/**
 * `tenure serve` on a free port (with its job worker unless `worker` is false) and a pool of
 * `poolSize` database connections (20), answering once it listens.
 */
export async function startServer(target: Target, { worker = true, poolSize = 20 } = {}): Promise<Server> {
  const child = spawn(process.execPath, [target.bin ?? bin, 'serve', '--port', '0', ...(worker ? ['--worker'] : [])], {
    env: { ...target.env, HOST: '127.0.0.1', DATABASE_POOL_SIZE: String(poolSize) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`tenure serve exited with ${code}`)));
  });
  return {
    base,
    pid: child.pid,
    stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))),
  };
}

/**

/**
 * GET requests from autocannon against a server, after a 3-second warm-up (connections, plans,
 * caches); `path` names each request's path. Any non-2xx answer or error fails the run.
 */
export async function loadGet(
  server: Server,
  token: string,
  {
    connections,
    seconds,
    path: next,
    databaseCpu = () => 0,
  }: {
    connections: number;
    seconds: number;
    path: () => string;
    /** CPU seconds the database has used so far (`backendCpuSeconds`), when it can be seen. */
    databaseCpu?: () => number;
  },
) {
  const run = (duration: number) =>
    autocannon({
      url: server.base,
      connections,
      duration,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: next() }) }],
    });
  await run(3);
  const cpu0 = processCpuSeconds(server.pid);
  const db0 = databaseCpu();
  const r = await run(seconds);
  const cpu = processCpuSeconds(server.pid) - cpu0;
  const dbCpu = databaseCpu() - db0;
  if (r.non2xx || r.errors)
    throw new Error(`GET load: ${r.non2xx} non-2xx answers (${JSON.stringify(r.statusCodeStats)}), ${r.errors} errors`);
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: Math.round(r.requests.average),
    total: r.requests.total,
    /** The server process's CPU (user + system) per answered request, in ms: robust to a shared machine. */
    cpuMs: r.requests.total ? (1000 * cpu) / r.requests.total : NaN,
    /** The same for the database's backends (0 when not seen). */
    dbCpuMs: r.requests.total ? (1000 * dbCpu) / r.requests.total : NaN,
  };
}
