// The analyst commands (`tenure clv`, `churn`, `basket`, `uplift`, `mrr`…) as real processes in a
// temporary folder of their own, with an empty data folder they must not touch, and the check
// that a file analysis refuses bad input as a 422 (the CLI's exit 65).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { AppError } from '../../src/errors.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/tenure.js');

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** A temporary folder made before the file's tests and removed after them. */
export function analystSandbox(name: string) {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `tenure-${name}-`));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sandbox = {
    get dir() {
      return dir;
    },
    /** The data folder the processes are given; an analyst command never creates it. */
    get dataDir() {
      return path.join(dir, 'data');
    },
    /** Runs `tenure <args>` in the folder, without a database URL. */
    cli(args: string[]): Promise<CliRun> {
      return new Promise((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, TENURE_DATA_DIR: sandbox.dataDir, LOG_LEVEL: 'warn' };
        delete env.DATABASE_URL;
        const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    /** Writes a file in the folder; its path. */
    write(file: string, text: string): string {
      fs.writeFileSync(path.join(dir, file), text);
      return path.join(dir, file);
    },
  };
  return sandbox;
}

/** The message of the 422 AppError (exit 65 from the CLI) that `run` rejects with. */
export async function inputErrorOf(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(422);
  return (err as Error).message;
}
