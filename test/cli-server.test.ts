// The real processes: `tenure start` serving a data folder while a writing CLI command runs
// against the same data. On the embedded database the CLI must refuse (never a second
// opener) and lose nothing; on PostgreSQL both may run at once.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { createTestDatabase, type TestDatabase, testDriver } from './support/database.ts';

const bin = path.resolve(import.meta.dirname, '../bin/tenure.js');
let dataDir: string;
let testDb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-cli-'));
  env = { ...process.env, TENURE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  if (testDriver() === 'pg') {
    testDb = await createTestDatabase();
    env.DATABASE_URL = testDb.url;
  }
});
afterAll(async () => {
  await testDb?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startServer(): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'start', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr?.on('data', (d) => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { child, base, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

// A new connection for every request: reusing an idle keep-alive socket just as the server, its
// event loop busy with the demo's jobs on PGlite, times it out answered one POST with ECONNRESET
// on a loaded CI machine.
const request = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), connection: 'close' } });

async function login(base: string, email: string, password: string) {
  const res = await request(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] };
}

// Each step spawns a CLI process (tsx start-up takes seconds on a loaded machine).
describe(`tenure start and the CLI on one database (${testDriver()})`, { timeout: 180_000 }, () => {
  test('a writing command while the server runs loses no write, and says what happened', async () => {
    const server = await startServer();
    // A failed step must not leave the server holding the data folder for the next test.
    onTestFinished(async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) await stop(server.child);
    });
    expect(server.output()).toContain('demo@tenure.local');
    expect((await request(`${server.base}/healthz`)).status).toBe(200);
    // `npm install` builds the web app (the prepare script; CI's `npm run build` too), so the
    // first start serves the app itself as soon as /healthz answers, not a "being built" page.
    expect(
      JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')).scripts.prepare,
    ).toMatch(/npm run build:web/);
    const home = await request(server.base);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');

    // A write through the running server.
    const demo = await login(server.base, 'demo@tenure.local', 'tenure-demo');
    expect(demo.status).toBe(200);
    const added = await request(`${server.base}/api/v1/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: demo.cookie, origin: server.base },
      body: JSON.stringify({ email: 'agent@example.com', role: 'agent' }),
    });
    expect(added.status).toBe(201);
    const invitation = String(((await added.json()) as { acceptUrl: string }).acceptUrl).split('#')[1];

    // A write through the CLI against the same data, while the server holds it.
    const args = [
      'workspace',
      'create',
      '--name',
      'From CLI',
      '--owner-email',
      'cli@example.com',
      '--owner-password',
      'cli-password-1',
      '--json',
    ];
    const during = await runCli(args);
    if (testDriver() === 'pglite') {
      expect(during.code).toBe(75);
      expect(during.stderr).toMatch(/in use by process \d+ \("tenure start" on port \d+/);
      expect(during.stderr).toMatch(/nothing was done/);
    } else {
      expect(during.code, during.stderr).toBe(0);
      expect(JSON.parse(during.stdout).apiToken).toMatch(/^tnr_/);
      expect((await login(server.base, 'cli@example.com', 'cli-password-1')).status).toBe(200);
    }

    expect(await stop(server.child)).toBe(0);

    if (testDriver() === 'pglite') {
      const after = await runCli(args);
      expect(after.code, after.stderr).toBe(0);
      const out = JSON.parse(after.stdout);
      expect(out.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.apiToken).toMatch(/^tnr_/);
    }

    // Everything written by both is there after a restart.
    const again = await startServer();
    try {
      expect(again.output()).not.toContain('Created the demo workspace');
      // The invitation written through the first server is there to accept.
      const accepted = await request(`${again.base}/api/v1/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: invitation, name: 'Agent', password: 'agent-password-1' }),
      });
      expect(accepted.status).toBe(200);
      expect((await login(again.base, 'agent@example.com', 'agent-password-1')).status).toBe(200);
      expect((await login(again.base, 'cli@example.com', 'cli-password-1')).status).toBe(200);
    } finally {
      expect(await stop(again.child)).toBe(0);
    }
  });

  test('bad configuration and bad arguments fail with a clear message and exit code', async () => {
    const saved = env;
    env = { ...saved, PORT: 'eighty' };
    const badEnv = await runCli(['migrate']);
    env = saved;
    expect(badEnv.code).toBe(78);
    expect(badEnv.stderr).toContain('PORT');

    const badRole = await runCli([
      'user',
      'create',
      '--workspace',
      '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
      '--email',
      'x@example.com',
      '--name',
      'X',
      '--role',
      'boss',
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/boss/);

    const badPassword = await runCli([
      'workspace',
      'create',
      '--name',
      'W',
      '--owner-email',
      'short@example.com',
      '--owner-password',
      'short',
    ]);
    expect(badPassword.code).toBe(65);
    expect(badPassword.stderr).toMatch(/password.*at least 10/);

    const help = await runCli(['token', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/create/);
  });
});
