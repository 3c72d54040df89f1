// Owns changing who manages a customer's account, for the books domain (assignment, bulk
// assignment, reassignment when someone leaves). The books domain records the history.
import type { Db } from '../../db/client.ts';
import {
  customerIdsOfManager,
  type ManagerChange,
  setAccountManagerRows,
} from './customers.account-managers.repository.ts';

export type { ManagerChange };

/** Gives the live customers among `ids` the account manager `managerId` (null: none); returns what changed. */
export const setAccountManager = (
  db: Db,
  workspaceId: string,
  ids: string[],
  managerId: string | null,
  now: Date,
): Promise<ManagerChange[]> => setAccountManagerRows(db, workspaceId, [...new Set(ids)], managerId, now);

/** The live customers one person manages. */
export const customersManagedBy = (db: Db, workspaceId: string, managerId: string): Promise<string[]> =>
  customerIdsOfManager(db, workspaceId, managerId);
