// Real `tenure` processes for process-level tests: one-shot commands, long-running servers,
// and a database (PGlite data folder or PostgreSQL copy) they share.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { adminUrl } from '../global-setup.ts';
import { createTestDatabase, type TestDatabase, testDriver } from './database.ts';
import { processTree } from './proc-tree.ts';
import { waitFor } from './wait.ts';

export const bin = path.resolve(import.meta.dirname, '../../bin/tenure.js');

export type ProcResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type ProcessEnv = {
  env: NodeJS.ProcessEnv;
  dir: string;
  /** Opens the same database directly (only while no process holds an embedded folder). */
  open: () => Promise<Database>;
  dispose: () => Promise<void>;
};

export async function processEnv(extra: Record<string, string> = {}): Promise<ProcessEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-proc-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TENURE_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    HOST: '127.0.0.1',
    ...extra,
  };
  delete env.DATABASE_URL;
  let testDb: TestDatabase | undefined;
  if (testDriver() === 'pg') {
    testDb = await createTestDatabase();
    await testDb.database.close();
    env.DATABASE_URL = testDb.url;
  }
  return {
    env,
    dir,
    open: () => (testDb ? openDatabase({ databaseUrl: testDb.url, poolSize: 1 }) : openDatabase({ dataDir: dir })),
    dispose: async () => {
      if (testDb) {
        const pg = (await import('pg')).default;
        const admin = new pg.Client({ connectionString: adminUrl() });
        await admin.connect();
        await admin.query(`drop database if exists ${new URL(testDb.url as string).pathname.slice(1)} with (force)`);
        await admin.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a command; `onLine` sees each stderr line as it comes and may kill the child. */
export function run(
  p: ProcessEnv,
  args: string[],
  o: { onStderrLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<ProcResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) o.onStderrLine?.(line, child);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The `tenure` processes a process started, children and theirs (Linux /proc; empty elsewhere). */
export function tenureDescendants(pid: number): number[] {
  return processTree(pid)
    .slice(1)
    .filter((p) => {
      try {
        return isAlive(p) && fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(bin);
      } catch {
        return false;
      }
    });
}

/** Whether a process still runs (a zombie, exited but not yet reaped by its new parent, does not). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** Runs a command, retrying while an embedded folder is still locked by a killed process (exit 75). */
export async function runWhenFree(p: ProcessEnv, args: string[], timeoutMs = 30_000): Promise<ProcResult> {
  return waitFor(
    async () => {
      const r = await run(p, args);
      return r.code !== 75 && r;
    },
    { what: `the data folder's lock to be free for \`tenure ${args[0]}\``, timeoutMs, intervalMs: 1000 },
  );
}

/**
 * Until no session but this one is connected to the test database: after a process is killed,
 * PostgreSQL may still be running its last statement. On PGlite there is nothing to wait for:
 * only a live process writes its folder.
 */
export async function sessionsEnded(p: ProcessEnv): Promise<void> {
  if (!p.env.DATABASE_URL) return;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: p.env.DATABASE_URL });
  await client.connect();
  try {
    const others = async () =>
      (
        await client.query(
          'select count(*)::int n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        )
      ).rows[0].n as number;
    await waitFor(async () => (await others()) === 0, {
      what: 'the database sessions of killed processes to end',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  } finally {
    await client.end();
  }
}

export type Server = { child: ChildProcess; base: string; exited: Promise<ProcResult> };

/** Starts `tenure serve` on a free port; retries while a killed holder's lock goes stale. */
export async function startServer(p: ProcessEnv, timeoutMs = 60_000): Promise<Server> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const args = ['serve', '--port', '0', ...(p.env.DATABASE_URL ? ['--worker'] : [])];
    const child = spawn(process.execPath, [bin, ...args], { env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<ProcResult>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    const base = await new Promise<string | undefined>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /running at (http:\/\/localhost:\d+)/.exec(stdout);
        if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
      });
      void exited.then(() => resolve(undefined));
    });
    if (base) return { child, base, exited };
    const r = await exited;
    if (r.code !== 75 || Date.now() > until)
      throw new Error(`server did not start (${r.code}):\n${r.stdout}\n${r.stderr}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/**
 * A JSON call to a running server's API with a Bearer token: the parsed answer, or an error naming
 * the call, its status and body for any status of 300 or more.
 */
export async function apiCall(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} on ${base}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A workspace made by the CLI; answers its id and an owner API token. */
export async function createWorkspace(p: ProcessEnv, name: string): Promise<{ workspaceId: string; apiToken: string }> {
  const r = await run(p, [
    'workspace',
    'create',
    '--name',
    name,
    '--owner-email',
    `${name.toLowerCase().replace(/\W/g, '')}@example.com`,
    '--owner-password',
    'a-long-password-1',
    '--json',
  ]);
  if (r.code !== 0) throw new Error(`workspace create failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** `count(*)` and `count(distinct column)` of a table in a workspace, read directly. */
export async function counts(
  p: ProcessEnv,
  table: string,
  column: string,
  workspaceId: string,
): Promise<{ total: number; distinct: number }> {
  const database = await p.open();
  try {
    const r = await database.executeSql(
      `select count(*)::int total, count(distinct ${column})::int "distinct" from ${table} where workspace_id = $1`,
      [workspaceId],
    );
    return r.rows[0] as { total: number; distinct: number };
  } finally {
    await database.close();
  }
}
