// Owns what the complaints domain needs from other domains, as functions the workflow passes in
// (src/workflows/complaint-hooks.ts): the customer's pyramid tier, what the customer is worth,
// and posting goodwill points to the loyalty ledger. Tests inject their own.
import type { Db } from '../../db/client.ts';
import type { Tier } from './complaints.sla.ts';

export type GoodwillPoints = {
  workspaceId: string;
  customerId: string;
  points: number;
  compensationId: string;
  complaintId: string;
  reference: string;
  note: string | null;
};

/** A complaint just resolved, for the follow-up other domains do (a task to check with the customer). */
export type ResolvedComplaint = {
  workspaceId: string;
  complaintId: string;
  reference: string;
  customerId: string;
  /** The member who resolved it; null when an API token did. */
  resolvedBy: string | null;
  resolvedAt: Date;
};

export type ComplaintHooks = {
  /** The customer's pyramid tier; null when analytics has not assigned one. */
  tierOf: (workspaceId: string, customerId: string) => Promise<Exclude<Tier, 'none'> | null>;
  /** Net revenue of the customer over the 12 months before `now`, in minor units. */
  revenue12mOf: (workspaceId: string, customerId: string, now: Date) => Promise<number>;
  /**
   * Posts approved goodwill points in the caller's transaction; throws (rolling the decision
   * back) when the workspace has no loyalty program. Absent when the ledger is not wired:
   * approved point compensations then stay `approved` (not `posted`).
   */
  postGoodwillPoints?: (tx: Db, input: GoodwillPoints) => Promise<void>;
  /** Runs in the resolution's transaction (service recovery: someone checks the solution worked). */
  followUpResolved?: (tx: Db, complaint: ResolvedComplaint) => Promise<void>;
};

export const noHooks: ComplaintHooks = {
  tierOf: async () => null,
  revenue12mOf: async () => 0,
};
