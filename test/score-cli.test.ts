// `tenure score` as a real process: the demo is scored as it loads, a full run rescoring it
// changes no tier, an incremental run with nothing new scores nobody, and bad arguments exit 2.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase, testDriver } from './support/database.ts';

const bin = path.resolve(import.meta.dirname, '../bin/tenure.js');
let dir: string;
let env: NodeJS.ProcessEnv;
let testDb: TestDatabase | undefined;
let workspaceId: string;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-score-'));
  env = { ...process.env, TENURE_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (testDriver() === 'pg') {
    testDb = await createTestDatabase();
    env.DATABASE_URL = testDb.url;
  }
  const created = await cli(['workspace', 'create', '--name', 'Scored', '--owner-email', 'scored@example.com', '--owner-password', 'scoring-password', '--json']);
  expect(created.code, created.stderr).toBe(0);
  workspaceId = JSON.parse(created.stdout).workspaceId;
  const demo = await cli(['demo', '--workspace', workspaceId, '--customers', '120', '--seed', '4']);
  expect(demo.code, demo.stderr).toBe(0);
  expect(demo.stdout).toMatch(/Scored 120 customers: pyramid tiers, RFM and CLV \(model converged\)/);
}, 180_000);

afterAll(async () => {
  await testDb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`tenure score (${testDriver()})`, () => {
  test('full and incremental runs; bad arguments exit 2, an unknown workspace 65', async () => {
    const full = await cli(['score', '--workspace', workspaceId]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/^Scored 120 customers \(full\) in [\d.]+ s; \d+ tier changes\.\nCLV model converged \(bgnbd-gg\/1@/);
    const inc = await cli(['score', '--workspace', workspaceId, '--incremental', '--json']);
    expect(inc.code, inc.stderr).toBe(0);
    expect(JSON.parse(inc.stdout)).toMatchObject({ mode: 'incremental', status: 'succeeded', customersScored: 0, tierChanges: 0 });
    expect((await cli(['score', '--workspace', 'nope'])).code).toBe(2);
    expect((await cli(['score'])).code).toBe(2);
    const unknown = await cli(['score', '--workspace', '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11']);
    expect(unknown.code).toBe(65);
    expect(unknown.stderr).toContain('Workspace not found');
  }, 120_000);
});
