// `tenure import` as a real process: a summary naming bad rows, exit codes, every kind of bad
// file, and an import killed with SIGKILL half-way that a re-run completes with no duplicate
// and no lost row (and whose child process, the one with the capped heap, dies with it).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { badImportCases, errorKey, seedCustomersCsv, seedProductsCsv } from './support/bad-imports.ts';
import { testDriver } from './support/database.ts';
import {
  counts,
  createWorkspace,
  isAlive,
  type ProcessEnv,
  processEnv,
  run,
  runWhenFree,
  sessionsEnded,
  tenureDescendants,
} from './support/processes.ts';

let p: ProcessEnv;
let workspaceId: string;

const file = (name: string, content: string | Buffer) => {
  const f = path.join(p.dir, name);
  fs.writeFileSync(f, content);
  return f;
};

beforeAll(async () => {
  p = await processEnv();
  ({ workspaceId } = await createWorkspace(p, 'Imports'));
}, 60_000);

afterAll(() => p.dispose());

describe(`tenure import (${testDriver()})`, () => {
  test('prints a summary naming each bad row, and exits 65 when rows were rejected', async () => {
    const res = await run(p, [
      'import',
      'customers',
      file('small.csv', 'Code,name,email\nS1,Sam,sam@example.com\nS2,,s2@example.com\nS3,Sue,nope\n'),
      '--workspace',
      workspaceId,
      '--map',
      'Code=external_id',
    ]);
    expect(res.code).toBe(65);
    expect(res.stdout).toContain('3 rows read, 1 committed, 2 rejected');
    expect(res.stdout).toContain('row 2, name: is required');
    expect(res.stdout).toContain('row 3, email: is not an email address');
    const missing = await run(p, ['import', 'customers', path.join(p.dir, 'nope.csv'), '--workspace', workspaceId]);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toMatch(/No such file/);
    const badOption = await run(p, [
      'import',
      'customers',
      path.join(p.dir, 'small.csv'),
      '--workspace',
      workspaceId,
      '--progress-interval',
      '-1',
    ]);
    expect(badOption.code).toBe(2);
  }, 60_000);

  describe('bad files', () => {
    let target: string;
    beforeAll(async () => {
      ({ workspaceId: target } = await createWorkspace(p, 'Bad files'));
      expect(
        (await run(p, ['import', 'products', file('seed-products.csv', seedProductsCsv), '--workspace', target])).code,
      ).toBe(0);
      expect(
        (await run(p, ['import', 'customers', file('seed-customers.csv', seedCustomersCsv), '--workspace', target]))
          .code,
      ).toBe(0);
    }, 60_000);

    // Every case runs through the import service on both databases (src/modules/imports/imports.test.ts);
    // here, as a process, the ones where the command itself answers: a refused file (exit 65 and its
    // reason), a delimiter option, row errors in the summary, and a file that ends mid-quote.
    const viaProcess = [
      'a 0-byte file',
      'bad dates and numbers',
      'a semicolon file with its delimiter given',
      'a file truncated mid-quote',
    ];
    const cases = badImportCases.filter((c) => viaProcess.includes(c.name));
    test('the cases run as a process are among the bad files', () => {
      expect(cases.map((c) => c.name)).toEqual(viaProcess);
    });

    cases.forEach((c, i) => {
      test(
        c.name,
        async () => {
          const table = c.entity === 'transactions' ? 'transactions' : 'customers';
          const before = await counts(p, table, 'external_id', target);
          const args = [
            'import',
            c.entity,
            file(`case-${i}.csv`, c.body),
            '--workspace',
            target,
            '--json',
            ...(c.delimiter ? ['--delimiter', c.delimiter] : []),
          ];
          const res = await run(p, args);
          expect(res.code, res.stderr).not.toBe(1);
          const summary = JSON.parse(res.stdout);
          if (c.refused) {
            expect(res.code).toBe(65);
            expect(summary.fatal.message).toMatch(c.refused);
            expect(summary.rowsCommitted).toBe(0);
            expect(await counts(p, table, 'external_id', target)).toEqual(before);
            return;
          }
          expect(summary.fatal).toBeUndefined();
          expect(summary.rowsCommitted).toBe(c.committed);
          expect(summary.errors.map(errorKey)).toEqual(expect.arrayContaining(c.errors ?? []));
          if (!c.errors?.length) expect(summary.errors).toEqual([]);
          expect(res.code).toBe(summary.rowsRejected > 0 ? 65 : 0);
          const after = await counts(p, table, 'external_id', target);
          expect(after.total - before.total).toBeLessThanOrEqual(c.committed ?? 0);
          expect(after.distinct).toBe(after.total);
        },
        60_000,
      );
    });
  });

  test('an import killed with SIGKILL half-way completes on a re-run: no duplicate, no lost row', async () => {
    const { workspaceId: ws } = await createWorkspace(p, 'Crash');
    const rows = 30_000;
    const lines = ['external_id,name,email'];
    for (let i = 0; i < rows; i++) lines.push(`K${i},Customer ${i},k${i}@example.com`);
    const big = file('big.csv', `${lines.join('\n')}\n`);

    let seenRows = 0;
    let importers: number[] = [];
    // The heap-capped child process is for files of 32 MB or more (bin/tenure.js); forced here.
    const capped = { ...p, env: { ...p.env, TENURE_IMPORT_CAP_FROM_MB: '0' } };
    const killed = await run(capped, ['import', 'customers', big, '--workspace', ws, '--progress-interval', '0'], {
      onStderrLine: (line, child) => {
        const m = /([\d,]+) rows ·/.exec(line);
        if (!m || child.killed) return;
        seenRows = Number(m[1].replace(/,/g, ''));
        if (seenRows < 3000) return;
        importers = tenureDescendants(child.pid as number);
        child.kill('SIGKILL');
      },
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    // The import runs in a child process (bin/tenure.js caps its heap): killing the parent, which
    // no handler can see, must end it too, not leave an orphan importing on.
    if (fs.existsSync('/proc/self/stat')) expect(importers).toHaveLength(1);
    await expect.poll(() => importers.filter(isAlive), { timeout: 10_000 }).toEqual([]);
    // With no process left, and no session the server may still be finishing, nothing can write.
    await sessionsEnded(p);
    const partial = await counts(p, 'customers', 'external_id', ws);
    expect(partial.total).toBeGreaterThanOrEqual(3000);
    expect(partial.total).toBeLessThan(rows);

    const rerun = await runWhenFree(p, ['import', 'customers', big, '--workspace', ws, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ rowsRead: rows, rowsCommitted: rows, rowsRejected: 0 });
    expect(await counts(p, 'customers', 'external_id', ws)).toEqual({ total: rows, distinct: rows });
  }, 180_000);
});
