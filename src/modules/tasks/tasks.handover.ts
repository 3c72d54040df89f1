// Owns handing a person's open tasks to others when their book is reassigned (someone leaves):
// the tasks about each moved customer follow the customer; the rest go to one person. Also the
// open-task counts the books domain shows (SQL here: tasks is a small domain without a sources file).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as repo from './tasks.repository.ts';

export const moveOpenTasks = (
  db: Db,
  workspaceId: string,
  f: { fromUserId: string; toUserId: string; customerIds: string[]; now: Date },
): Promise<number> => repo.moveOpenTasks(db, workspaceId, f.fromUserId, f.toUserId, f.customerIds, f.now);

export const moveRemainingOpenTasks = (
  db: Db,
  workspaceId: string,
  f: { fromUserId: string; toUserId: string; now: Date },
): Promise<number> => repo.moveRemainingOpenTasks(db, workspaceId, f.fromUserId, f.toUserId, f.now);

/** Open tasks per customer: `customer_id, open_tasks` (the books domain's "my book"). */
export const openTaskFacts = (workspaceId: string): SQL =>
  sql`select customer_id, count(*)::int open_tasks from tasks
      where workspace_id = ${workspaceId} and status = 'open' and customer_id is not null group by customer_id`;
