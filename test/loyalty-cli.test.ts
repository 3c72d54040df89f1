// `tenure loyalty` as a real process: the ledger check passes on a demo program, fails naming the
// member after tampering (exit 1), the jobs run on demand, and bad arguments exit 2.
import { describe, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { workspaceCli } from './support/workspace-cli.ts';

const ws = workspaceCli('loyal', async ({ cli, workspaceId }) => {
  const demo = await cli(['demo', '--workspace', workspaceId, '--customers', '60', '--seed', '3']);
  expect(demo.code, demo.stderr).toBe(0);
  expect(demo.stdout).toMatch(/Loyalty: [\d,]+ points earned/);
});
const { cli, sql } = ws;

// Each step spawns a CLI process (tsx start-up takes seconds on a loaded machine).
describe(`tenure loyalty (${testDriver()})`, { timeout: 180_000 }, () => {
  test('check passes on a healthy ledger, and names the member and exits 1 after tampering', async () => {
    const ok = await cli(['loyalty', 'check', '--workspace', ws.workspaceId]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Checked \d+ members and [\d,]+ entries\.\nThe ledger balances\./);
    const [victim] = await sql(
      'select customer_id from loyalty_accounts where workspace_id = $1 and balance > 0 order by customer_id limit 1',
      [ws.workspaceId],
    );
    await sql('update loyalty_accounts set balance = balance + 7 where workspace_id = $1 and customer_id = $2', [
      ws.workspaceId,
      victim.customer_id,
    ]);
    const bad = await cli(['loyalty', 'check', '--workspace', ws.workspaceId, '--json']);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.ok).toBe(false);
    expect(report.violations.map((v: { customerId: string }) => v.customerId)).toEqual([victim.customer_id]);
    expect(bad.stderr).toContain('1 member(s) break the ledger invariants');
    await sql('update loyalty_accounts set balance = balance - 7 where workspace_id = $1 and customer_id = $2', [
      ws.workspaceId,
      victim.customer_id,
    ]);
  });

  test('jobs run on demand; backfill queues history (earning it again changes nothing); bad arguments exit 2', async () => {
    const earn = await cli(['loyalty', 'run', 'earn', '--workspace', ws.workspaceId, '--json']);
    expect(earn.code, earn.stderr).toBe(0);
    expect(JSON.parse(earn.stdout)).toMatchObject({ transactions: 0 });
    const back = await cli(['loyalty', 'backfill', '--workspace', ws.workspaceId]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/Queued [\d,]+ transactions/);
    const again = await cli(['loyalty', 'run', 'earn', '--workspace', ws.workspaceId, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ earned: 0, reversed: 0 });
    expect(JSON.parse(again.stdout).transactions).toBeGreaterThan(0);
    const review = await cli(['loyalty', 'run', 'requalify']);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toMatch(/reviewed: \d+/);
    expect((await cli(['loyalty', 'check'])).code).toBe(2);
    expect((await cli(['loyalty', 'run', 'dance'])).code).toBe(2);
    expect((await cli(['loyalty', 'check', '--workspace', 'nope'])).code).toBe(2);
  });
});
