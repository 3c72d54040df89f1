// The commerce domain's public surface.
export * from './commerce.dto.ts';
export { productsImportAdapter, transactionsImportAdapter } from './commerce.import.ts';
export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';
export { commerceRoutes } from './commerce.routes.ts';
export {
  createProduct,
  recordTransactions,
  streamTransactionsCsv,
  type TransactionWrite,
  writeTransactions,
} from './commerce.service.ts';
export { transactionTimelineSource } from './commerce.timeline.ts';
export { reassignCustomer } from './commerce.merge.ts';
