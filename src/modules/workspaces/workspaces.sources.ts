// The workspaces domain's declared cross-domain sources: whether any workspace exists (first start).
import type { Db } from '../../db/client.ts';
import { workspaces } from './workspaces.schema.ts';

export async function hasAnyWorkspace(db: Db): Promise<boolean> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return rows.length > 0;
}
