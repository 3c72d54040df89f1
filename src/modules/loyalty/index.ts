// The loyalty domain's public surface.
export * from './loyalty.dto.ts';
export { type LedgerCheck, checkLedger } from './loyalty.check.ts';
export {
  applyEarnings,
  type EarnFact,
  type EarnOutcome,
  noTiers,
  type TagLookup,
  type TierLookup,
} from './loyalty.earn.ts';
export { expireBatch, runExpiry } from './loyalty.expiry.ts';
export { type LedgerRequest, postLedger } from './loyalty.ledger.ts';
export { evaluateLevels, runRequalification } from './loyalty.levels.ts';
export { accountOf, creditManyInTx, getAccount, postManual, postManualInTx, statement } from './loyalty.members.ts';
export { consumeVoucher, redeem } from './loyalty.redeem.ts';
export { giveRewardInTx, giveRewardsInTx, type RewardGift } from './loyalty.give.ts';
export {
  advanceRange,
  claimRange,
  claimRanges,
  enqueueAll,
  type QueuedRange,
  recordFailure,
  requeue,
  workspacesWithQueue,
} from './loyalty.queue.sources.ts';
export { findProgram, redemptionActivity, rewardCostItems, workspacesWithPrograms } from './loyalty.sources.ts';
export { loyaltyRoutes } from './loyalty.routes.ts';
export {
  createLevel,
  createPromotion,
  createReward,
  getReward,
  requireProgram,
  saveProgram,
} from './loyalty.service.ts';
export { type LedgerTransfer, mergePinnedTables, reassignCustomer, transferLedger } from './loyalty.transfer.ts';
export { loyaltyBondFacts, loyaltyChurnFacts, pointsOf } from './loyalty.sources.ts';
export { loyaltyDataSections, loyaltyEraser } from './loyalty.privacy.ts';
