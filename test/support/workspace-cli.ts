// The workspace commands (`tenure loyalty`, `audit`, …) as real processes: a data folder (or, on
// the PostgreSQL driver, a fresh test database) made before the file's tests with one workspace
// created through the CLI, removed after them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import type { CliRun } from './analyst-cli.ts';
import { createTestDatabase, type TestDatabase, testDriver } from './database.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/tenure.js');

export type WorkspaceCli = {
  /** The workspace created before the tests (set in beforeAll). */
  workspaceId: string;
  /** Runs `tenure <args>` against the file's database. */
  cli(args: string[]): Promise<CliRun>;
  /** Opens the database the processes use; the caller closes it. */
  open(): Promise<Database>;
  sql(text: string, values: unknown[]): Promise<Record<string, unknown>[]>;
};

export function workspaceCli(name: string, setup?: (cli: WorkspaceCli) => Promise<void>): WorkspaceCli {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let testDb: TestDatabase | undefined;
  const handle: WorkspaceCli = {
    workspaceId: '',
    cli(args: string[]): Promise<CliRun> {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    open(): Promise<Database> {
      return testDb ? openDatabase({ databaseUrl: testDb.url, poolSize: 1 }) : openDatabase({ dataDir: dir });
    },
    async sql(text: string, values: unknown[]) {
      const database = await handle.open();
      try {
        return (await database.executeSql(text, values)).rows;
      } finally {
        await database.close();
      }
    },
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `tenure-${name}-`));
    env = { ...process.env, TENURE_DATA_DIR: dir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    if (testDriver() === 'pg') {
      testDb = await createTestDatabase();
      env.DATABASE_URL = testDb.url;
    }
    const created = await handle.cli([
      'workspace',
      'create',
      '--name',
      name,
      '--owner-email',
      `${name}@example.com`,
      '--owner-password',
      `${name}-password-long`,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    handle.workspaceId = JSON.parse(created.stdout).workspaceId;
    await setup?.(handle);
  }, 300_000);
  afterAll(async () => {
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return handle;
}
