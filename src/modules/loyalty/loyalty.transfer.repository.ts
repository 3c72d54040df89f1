// SQL of the loyalty domain's part of a customer merge, beyond the ledger (which posts through
// loyalty.ledger.ts): the merged member's vouchers and earning-queue items follow the customer.
import type { Db } from '../../db/client.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { loyaltyEarnQueue, loyaltyRedemptions } from './loyalty.schema.ts';

/**
 * Vouchers (issued or used) count toward the survivor's per-customer reward limits and show on
 * its account; a queue item's customer is the customer of its transaction, which moved too.
 */
export async function moveMemberRows(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return {
    loyalty_redemptions: await reassignCustomerRows(tx, loyaltyRedemptions, workspaceId, fromId, toId),
    loyalty_earn_queue: await reassignCustomerRows(tx, loyaltyEarnQueue, workspaceId, fromId, toId),
  };
}
