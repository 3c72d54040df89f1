// The workspaces domain's declared cross-domain sources: whether any workspace exists (first start),
// and every workspace's id as an SQL fragment (the daily runs' work lists).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { workspaces } from './workspaces.schema.ts';

export async function hasAnyWorkspace(db: Db): Promise<boolean> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return rows.length > 0;
}

/** Every workspace: `id`. */
export const allWorkspaces = (): SQL => sql`select id from workspaces`;
