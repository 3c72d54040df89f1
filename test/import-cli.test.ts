// `tenure import` as a real process: a summary naming bad rows, exit codes, and an import
// killed half-way (the process exits after a few committed batches) that a re-run completes
// with no duplicate and no lost row.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { createTestDatabase, type TestDatabase, testDriver } from './support/database.ts';

const bin = path.resolve(import.meta.dirname, '../bin/tenure.js');
let dir: string;
let env: NodeJS.ProcessEnv;
let testDb: TestDatabase | undefined;
let workspaceId: string;

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function customerCounts(): Promise<{ total: number; distinct: number }> {
  const database = testDb ? await openDatabase({ databaseUrl: testDb.url, poolSize: 1 }) : await openDatabase({ dataDir: dir });
  try {
    const r = await database.executeSql('select count(*)::int total, count(distinct external_id)::int "distinct" from customers where workspace_id = $1', [workspaceId]);
    return r.rows[0] as { total: number; distinct: number };
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-import-'));
  env = { ...process.env, TENURE_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (testDriver() === 'pg') {
    testDb = await createTestDatabase();
    env.DATABASE_URL = testDb.url;
  }
  const created = await cli(['workspace', 'create', '--name', 'Imports', '--owner-email', 'imp@example.com', '--owner-password', 'imports-password', '--json']);
  expect(created.code, created.stderr).toBe(0);
  workspaceId = JSON.parse(created.stdout).workspaceId;
}, 60_000);

afterAll(async () => {
  await testDb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  void pg;
});

describe(`tenure import (${testDriver()})`, () => {
  test('prints a summary naming each bad row, and exits 65 when rows were rejected', async () => {
    const file = path.join(dir, 'small.csv');
    fs.writeFileSync(file, 'Code,name,email\nS1,Sam,sam@example.com\nS2,,s2@example.com\nS3,Sue,nope\n');
    const res = await cli(['import', 'customers', file, '--workspace', workspaceId, '--map', 'Code=external_id']);
    expect(res.code).toBe(65);
    expect(res.stdout).toContain('3 rows read, 1 committed, 2 rejected');
    expect(res.stdout).toContain('row 2, name: is required');
    expect(res.stdout).toContain('row 3, email: is not an email address');
    const missing = await cli(['import', 'customers', path.join(dir, 'nope.csv'), '--workspace', workspaceId]);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toMatch(/No such file/);
  });

  test('an import killed half-way completes on a re-run: no duplicate, no lost row', async () => {
    const file = path.join(dir, 'big.csv');
    const rows = 12_000;
    const lines = ['external_id,name,email'];
    for (let i = 0; i < rows; i++) lines.push(`K${i},Customer ${i},k${i}@example.com`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const killed = await cli(['import', 'customers', file, '--workspace', workspaceId], { TENURE_TEST_EXIT_AFTER_BATCHES: '3' });
    expect(killed.code).toBe(137);
    const partial = await customerCounts();
    expect(partial.total).toBeGreaterThanOrEqual(3_000);
    expect(partial.total).toBeLessThan(rows);

    const rerun = await cli(['import', 'customers', file, '--workspace', workspaceId, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ rowsRead: rows, rowsCommitted: rows, rowsRejected: 0 });
    const after = await customerCounts();
    expect(after.distinct).toBe(after.total);
    expect(after.total).toBe(rows + 1);
  }, 120_000);
});
