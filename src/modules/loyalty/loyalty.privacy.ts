// The loyalty domain's part of a data-subject export (account, ledger, lots, vouchers, parked
// earnings) and of an erasure: balances and the ledger stay under the pseudonymous id (they are
// liabilities the books must show); free texts on them go.
import { and, eq, isNotNull } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection, tableSection } from '../../db/customer-data.ts';
import {
  loyaltyAccounts,
  loyaltyEarnQueue,
  loyaltyEntries,
  loyaltyLots,
  loyaltyRedemptions,
} from './loyalty.schema.ts';

export const loyaltyDataSections: CustomerDataSection[] = [
  smallSection('loyaltyAccount', loyaltyAccounts, (r) => eq(loyaltyAccounts.customerId, r.customerId)),
  tableSection('loyaltyLedger', loyaltyEntries, loyaltyEntries.id, (r) => eq(loyaltyEntries.customerId, r.customerId)),
  tableSection('loyaltyLots', loyaltyLots, loyaltyLots.entryId, (r) => eq(loyaltyLots.customerId, r.customerId)),
  tableSection('loyaltyVouchers', loyaltyRedemptions, loyaltyRedemptions.id, (r) =>
    eq(loyaltyRedemptions.customerId, r.customerId),
  ),
  tableSection('loyaltyEarnQueue', loyaltyEarnQueue, loyaltyEarnQueue.id, (r) =>
    eq(loyaltyEarnQueue.customerId, r.customerId),
  ),
];

export const loyaltyEraser: CustomerEraser = {
  name: 'loyalty',
  async erase(tx, s) {
    const ws = s.workspaceId;
    // The ledger's append-only trigger lets exactly this through (migration 0027): reasons to null.
    await tx
      .update(loyaltyEntries)
      .set({ reason: null })
      .where(
        and(
          eq(loyaltyEntries.workspaceId, ws),
          eq(loyaltyEntries.customerId, s.customerId),
          isNotNull(loyaltyEntries.reason),
        ),
      );
    await tx
      .update(loyaltyRedemptions)
      .set({ consumedReference: null })
      .where(and(eq(loyaltyRedemptions.workspaceId, ws), eq(loyaltyRedemptions.customerId, s.customerId)));
    await tx
      .update(loyaltyEarnQueue)
      .set({ lastError: null })
      .where(and(eq(loyaltyEarnQueue.workspaceId, ws), eq(loyaltyEarnQueue.customerId, s.customerId)));
  },
};
