// `tenure score` as a real process: the demo is scored as it loads, a full run rescoring it
// changes no tier, an incremental run with nothing new scores nobody, and bad arguments exit 2.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { createWorkspace, type ProcessEnv, processEnv, run } from './support/processes.ts';

let p: ProcessEnv;
let workspaceId: string;
const cli = (args: string[]) => run(p, args);

beforeAll(async () => {
  p = await processEnv();
  workspaceId = (await createWorkspace(p, 'Scored')).workspaceId;
  const demo = await cli(['demo', '--workspace', workspaceId, '--customers', '120', '--seed', '4']);
  expect(demo.code, demo.stderr).toBe(0);
  expect(demo.stdout).toMatch(/Scored 120 customers: pyramid tiers, RFM and CLV \(model converged\)/);
}, 180_000);

afterAll(() => p.dispose());

describe(`tenure score (${testDriver()})`, () => {
  test('full and incremental runs; bad arguments exit 2, an unknown workspace 65', async () => {
    const full = await cli(['score', '--workspace', workspaceId]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(
      /^Scored 120 customers \(full\) in [\d.]+ s; \d+ tier changes\.\nCLV model converged \(bgnbd-gg\/1@/,
    );
    const inc = await cli(['score', '--workspace', workspaceId, '--incremental', '--json']);
    expect(inc.code, inc.stderr).toBe(0);
    expect(JSON.parse(inc.stdout)).toMatchObject({
      mode: 'incremental',
      status: 'succeeded',
      customersScored: 0,
      tierChanges: 0,
    });
    expect((await cli(['score', '--workspace', 'nope'])).code).toBe(2);
    expect((await cli(['score'])).code).toBe(2);
    const unknown = await cli(['score', '--workspace', '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11']);
    expect(unknown.code).toBe(65);
    expect(unknown.stderr).toContain('Workspace not found');
  }, 120_000);
});
