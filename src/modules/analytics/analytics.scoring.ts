// Owns a scoring run: from the workspace's facts to every customer's metrics, RFM, predicted CLV
// and pyramid tier, in one database transaction. The database does the per-customer work in
// set-based statements (analytics.repository.ts); JavaScript fits the purchase and spend models
// on whole columns and sends the predictions back as arrays. Tier changes are stored with a
// plain-language reason and emitted as `customer.tier_changed` events in the same transaction.
//
// Full run: recomputes everyone, refits BG/NBD (weekly periods) and Gamma-Gamma, ranks the
// pyramid and the RFM quintiles afresh and keeps their cut-offs. Incremental run: only customers
// with new facts since the last run, with the last full run's fitted parameters and cut-offs.
import { addMonths } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { recordEventsFrom } from '../events/index.ts';
import type { AnalyticsSettings } from './analytics.dto.ts';
import { type ScoringRunRow } from './analytics.repository.ts';
import {
  claimRun,
  finishRun,
  findRun,
  insertRun,
  latestFullRun,
  latestRuns,
  lockWorkspaceScoring,
} from './analytics.runs.repository.ts';
import {
  computeScores,
  readTierCutoffs,
  type Predictions,
  stageMetrics,
  stageBuyerScores,
  stageTierChanges,
  tierChangeEventRows,
  type ReasonWording,
  writeScores,
} from './analytics.scores.repository.ts';
import { readModelInputs, type ModelInputRows, stageScope, stageTransactions } from './analytics.inputs.repository.ts';
import type { RunCutoffs } from './analytics.schema.ts';
import type { ScoringSources } from './analytics.sources.ts';
import { rfmScores } from './analytics.rfm.ts';
import { loadSettings } from './analytics.settings.ts';
import {
  type BgNbdFit,
  type BgNbdParams,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  holdoutError,
  ModelInputError,
  predictCustomers,
  trackingFromCounts,
} from './models/index.ts';
import { dayToIso } from './models/summary.ts';

type ScoringCtx = Ctx & {
  log?: { info: (o: object, msg: string) => void; warn: (o: object, msg: string) => void };
};

export const MODEL_FAMILY = 'bgnbd-gg/1';
const PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;
/** Fewer buyers than this give no model (the fit would say little); tiers then rank by net profit. */
export const MIN_MODEL_CUSTOMERS = 20;

/** The fitted model as stored on a run (and served by GET /analytics/clv/model). */
export type StoredModel = {
  model: 'bgnbd';
  fittedAt: string;
  customers: number;
  params: BgNbdParams;
  standardErrors: BgNbdParams | null;
  logLikelihood: number;
  converged: boolean;
  reason: string;
  spend: (GammaGammaParams & { customers: number; excluded: number; converged: boolean; logLikelihood: number }) | null;
  margin: number;
  weeklyDiscountRate: number;
  horizonWeeks: number;
  calibrationEnd: string;
  holdoutEnd: string;
  holdout: { customers: number; model: { mae: number; rmse: number }; baseline: { mae: number; rmse: number } } | null;
  tracking: {
    period: string;
    actual: number;
    predicted: number;
    actualCumulative: number;
    predictedCumulative: number;
    holdout: boolean;
  }[];
};

export type RunOutcome = { run: ScoringRunRow; customersScored: number; tierChanges: number };

/** Records a queued run (the API and the scheduler); a worker or the CLI executes it. */
export async function queueRun(
  ctx: ScoringCtx,
  workspaceId: string,
  mode: 'full' | 'incremental',
  requestedBy: string | null,
): Promise<ScoringRunRow> {
  return insertRun(ctx.db, { workspaceId, id: newId(), mode, status: 'queued', requestedBy, queuedAt: ctx.now() });
}

/**
 * Executes a queued run. Returns null when another worker already took it. A failure marks the
 * run failed with the error and rethrows (the job queue retries with a new run only if asked).
 */
export async function executeRun(
  ctx: ScoringCtx,
  workspaceId: string,
  runId: string,
  sources: ScoringSources,
): Promise<RunOutcome | null> {
  if (!(await claimRun(ctx.db, workspaceId, runId, ctx.now()))) return null;
  const run = (await findRun(ctx.db, workspaceId, runId)) as ScoringRunRow;
  try {
    const outcome = await ctx.db.transaction((tx) => score({ ...ctx, db: tx }, run, sources));
    await finishRun(ctx.db, workspaceId, runId, { status: 'succeeded', finishedAt: ctx.now(), ...outcome.fields });
    return {
      run: (await findRun(ctx.db, workspaceId, runId)) as ScoringRunRow,
      customersScored: outcome.fields.customersScored,
      tierChanges: outcome.fields.tierChanges,
    };
  } catch (err) {
    await finishRun(ctx.db, workspaceId, runId, {
      status: 'failed',
      finishedAt: ctx.now(),
      error: err instanceof Error ? err.message.slice(0, 1000) : String(err),
    });
    throw err;
  }
}

/** Queue and execute at once (the CLI, the demo, tests). */
export async function scoreNow(
  ctx: ScoringCtx,
  workspaceId: string,
  mode: 'full' | 'incremental',
  sources: ScoringSources,
  requestedBy: string | null = null,
): Promise<RunOutcome> {
  await loadSettings(ctx, workspaceId); // an unknown workspace is a clear "not found", not a foreign-key error
  const run = await queueRun(ctx, workspaceId, mode, requestedBy);
  return (await executeRun(ctx, workspaceId, run.id, sources)) as RunOutcome;
}

async function score(ctx: ScoringCtx, run: ScoringRunRow, sources: ScoringSources) {
  const { db } = ctx;
  const ws = run.workspaceId;
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - t0);
    t0 = t;
  };
  await lockWorkspaceScoring(db, ws);
  const { settings, currency } = await loadSettings(ctx, ws);
  const asOf = ctx.now();
  const asOfDay = Math.floor(asOf.getTime() / DAY_MS);
  const windowStart = addMonths(asOf, -settings.windowMonths);
  const last = run.mode === 'incremental' ? await latestFullRun(db, ws) : undefined;
  // Without a full run to lean on, an incremental request does the full work.
  const full = run.mode === 'full' || !last?.asOf || !last.cutoffs;
  const calibrationEndDay = asOfDay - settings.holdoutWeeks * 7;

  await stageScope(
    db,
    ws,
    full ? { kind: 'all' } : { kind: 'changed', since: (await lastFinishedAsOf(db, ws)) ?? (last?.asOf as Date) },
    sources.activity,
  );
  lap('scope');
  await stageTransactions(db, ws, { asOf, asOfDay, windowStart, calibrationEndDay, currency });
  lap('transactions');

  const inputs = await readModelInputs(db);
  lap('readInputs');
  const cutoffs: RunCutoffs | null = full ? null : (last?.cutoffs as RunCutoffs);
  // The metrics do not need the model: the database computes them while JavaScript fits,
  // predicts and ranks RFM (the statement is sent now; the fit below runs before it is awaited).
  const metrics = stageMetrics(db, ws, {
    asOf,
    asOfDay,
    windowStart,
    windowMonths: settings.windowMonths,
    periodDays: PERIOD_DAYS,
    incremental: !full,
    costSources: sources.costs,
  });
  metrics.catch(() => undefined); // awaited below; this only keeps a failure from counting as unhandled meanwhile
  await new Promise((resolve) => setImmediate(resolve));

  const n = inputs.customerIds.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = inputs.purchaseDays[i] - 1;
    tx[i] = (inputs.lastDay[i] - inputs.firstDay[i]) / PERIOD_DAYS;
    T[i] = (asOfDay - inputs.firstDay[i]) / PERIOD_DAYS;
    monetary[i] = x[i] > 0 ? inputs.repeatSpend[i] / x[i] : Number.NaN;
  }

  const lastModel = last?.model ? (last.model as unknown as StoredModel) : null;
  // An incremental run sees only some customers: it keeps the full run's margin and discounting.
  const margin =
    !full && lastModel
      ? lastModel.margin
      : (settings.clvMargin ?? Math.max(0, Math.min(1, inputs.observedMargin ?? 1)));
  const weeklyDiscountRate =
    !full && lastModel ? lastModel.weeklyDiscountRate : (1 + settings.annualDiscountRate) ** (1 / 52) - 1;
  let stored: StoredModel | null = null;
  let purchaseModel: Pick<BgNbdFit, 'model' | 'params'> | null = null;
  let spendModel: Pick<GammaGammaFit, 'params'> | null = null;
  let modelVersion: string | null = null;
  if (full) {
    stored = fitModels(ctx, {
      x,
      tx,
      T,
      monetary,
      inputs,
      asOfDay,
      calibrationEndDay,
      margin,
      weeklyDiscountRate,
      horizonWeeks: settings.horizonWeeks,
      asOf,
    });
    if (stored) {
      purchaseModel = { model: 'bgnbd', params: stored.params };
      spendModel = stored.spend ? { params: stored.spend } : null;
      modelVersion = `${MODEL_FAMILY}@${run.id}`;
    }
    lap('fit');
  } else if (lastModel) {
    purchaseModel = { model: 'bgnbd', params: lastModel.params };
    spendModel = lastModel.spend ? { params: lastModel.spend } : null;
    modelVersion = last.modelVersion;
  }

  let predictions: Predictions | null = null;
  if (purchaseModel && n > 0) {
    const p = predictCustomers(
      purchaseModel,
      spendModel,
      { x, tx, T, monetary },
      { horizon: settings.horizonWeeks, discountRate: weeklyDiscountRate, margin },
    );
    predictions = {
      expectedPurchases: p.expectedPurchases,
      pAlive: p.probabilityAlive,
      expectedSpend: p.expectedSpend,
      clv: p.clv,
    };
  }
  lap('predict');
  const rfm = rfmScores(rfmValues(inputs, asOfDay), cutoffs);
  const staged = stageBuyerScores(db, { customerIds: inputs.customerIds, r: rfm.r, f: rfm.f, m: rfm.m, predictions }); // queued behind the metrics
  lap('rfm');
  await Promise.all([metrics, staged]); // both, so a failure of either is caught here
  lap('metrics');

  const rankBy = settings.rankBy === 'clv' && purchaseModel && spendModel ? 'clv' : 'net_profit';
  const scored = await computeScores(db, {
    platinumShare: settings.platinumShare,
    goldShare: settings.goldShare,
    rankBy: cutoffs?.rankBy ?? rankBy,
    cutoffs,
  });
  lap('tiers');
  const newCutoffs: RunCutoffs | null = full ? { ...(await readTierCutoffs(db)), rankBy, ...rfm.cutoffs } : null;

  await writeScores(db, ws, { runId: run.id, full });
  lap('write');
  const changes = await stageTierChanges(db, ws, {
    runId: run.id,
    asOf,
    wording: reasonWording({
      rankBy: cutoffs?.rankBy ?? rankBy,
      windowMonths: settings.windowMonths,
      platinumShare: settings.platinumShare,
      goldShare: settings.goldShare,
      withRank: full,
    }),
  });
  if (changes) await recordEventsFrom(db, ws, tierChangeEventRows({ runId: run.id, asOf }));
  lap('tierChanges');
  ctx.log?.info(
    {
      workspaceId: ws,
      runId: run.id,
      mode: full ? 'full' : 'incremental',
      customers: scored,
      tierChanges: changes,
      timings,
    },
    'scoring run',
  );
  return {
    fields: {
      mode: full ? ('full' as const) : ('incremental' as const),
      asOf,
      windowMonths: settings.windowMonths,
      customersScored: scored,
      tierChanges: changes,
      timings,
      modelVersion,
      model: stored as unknown as Record<string, unknown> | null,
      converged: stored?.converged ?? null,
      cutoffs: newCutoffs,
    },
  };
}

/** RFM metrics of the buyers, higher is better: negated days since the last purchase, window purchases, average window purchase (minor units, rounded like SQL's numeric round). */
function rfmValues(inputs: ModelInputRows, asOfDay: number) {
  const n = inputs.customerIds.length;
  const recency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recency[i] = inputs.lastDay[i] - asOfDay;
    const avg = inputs.purchasesW[i] > 0 ? inputs.revenueW[i] / inputs.purchasesW[i] : 0;
    monetary[i] = Math.sign(avg) * Math.round(Math.abs(avg));
  }
  return { recency, frequency: inputs.purchasesW, monetary };
}

/** The as-of instant of the newest succeeded run of any mode: incremental runs pick up from there. */
async function lastFinishedAsOf(db: Db, ws: string): Promise<Date | null> {
  return (await latestRuns(db, ws)).latest?.asOf ?? null;
}

/** The run-level facts of this run's tier reasons. */
export function reasonWording(o: {
  rankBy: 'clv' | 'net_profit';
  windowMonths: number;
  platinumShare: number;
  goldShare: number;
  withRank: boolean;
}): ReasonWording {
  return { ...o };
}

/** Minor units to a localised amount, with the currency's own number of decimals. */
export function formatMinor(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = currencyFormats.get(key);
  // Building a formatter costs far more than using one; a run formats thousands of reasons.
  if (!f)
    currencyFormats.set(
      key,
      (f = { format: new Intl.NumberFormat(locale, { style: 'currency', currency }), digits: 0 }),
    );
  f.digits ||= 10 ** (f.format.resolvedOptions().maximumFractionDigits ?? 2);
  return f.format.format(minor / f.digits);
}

const currencyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function fitModels(
  ctx: ScoringCtx,
  a: {
    x: Float64Array;
    tx: Float64Array;
    T: Float64Array;
    monetary: Float64Array;
    inputs: Awaited<ReturnType<typeof readModelInputs>>;
    asOfDay: number;
    calibrationEndDay: number;
    margin: number;
    weeklyDiscountRate: number;
    horizonWeeks: number;
    asOf: Date;
  },
): StoredModel | null {
  const n = a.x.length;
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (a.x[i] > 0) repeaters++;
  if (n < MIN_MODEL_CUSTOMERS || repeaters === 0) return null;
  let fit: BgNbdFit;
  try {
    fit = fitBgNbd({ x: a.x, tx: a.tx, T: a.T });
  } catch (err) {
    if (err instanceof ModelInputError) {
      ctx.log?.warn({ err: err.message }, 'no purchase model');
      return null;
    }
    throw err;
  }
  let spend: StoredModel['spend'] = null;
  try {
    const gg = fitGammaGamma({ x: a.x, monetary: a.monetary });
    spend = {
      ...gg.params,
      customers: gg.customers,
      excluded: gg.excluded,
      converged: gg.converged,
      logLikelihood: gg.logLikelihood,
    };
  } catch (err) {
    if (!(err instanceof ModelInputError)) throw err;
  }

  // Fit quality: a second fit on the calibration period only, checked on the held-out weeks.
  const { tracking, holdout } = fitQuality(a);
  return {
    model: 'bgnbd',
    fittedAt: a.asOf.toISOString(),
    customers: fit.customers,
    params: fit.params,
    standardErrors: fit.standardErrors,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    reason: fit.reason,
    spend,
    margin: a.margin,
    weeklyDiscountRate: a.weeklyDiscountRate,
    horizonWeeks: a.horizonWeeks,
    calibrationEnd: dayToIso(a.calibrationEndDay),
    holdoutEnd: dayToIso(a.asOfDay),
    holdout,
    tracking,
  };
}

function fitQuality(a: Parameters<typeof fitModels>[1]): {
  tracking: StoredModel['tracking'];
  holdout: StoredModel['holdout'];
} {
  const { inputs, calibrationEndDay: cal } = a;
  const cx: number[] = [];
  const ctx_: number[] = [];
  const cT: number[] = [];
  const hold: number[] = [];
  let start = Infinity;
  for (let i = 0; i < inputs.customerIds.length; i++) {
    start = Math.min(start, inputs.firstDay[i]);
    if (inputs.firstDay[i] > cal) continue;
    cx.push(inputs.calDays[i] - 1);
    ctx_.push((inputs.calLast[i] - inputs.firstDay[i]) / PERIOD_DAYS);
    cT.push((cal - inputs.firstDay[i]) / PERIOD_DAYS);
    hold.push(inputs.holdDays[i]);
  }
  if (cx.length < MIN_MODEL_CUSTOMERS || !cx.some((v) => v > 0)) return { tracking: [], holdout: null };
  let calFit: BgNbdFit;
  try {
    calFit = fitBgNbd({ x: cx, tx: ctx_, T: cT });
  } catch (err) {
    if (err instanceof ModelInputError) return { tracking: [], holdout: null };
    throw err;
  }
  const x = Float64Array.from(cx);
  const error = holdoutError(calFit, {
    x,
    tx: Float64Array.from(ctx_),
    T: Float64Array.from(cT),
    holdoutX: Float64Array.from(hold),
    holdoutEnd: a.asOfDay,
    calibrationEnd: cal,
    periodDays: PERIOD_DAYS,
  });
  const { actual, cohortSize } = repeatDaysByPeriod(inputs, start, cal, a.asOfDay);
  const points = trackingFromCounts(calFit, {
    start,
    end: a.asOfDay,
    calibrationEnd: cal,
    periodDays: PERIOD_DAYS,
    actual,
    cohortSize,
  });
  return {
    tracking: points.map((p) => ({
      period: p.end,
      actual: p.actual,
      predicted: round4(p.predicted),
      actualCumulative: p.actualCumulative,
      predictedCumulative: round4(p.predictedCumulative),
      holdout: p.holdout,
    })),
    holdout: { customers: error.customers, model: error.model, baseline: error.baseline },
  };
}

/** Of the customers first seen by the calibration end: repeat purchase days per period since `start`, and customers per first day. */
function repeatDaysByPeriod(
  inputs: ModelInputRows,
  start: number,
  cal: number,
  end: number,
): { actual: Float64Array; cohortSize: Map<number, number> } {
  const actual = new Float64Array(Math.max(1, Math.ceil((end - start + 1) / PERIOD_DAYS)));
  const cohortSize = new Map<number, number>();
  for (let i = 0; i < inputs.customerIds.length; i++) {
    const first = inputs.firstDay[i];
    if (first > cal) continue;
    cohortSize.set(first, (cohortSize.get(first) ?? 0) + 1);
    for (let k = inputs.dayStart[i]; k < inputs.dayStart[i + 1]; k++)
      if (inputs.days[k] > first) actual[Math.floor((inputs.days[k] - start) / PERIOD_DAYS)]++;
  }
  return { actual, cohortSize };
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

export type { AnalyticsSettings };
