// Transaction-scoped advisory locks per workspace, for work in different domains that must not
// interleave (released at commit or rollback). Each use names its lock; shared holders run
// together, an exclusive holder waits for them and holds the next ones off.
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

export async function lockWorkspace(
  tx: Db,
  name: string,
  workspaceId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const fn = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  await tx.execute(sql`select ${fn}(hashtext(${name}), hashtext(${workspaceId}))`);
}
