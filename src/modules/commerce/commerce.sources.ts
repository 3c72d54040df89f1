// The commerce domain's declared cross-domain sources: what workflows read of transactions and
// products without touching the tables — the earning facts loyalty earns from (one transaction
// type, declared once), a customer's net revenue (complaint compensation), and the demo loader's
// bulk product writer.
export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';
export {
  cohortCellCustomers,
  cohortCells,
  type CustomerFilter,
  lapsedPurchasers,
  purchaseActivity,
} from './commerce.kpis.repository.ts';
