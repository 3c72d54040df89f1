// The commerce domain's public surface.
export * from './commerce.dto.ts';
export { productsImportAdapter, transactionsImportAdapter } from './commerce.import.ts';
export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  purchaseWindowFacts,
  transactionActivity,
  transactionFacts,
  transactionIdRange,
  type ProductFactRow,
  productFacts,
  productLineFacts,
  productsHeld,
  type PurchasedProductRow,
  purchasedProducts,
  purchaseMoments,
  forEachPurchaseBatch,
  type PurchasePageRow,
  bundleBuyerFacts,
  upsertProductsBySku,
} from './commerce.sources.ts';
export { commerceRoutes } from './commerce.routes.ts';
export { streamTransactionsCsv } from './commerce.export.ts';
export { createProduct } from './commerce.products.ts';
export { recordTransactions } from './commerce.record.ts';
export { type TransactionWrite, writeTransactions } from './commerce.write.ts';
export { transactionTimelineSource } from './commerce.timeline.ts';
export { reassignCustomer } from './commerce.merge.ts';
export {
  cohortCellCustomers,
  cohortCells,
  type CustomerFilter,
  lapsedPurchasers,
  lastPurchaseOf,
  purchaseActivity,
  type PurchaseActivityRow,
} from './commerce.sources.ts';
export { commerceDataSections } from './commerce.privacy.ts';
