// The analytics domain's second entry point: the offline analyses of a CSV file (`tenure clv |
// retention | churn | survival | uplift | basket | mrr`), which need no database. The analyst CLI bundle imports this
// rather than index.ts so that it loads neither the database nor the HTTP routes.
export { type BasketFileOptions, type BasketResult, runBasket } from './analytics.basket-file.ts';
export { type ChurnResult, runChurn } from './analytics.churn-file.ts';
export {
  type ClvFileOptions,
  type ClvResult,
  type ClvRun,
  readTransactionCsv,
  runClv,
  unpredictable,
} from './analytics.clv-file.ts';
export { type RetentionResult, runRetention } from './analytics.retention-file.ts';
export { runSurvival, type SurvivalResult } from './analytics.survival-file.ts';
export { analyseUpliftTable, runUplift, type UpliftResult } from './analytics.uplift-file.ts';
export { parseIsoDay, parseMonth, predictCustomers } from './models/index.ts';
export { type MrrFileOptions, type MrrResult, runMrr } from './analytics.mrr-file.ts';
