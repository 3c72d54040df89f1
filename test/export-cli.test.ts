// `tenure export` as a real process feeding a reader that stops early (`tenure export … | head`):
// it ends quietly with exit code 0, no EPIPE stack trace.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { bin, createWorkspace, type ProcessEnv, processEnv, run } from './support/processes.ts';

let p: ProcessEnv;
let workspaceId: string;

beforeAll(async () => {
  p = await processEnv();
  ({ workspaceId } = await createWorkspace(p, 'Exports'));
  // Far more than a pipe's buffer (64 kB), so the export is still writing when the reader leaves.
  const rows = Array.from({ length: 4000 }, (_, i) => `E${i},Customer number ${i},c${i}@example.com`);
  const file = path.join(p.dir, 'many.csv');
  fs.writeFileSync(file, `external_id,name,email\n${rows.join('\n')}\n`);
  expect((await run(p, ['import', 'customers', file, '--workspace', workspaceId])).code).toBe(0);
}, 120_000);

afterAll(() => p.dispose());

test(`export into a reader that closes after the first line ends quietly (${testDriver()})`, async () => {
  const child = spawn(process.execPath, [bin, 'export', 'customers', '--workspace', workspaceId], {
    env: p.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
  child.stdout.destroy(); // what `head -1` does once it has its line
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(first).toMatch(/^id,external_id/);
  expect(stderr).not.toMatch(/EPIPE|at .*\.js|Error/);
  expect(code).toBe(0);
}, 120_000);
