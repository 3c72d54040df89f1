// `tenure audit verify` as a real process: OK with the row count on an intact chain (exit 0);
// the broken seq and why after a row is altered by hand (exit 1); bad arguments exit 2.
import { describe, expect, test } from 'vitest';
import { recordChange } from '../src/modules/audit/index.ts';
import { testDriver } from './support/database.ts';
import { workspaceCli } from './support/workspace-cli.ts';

const ws = workspaceCli('audited', async ({ open, workspaceId }) => {
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
});
const { cli } = ws;

describe(`tenure audit verify (${testDriver()})`, { timeout: 180_000 }, () => {
  test('OK with the row count, then the broken seq after tampering (exit 1); bad arguments exit 2', async () => {
    const ok = await cli(['audit', 'verify', '--workspace', ws.workspaceId]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK: 3 rows verified');
    const database = await ws.open();
    try {
      await database.executeSql(`update audit_log set entity_id = 'other' where workspace_id = $1 and seq = 2`, [
        ws.workspaceId,
      ]);
    } finally {
      await database.close();
    }
    const bad = await cli(['audit', 'verify', '--workspace', ws.workspaceId, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, broken: { seq: 2, reason: 'hash' } });
    expect(bad.stderr).toContain('broken at seq 2');
    expect((await cli(['audit', 'verify'])).code).toBe(2);
  });
});
