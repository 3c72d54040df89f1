// `tenure audit verify` as a real process: OK with the row count on an intact chain (exit 0);
// the broken seq and why after a row is altered by hand (exit 1); bad arguments exit 2.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { recordChange } from '../src/modules/audit/index.ts';
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

const open = () => (testDb ? openDatabase({ databaseUrl: testDb.url, poolSize: 1 }) : openDatabase({ dataDir: dir }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-audit-'));
  env = { ...process.env, TENURE_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (testDriver() === 'pg') {
    testDb = await createTestDatabase();
    env.DATABASE_URL = testDb.url;
  }
  const created = await cli([
    'workspace',
    'create',
    '--name',
    'Audited',
    '--owner-email',
    'audited@example.com',
    '--owner-password',
    'audited-password',
    '--json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  workspaceId = JSON.parse(created.stdout).workspaceId;
  const database = await open();
  try {
    for (let i = 0; i < 3; i++)
      await database.db.transaction((tx) =>
        recordChange(tx, new Date(), {
          workspaceId,
          action: 'customer.update',
          entityType: 'customers',
          entityId: `c${i}`,
          detail: { before: { name: 'A' }, after: { name: `B${i}` } },
        }),
      );
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`tenure audit verify (${testDriver()})`, { timeout: 180_000 }, () => {
  test('OK with the row count, then the broken seq after tampering (exit 1); bad arguments exit 2', async () => {
    const ok = await cli(['audit', 'verify', '--workspace', workspaceId]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK: 3 rows verified');
    const database = await open();
    try {
      await database.executeSql(`update audit_log set entity_id = 'other' where workspace_id = $1 and seq = 2`, [
        workspaceId,
      ]);
    } finally {
      await database.close();
    }
    const bad = await cli(['audit', 'verify', '--workspace', workspaceId, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, broken: { seq: 2, reason: 'hash' } });
    expect(bad.stderr).toContain('broken at seq 2');
    expect((await cli(['audit', 'verify'])).code).toBe(2);
  });
});
