// Helpers for loyalty tests: a workspace with a program, customers, purchases that earn.
import { runLoyaltyEarning } from '../../src/workflows/loyalty-earning.ts';
import type { TierLookup } from '../../src/modules/loyalty/index.ts';
import type { TestApp } from './app.ts';

type Workspace = Awaited<ReturnType<TestApp['workspace']>>;

export function loyaltyClient(t: TestApp, ws: Workspace) {
  const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
    t.request(method, `/api/v1${path}`, { token, body });
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res.body;
  };
  return {
    call,
    ok,
    program: (over: Record<string, unknown> = {}) =>
      ok('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1', ...over }),
    customer: async (name = 'Member', extra: Record<string, unknown> = {}) =>
      (await ok('POST', '/customers', { name, ...extra })).id as string,
    purchase: (customerId: string, totalMinor: number, extra: Record<string, unknown> = {}) =>
      ok('POST', '/transactions', {
        customerId,
        occurredAt: t.clock.now().toISOString(),
        lines: [{ quantity: 1, unitPriceMinor: totalMinor }],
        ...extra,
      }),
    earn: (tierOf?: TierLookup) => runLoyaltyEarning(t.deps, { workspaceId: ws.id, tierOf }),
    account: (customerId: string) => ok('GET', `/customers/${customerId}/loyalty`),
    compensate: (customerId: string, points: number, key?: string) =>
      ok('POST', `/customers/${customerId}/loyalty/compensations`, {
        points,
        reason: 'test',
        ...(key ? { idempotencyKey: key } : {}),
      }),
    check: () => ok('GET', '/loyalty/check'),
  };
}

/** Row counts of every loyalty table in a workspace: "nothing was written" is these unchanged. */
export async function loyaltyCounts(t: TestApp, workspaceId: string): Promise<Record<string, number>> {
  const tables = [
    'loyalty_entries',
    'loyalty_lots',
    'loyalty_allocations',
    'loyalty_redemptions',
    'loyalty_accounts',
    'domain_events',
  ];
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number(
      (
        await t.deps.database.executeSql(`select count(*)::int as n from ${table} where workspace_id = $1`, [
          workspaceId,
        ])
      ).rows[0].n,
    );
  out.stock = Number(
    (
      await t.deps.database.executeSql(
        'select coalesce(sum(stock), 0)::int as n from loyalty_rewards where workspace_id = $1',
        [workspaceId],
      )
    ).rows[0].n,
  );
  out.balance = Number(
    (
      await t.deps.database.executeSql(
        'select coalesce(sum(balance), 0)::int as n from loyalty_accounts where workspace_id = $1',
        [workspaceId],
      )
    ).rows[0].n,
  );
  return out;
}
