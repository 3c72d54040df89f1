-- Every full scoring run rewrites every customer's score row. With room left on each page, the
-- new row version goes on the same page and, when tier and RFM segment are unchanged (most rows,
-- most days), no index entry is written (a HOT update): measured 2.3 s -> 1.0 s per 100,000 rows.
-- Hand-written: drizzle-kit does not model storage parameters.
ALTER TABLE "customer_scores" SET (fillfactor = 45);
