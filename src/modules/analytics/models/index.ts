// The model library: pure TypeScript over plain arrays, no database, no I/O. The CLV models
// (value engine) and the churn models (contractual retention, churn risk, drivers) share it.
// For the CLV models everything is in *periods* (weeks when periodDays = 7); dates enter only
// through summarise.
//
// Summaries
//   summarise(transactions, { calibrationEnd, periodDays = 7, holdoutEnd? }): CustomerSummary
//     transactions: Iterable<{ customerId, date: 'YYYY-MM-DD' | Date | dayNumber, amount? }> or a
//     columnar TransactionLog (createLogBuilder().add(id, day, amount) … .build(); parseIsoDay).
//     → { customerIds, x, tx, T, monetary (mean repeat spend, NaN if none), firstDay, holdoutX,
//         acquiredAfterCalibration, nonPositiveRepeatAmounts, … } (Float64Arrays, one per customer)
//   calibrationHoldout(transactions, { calibrationEnd, holdoutEnd, periodDays }): the same plus
//     holdoutX and holdoutPeriods.
//
// Fitting (maximum likelihood on log-parameters, BFGS, analytic gradients; identical rows merged)
//   fitBgNbd({ x, tx, T }, { starts?, maxIterations? }): BgNbdFit        params { r, alpha, a, b }
//   fitParetoNbd({ x, tx, T }, opts): ParetoNbdFit                        params { r, alpha, s, beta }
//   fitGammaGamma({ x, monetary }, opts): GammaGammaFit                   params { p, q, gamma }
//     (customers with x = 0 are skipped; mean spend ≤ 0 is excluded and counted in `excluded`)
//   fitSbg(survivors: number[] | number[][], opts): SbgFit                params { alpha, beta }
//   Every fit: { model, params, standardErrors (null if the Hessian is not positive definite),
//     logLikelihood, converged, reason, iterations, evaluations, customers }.
//   Bad input throws ModelInputError with a message naming the first bad customer.
//
// Predictions (fit = a BgNbdFit or ParetoNbdFit, or { model, params }; customer = { x, tx, T })
//   expectedPurchases(fit, customer, t)          repeat purchases in the next t periods
//   probabilityAlive(fit, customer, t = 0)       P(alive) now, or t periods from now
//   unconditionalExpected(fit, t)                E[X(t)] for a new customer
//   expectedByPeriod(fit, customer, periods)     expected purchases in each coming period
//   expectedSpend(spendParams, x, monetary)      Gamma-Gamma conditional mean spend
//   discountedClv(fit, spendFit, { ...customer, monetary }, { horizon, discountRate, margin = 1 })
//   predictCustomers(fit, spendFit | null, { x, tx, T, monetary? } or compressed rows + monetary,
//     { horizon, discountRate, margin }) → { expectedPurchases, probabilityAlive, expectedSpend, clv }
//     for every customer at once (work done per distinct (x, t_x, T) and (x, T))
//   expectedPurchasesForRows(fit, compressedRows, t): per compressed row
//   sbgSurvival, sbgRetentionRate, sbgChurnProbability, sbgSurvivalCurve, sbgDiscountedRenewals,
//   sbgDerl(params, renewals, discountRate)   discounted expected residual lifetime of a contract
//
// Fit quality
//   trackingSeries(log, fit, { calibrationEnd, periodDays, end? }): per period actual vs predicted
//     repeat transactions, incremental and cumulative, flagged calibration/holdout
//   holdoutError(fit, summaryWithHoldout): { model: { mae, rmse }, baseline: { mae, rmse }, totals }
//
// Churn models (rows are row-major Float64Array design matrices, n × p)
//   buildDesign(table, columns, { rowMask?, maxLevels? }): Design   numeric as is, categoricals
//     one-hot against their first level; rows with a missing cell dropped and counted.
//     readBinary / readNumbers / readGroups read an outcome, a duration or a grouping column.
//   fitLogistic({ X, p, y, rows? }, { l2 = 1 }): LogisticModel   L2 on standardised coefficients, Newton
//   predictLogistic(model, X, rows?), contributions(model, x), topDrivers(contributions, names, k)
//   stratifiedFolds(y, k, rng), crossValidateLogistic(data, folds, opts), rocAuc, brierScore,
//     reliabilityBins
//   fitCox({ time, event, X, p, strata? }, { ties: 'efron' | 'breslow' }): CoxFit   coef, se,
//     hazardRatio, lower, upper, pValue, logLikelihood, nullLogLikelihood, likelihoodRatio
//   harrellC(time, event, risk, strata?), coxLinearPredictor(fit, X)
//   kaplanMeier(time, event, rows?): KmCurve (Greenwood SE, log-log 95 % band, median)
//   logRank(time, event, group, strata?): { chisq, df, p, observed, expected }
//   chiSquareSf, normalTwoSided, gammaQ, Z95
//
// Product affinity (baskets as CSR Int32Arrays: offsets + item ids)
//   fpGrowth({ offsets, items, itemCount }, { minCount, maxLen? }): Itemsets   exact frequent
//     itemsets with their basket counts (FP-growth); itemsetSizes(sets) → { "1": n1, "2": n2, … }
//   associationRules(sets, { minConfidence, minLift?, maxConsequent?, margins? }): rules with
//     support, confidence, lift, conviction and a margin-weighted value, strongest lift first
//   simulateBaskets({ baskets, items, meanSize, bundles: [{ pa, pb, lift }], seed }) retail-shaped
//     baskets with bundles planted at a known lift
// Clustering (kmeans.ts; micro-segments)
//   kMeans(X, n, p, k, { rng, restarts?, maxIterations? }), silhouette(X, n, p, assignment, k),
//   chooseK(X | row reader, n, p, { rng, kMin?, kMax?, sample?, fitSample? }): k by the best silhouette
// Revenue movements (contractual MRR; revenue-movements.ts)
//   buildSeries(points: { customer, month, mrr }[]), revenueRetention(series, from, to): start, new,
//     expansion, contraction, churned, reactivation, end, GRR, NRR, logo churn, quick ratio and
//     the same per month; customerMovements(series, startMonth, endMonth) for drill-downs
//   npsFromCounts / npsFromScores, csatFromCounts: NPS and CSAT with standard error and 95 % band
export { bgnbdLogLikelihoodOne, fitBgNbd, type BgNbdFit, type BgNbdParams } from './bgnbd.ts';
export {
  holdoutError,
  trackingFromCounts,
  trackingSeries,
  type HoldoutError,
  type TrackingPoint,
} from './fit-quality.ts';
export type { FitOptions, FitReport } from './fit.ts';
export {
  expectedSpend,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  type SpendData,
} from './gamma-gamma.ts';
export { fitParetoNbd, pnbdLogLikelihoodOne, type ParetoNbdFit, type ParetoNbdParams } from './pnbd.ts';
export {
  discountedClv,
  discountedExpectedPurchases,
  expectedByPeriod,
  expectedPurchases,
  expectedPurchasesForRows,
  predictCustomers,
  probabilityAlive,
  unconditionalExpected,
  type ClvOptions,
  type CustomerPredictions,
  type PurchaseModel,
} from './predict.ts';
export { compress, ModelInputError, type CompressedRows, type Customer, type Frequencies } from './rows.ts';
export {
  fitSbg,
  sbgChurnProbability,
  sbgDerl,
  sbgDiscountedRenewals,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
  type SbgFit,
  type SbgParams,
} from './sbg.ts';
export { simulateBgNbd, simulateGammaGamma, simulateParetoNbd, simulateSbg } from './simulate.ts';
export {
  calibrationHoldout,
  createLogBuilder,
  dayToIso,
  logFromTransactions,
  parseIsoDay,
  summarise,
  summariseLog,
  toDay,
  type CustomerSummary,
  type SummaryOptions,
  type Transaction,
  type TransactionLog,
} from './summary.ts';
export {
  brierScore,
  crossValidateLogistic,
  reliabilityBins,
  rocAuc,
  stratifiedFolds,
  type CrossValidation,
  type ReliabilityBin,
} from './classification.ts';
export { harrellC, type Concordance } from './concordance.ts';
export { coxLinearPredictor, fitCox, type CoxFit, type CoxOptions, type SurvivalData } from './cox.ts';
export {
  buildDesign,
  isMissing,
  isNumericColumn,
  readBinary,
  readGroups,
  readNumbers,
  type Design,
  type DesignOptions,
  type Feature,
  type TextTable,
} from './design.ts';
export {
  betaRegularised,
  chiSquareSf,
  gammaQ,
  normalCdf,
  normalQuantile,
  normalTwoSided,
  studentTQuantile,
  studentTTwoSided,
  Z95,
} from './distributions.ts';
export {
  compareProportions,
  mdeMeans,
  mdeProportions,
  moments,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  SRM_ALPHA,
  twoProportionZTest,
  welch,
  wilsonInterval,
  type Comparison,
  type Interval,
  type Moments,
  type SampleRatioCheck,
  type WelchResult,
} from './experiments.ts';
export { kaplanMeier, logRank, type KmCurve, type KmPoint, type LogRank } from './kaplan-meier.ts';
export {
  contributions,
  fitLogistic,
  predictLogistic,
  topDrivers,
  type LogisticData,
  type LogisticModel,
  type LogisticOptions,
} from './logistic.ts';
export {
  evaluateTLearner,
  fitTLearner,
  predictUplift,
  qiniCurve,
  upliftFolds,
  type QiniCurve,
  type QiniPoint,
  type TLearner,
  type UpliftData,
  type UpliftEvaluation,
} from './uplift.ts';
export { type AssociationRule, associationRules, type RuleOptions } from './association-rules.ts';
export { type BasketSimulation, type PlantedBundle, simulateBaskets } from './basket-simulate.ts';
export { type Baskets, fpGrowth, type FpGrowthOptions, type Itemsets, itemsetSizes } from './fpgrowth.ts';
export {
  buildSeries,
  customerMovements,
  formatMonth,
  type MonthNumber,
  movementKinds,
  type MovementKind,
  type Movements,
  type MrrPoint,
  parseMonth,
  type RetentionFigures,
  retentionRatios,
  type RevenueRetention,
  revenueRetention,
  seriesSpan,
} from './revenue-movements.ts';
export {
  type CsatResult,
  csatFromCounts,
  npsCategory,
  type NpsCounts,
  npsFromCounts,
  npsFromScores,
  type NpsResult,
} from './satisfaction.ts';
export { chooseK, kMeans, silhouette, type ChosenK, type KMeansFit } from './kmeans.ts';
