// Owns handing a person's open tasks to others when their book is reassigned (someone leaves):
// the tasks about each moved customer follow the customer; the rest go to one person.
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
