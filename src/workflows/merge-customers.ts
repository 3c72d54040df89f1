// Merging two customers spans every domain that holds customer rows. Each domain owns what
// happens to its rows — `reassignCustomer(tx, workspaceId, fromId, toId)` exported from its
// index.ts moves them, drops derived ones, or transfers them (loyalty's ledger) — and declares
// the tables whose rows stay with the merged customer (`mergePinnedTables`). This workflow runs
// them all in ONE transaction with the customers domain's own steps: both customers locked
// first, the survivor updated, the merged customer soft-deleted and the merge recorded last. Any
// failure rolls everything back. A domain that adds a table with a customer_id adds its move here
// (src/workflows/merge-customers.test.ts fails until it does).
import { lockWorkspace } from '../db/advisory.ts';
import type { Db } from '../db/client.ts';
import type { Reassigned } from '../db/reassign.ts';
import * as affinity from '../modules/affinity/index.ts';
import * as analytics from '../modules/analytics/index.ts';
import * as audit from '../modules/audit/index.ts';
import * as bonds from '../modules/bonds/index.ts';
import * as books from '../modules/books/index.ts';
import * as campaigns from '../modules/campaigns/index.ts';
import * as churn from '../modules/churn/index.ts';
import * as commerce from '../modules/commerce/index.ts';
import * as complaints from '../modules/complaints/index.ts';
import * as contracts from '../modules/contracts/index.ts';
import * as customers from '../modules/customers/index.ts';
import * as defections from '../modules/defections/index.ts';
import * as events from '../modules/events/index.ts';
import * as feedback from '../modules/feedback/index.ts';
import * as interactions from '../modules/interactions/index.ts';
import * as kpis from '../modules/kpis/index.ts';
import * as loyalty from '../modules/loyalty/index.ts';
import * as notifications from '../modules/notifications/index.ts';
import * as privacy from '../modules/privacy/index.ts';
import * as surveys from '../modules/surveys/index.ts';
import * as tasks from '../modules/tasks/index.ts';

type Reassign = (tx: Db, workspaceId: string, fromId: string, toId: string, now: Date) => Promise<Reassigned>;

/** Every domain's part, in the order they run (each only touches its own tables). */
const reassigners: readonly Reassign[] = [
  customers.reassignCustomer,
  commerce.reassignCustomer,
  interactions.reassignCustomer,
  contracts.reassignCustomer,
  complaints.reassignCustomer,
  loyalty.reassignCustomer,
  notifications.reassignCustomer,
  events.reassignCustomer,
  analytics.reassignCustomer,
  churn.reassignCustomer,
  tasks.reassignCustomer,
  bonds.reassignCustomer,
  defections.reassignCustomer,
  surveys.reassignCustomer,
  feedback.reassignCustomer,
  privacy.reassignCustomer,
  // After commerce: the cohort roll-up recomputes both customers from the moved transactions.
  kpis.reassignCustomer,
  affinity.reassignCustomer,
];

/** Tables whose rows keep pointing at the merged customer, as their domains declare. */
export const mergePinnedTables: readonly string[] = [
  ...loyalty.mergePinnedTables,
  ...analytics.mergePinnedTables,
  ...campaigns.mergePinnedTables,
  ...audit.mergePinnedTables,
  ...books.mergePinnedTables,
];

const MERGE_LOCK = 'tenure.customers.merge';

/**
 * Held (shared) by work that reads a customer's rows in one domain and then writes for that
 * customer in another — loyalty earning reads purchases, then posts to their customer's account —
 * so no merge moves the rows in between: a merge takes the lock exclusively, waiting for such
 * work to commit and holding new work off until it has. Take it before reading.
 */
export const holdOffMerges = (tx: Db, workspaceId: string) => lockWorkspace(tx, MERGE_LOCK, workspaceId, 'shared');

export type MergeResult = { customer: customers.CustomerDto; moved: Record<string, number> };

/** Folds `mergeId` into `survivorId`: fields, tags, contacts and every domain's history, atomically. */
export async function mergeCustomers(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
  survivorId: string,
  mergeId: string,
  actor: customers.Actor,
): Promise<MergeResult> {
  return ctx.db.transaction(async (tx) => {
    await lockWorkspace(tx, MERGE_LOCK, workspaceId, 'exclusive');
    const pair = await customers.lockMergePair(tx, workspaceId, survivorId, mergeId);
    const now = ctx.now();
    const moved: Record<string, number> = {};
    // One connection per transaction: the domains run one after another.
    for (const reassign of reassigners) Object.assign(moved, await reassign(tx, workspaceId, mergeId, survivorId, now));
    const customer = await customers.completeMerge(tx, ctx, workspaceId, pair, moved, actor);
    return { customer, moved };
  });
}
