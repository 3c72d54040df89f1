// An import uploaded through the API, its server (HTTP + worker) killed with SIGKILL half-way
// through the run, then started again: the import resumes on its own and completes with
// every row exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { counts, createWorkspace, type ProcessEnv, processEnv, startServer } from './support/processes.ts';
import { waitFor } from './support/wait.ts';

const json = (res: Response): Promise<any> => res.json();
let p: ProcessEnv;

// On PostgreSQL a restarted worker cannot know the old one died; a short stall threshold
// makes it presume so quickly (the lease keeps that safe even when wrong).
beforeAll(async () => {
  p = await processEnv({ IMPORT_STALL_SECONDS: '1' });
}, 60_000);
afterAll(() => p.dispose());

test(`a server killed mid-import resumes it after a restart: no duplicate, no lost row (${testDriver()})`, async () => {
  const { workspaceId, apiToken } = await createWorkspace(p, 'Crash API');
  const rows = 30_000;
  const lines = ['external_id,name,email'];
  for (let i = 0; i < rows; i++) lines.push(`C${i},Customer ${i},c${i}@example.com`);
  const auth = { authorization: `Bearer ${apiToken}` };

  const first = await startServer(p);
  const res = await fetch(`${first.base}/api/v1/imports?entity=customers`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: `${lines.join('\n')}\n`,
  });
  expect(res.status).toBe(202);
  const { id } = await json(res);

  const before: { status: string; rowsDone: number } = await waitFor(
    async () => {
      const s = await json(await fetch(`${first.base}/api/v1/imports/${id}`, { headers: auth }));
      return (s.rowsDone >= 3000 || s.status === 'completed') && s;
    },
    { what: 'the import to pass 3,000 rows', timeoutMs: 60_000, intervalMs: 20 },
  );
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  expect(before.status).toBe('running');
  const partial = await counts(p, 'customers', 'external_id', workspaceId);
  expect(partial.total).toBeGreaterThanOrEqual(3000);
  expect(partial.total).toBeLessThan(rows);

  const second = await startServer(p);
  try {
    const after = await waitFor(
      async () => {
        const s = await json(await fetch(`${second.base}/api/v1/imports/${id}`, { headers: auth }));
        return ['completed', 'failed'].includes(s.status) && s;
      },
      { what: 'the restarted server to finish the import', timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(after).toMatchObject({
      status: 'completed',
      rowsDone: rows,
      rowsCommitted: rows,
      rowsTotal: rows,
      errorCount: 0,
    });
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
  expect(await counts(p, 'customers', 'external_id', workspaceId)).toEqual({ total: rows, distinct: rows });
}, 240_000);
