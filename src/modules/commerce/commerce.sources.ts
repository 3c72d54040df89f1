// The commerce domain's declared cross-domain sources: what workflows read of transactions and
// products without touching the tables — the earning facts loyalty earns from (one transaction
// type, declared once), a customer's net revenue (complaint compensation), and the demo loader's
// bulk product writer; and product affinity's reads of purchased products, products and holdings.
export {
  customerNetRevenueMinor,
  type EarningFactRow,
  earningFacts,
  upsertProductsBySku,
} from './commerce.repository.ts';
export {
  type ProductFactRow,
  productFacts,
  productsHeld,
  type PurchasedProductRow,
  purchasedProducts,
} from './commerce.baskets.repository.ts';
