// Owns a churn-model run: read the features of the contracts running six months ago and whether
// they were cancelled since (training), fit and cross-validate (churn.model.ts), fit the
// retention curves (churn.curves.ts), and — when the model beats its tenure-only baseline —
// score every running contract and store each customer's risk, top drivers and value at stake.
// Customers without a running contract get 1 − P(alive) from the value engine on every run.
// A flagged model is stored with its card but its risks are not written: the previous used
// model's stay.
import type { Ctx } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { loadSettings, type SbgParams } from '../analytics/index.ts';
import { categoricalFeatures, encode, learnEncoding } from './churn.features.ts';
import {
  cohortCountsOf,
  lifetimeOutlook,
  paramsFor,
  retentionCurves,
  segmentKinds,
  survivalBySegments,
} from './churn.curves.ts';
import { fitInWorker } from './churn.fit.ts';
import { type ChurnFitOptions, scoreRows } from './churn.model.ts';
import { currentFacts, trainingFacts } from './churn.book.repository.ts';
import {
  type FeatureTable,
  purchaseRiskRows,
  type ScoringTable,
  type SurvivalTable,
} from './churn.facts.repository.ts';
import { type ChurnRunRow, claimRun, findRun, finishRun, insertRun, markOnlyUsed } from './churn.repository.ts';
import { type RiskWrite, startRiskSwap } from './churn.risks.repository.ts';
import type { RiskDriver } from './churn.schema.ts';
import { executeClaimedRun } from '../../lib/runs.ts';

/** Risk is the chance of cancelling within this many months; the model learns it from the last such window. */
export const HORIZON_MONTHS = 6;

export const defaultFitOptions: ChurnFitOptions = { folds: 5, seed: 17, l2: 1, minAucLift: 0 };

export async function queueChurnRun(
  ctx: Ctx,
  workspaceId: string,
  trigger: ChurnRunRow['trigger'],
  requestedBy: string | null,
  minAucLift = 0,
): Promise<ChurnRunRow> {
  return insertRun(ctx.db, {
    workspaceId,
    id: newId(),
    trigger,
    status: 'queued',
    requestedBy,
    queuedAt: ctx.now(),
    card: { minAucLift },
  });
}

const monthsBefore = (d: Date, months: number) => {
  const x = new Date(d);
  x.setUTCMonth(x.getUTCMonth() - months);
  return x;
};

/** Executes a queued run; null when another worker took it. A failure is recorded on the run and rethrown. */
export async function executeChurnRun(ctx: Ctx, workspaceId: string, runId: string): Promise<ChurnRunRow | null> {
  return executeClaimedRun<ChurnRunRow>(
    {
      claim: () => claimRun(ctx.db, workspaceId, runId, ctx.now()),
      find: () => findRun(ctx.db, workspaceId, runId),
      fail: (error) => finishRun(ctx.db, workspaceId, runId, { status: 'failed', finishedAt: ctx.now(), error }),
    },
    (run) => execute(ctx, run),
  );
}

/** Queue and execute at once (the schedule, the demo, tests). */
export async function runChurnNow(
  ctx: Ctx,
  workspaceId: string,
  trigger: ChurnRunRow['trigger'],
  requestedBy: string | null = null,
): Promise<ChurnRunRow> {
  const run = await queueChurnRun(ctx, workspaceId, trigger, requestedBy);
  return (await executeChurnRun(ctx, workspaceId, run.id)) as ChurnRunRow;
}

/**
 * The encoding and design matrix of the training rows, the fit's input.
 */
function design(training: FeatureTable) {
  const enc = learnEncoding(training);
  const X = encode(training, enc);
  const y = Float64Array.from(training.num.churned);
  const time = Float64Array.from(training.num.follow_months, (f) => Math.max(Number.isNaN(f) ? 0 : f, 1e-6));
  return { enc, data: { X, y, time, columns: enc.columns } };
}

/**
 * The retention curves (from the sub-cohort counts of the same survival records) and survival by
 * segment; the survival rows are dropped once it returns.
 */
function curves(survival: SurvivalTable, asOf: Date) {
  return {
    retention: retentionCurves(cohortCountsOf(survival), asOf),
    survival: survivalBySegments(survival, segmentKinds),
  };
}

/**
 * Each running contract's customer with the highest risk among their contracts (its drivers) and
 * the value at stake summed over them. `rows` come ordered by customer.
 */
function contractRisksOf(
  t: ScoringTable,
  scored: { risk: Float64Array; drivers: RiskDriver[][] },
  stakeOf: (i: number) => number,
): RiskWrite[] {
  const out: RiskWrite[] = [];
  for (let i = 0; i < t.n; i++) {
    const stake = stakeOf(i);
    const last = out.at(-1);
    if (last && last.customerId === t.customer_id[i]) {
      last.valueAtStakeMinor += stake;
      if (scored.risk[i] > last.risk) {
        last.risk = scored.risk[i];
        last.drivers = scored.drivers[i];
      }
      continue;
    }
    out.push({
      customerId: t.customer_id[i],
      basis: 'contract',
      risk: scored.risk[i],
      drivers: scored.drivers[i],
      valueAtStakeMinor: stake,
      tier: t.tier[i],
      segment: t.rfm_segment[i],
      accountManagerId: t.account_manager_id[i],
    });
  }
  return out;
}

async function execute(ctx: Ctx, run: ChurnRunRow): Promise<void> {
  const { workspaceId } = run;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };
  const asOf = ctx.now();
  const since = monthsBefore(asOf, HORIZON_MONTHS);
  const { settings } = await loadSettings(ctx, workspaceId);
  const monthlyDiscount = Math.max((1 + settings.annualDiscountRate) ** (1 / 12) - 1, 0.001);
  const margin = settings.clvMargin ?? 1;
  const minAucLift = Number((run.card as { minAucLift?: number } | null)?.minAucLift ?? 0);

  // Two reads of the book (churn.book.repository.ts), one after the other: the training rows alone
  // (the fit waits for them; read beside the other, they took twice as long), then, while the fit
  // runs, one scan for the survival records and the scoring rows; the purchase risks are read
  // beside the first. The current read is wasted only when the model is flagged.
  const later = <T>(p: Promise<T>) => (p.catch(() => undefined), p);
  const purchaseRead = later(purchaseRiskRows(ctx.db, workspaceId, asOf));
  // `let`: the training table is dropped once encoded (the fit gets its own copy of the matrix).
  let training: FeatureTable | null = await trainingFacts(ctx.db, workspaceId, since, asOf);
  lap('readTraining');
  const currentRead = later(currentFacts(ctx.db, workspaceId, since, asOf));
  const { enc, data } = design(training);
  training = null;
  // The fit runs in a worker thread (churn.fit.ts) while this thread fits the curves, encodes the
  // scoring rows and the database writes the purchase risks; the contract risks wait for it.
  const fitting = fitInWorker({ data, options: { ...defaultFitOptions, minAucLift } });
  later(fitting.logistic);
  later(fitting.cox);
  lap('encode');

  // `let`: the survival records are dropped once the curves are fitted.
  let current: { scoring: ScoringTable; survival?: SurvivalTable } = await currentRead;
  lap('readCurrent');
  const { retention, survival } = curves(current.survival as SurvivalTable, asOf);
  const scoring = current.scoring;
  current = { scoring };
  lap('curves');
  const Xs = encode(scoring, enc);
  lap('encodeScoring');
  const purchase = await purchaseRead;
  const purchaseRisks: RiskWrite[] = purchase.map((r) => ({
    customerId: r.customer_id,
    basis: 'purchase',
    risk: Math.min(Math.max(1 - Number(r.p_alive), 0), 1),
    drivers: [{ code: 'p_alive', value: Number(r.p_alive), contribution: 0 } satisfies RiskDriver],
    valueAtStakeMinor: Math.max(Number(r.clv_minor ?? 0), 0),
    tier: r.tier,
    segment: r.rfm_segment,
    accountManagerId: r.account_manager_id,
  }));
  lap('readPurchase');

  // DERL sums a slowly converging series; contracts share (parameters, whole months), so each pair
  // is computed once; the parameters are looked up once per (start month, plan). No key string per row.
  const paramsOf = new Map<string, Map<string, SbgParams | null>>();
  const derls = new Map<SbgParams, Map<number, number>>();
  const stakeOf = (i: number) => {
    const month = scoring.cohort_month[i];
    const plan = scoring.plan[i];
    let byPlan = paramsOf.get(month);
    if (!byPlan) paramsOf.set(month, (byPlan = new Map()));
    let params = byPlan.get(plan);
    if (params === undefined) byPlan.set(plan, (params = paramsFor(retention.params, month, plan)));
    if (!params) return 0;
    const renewals = Math.floor(scoring.num.tenure_months[i]);
    let byRenewals = derls.get(params);
    if (!byRenewals) derls.set(params, (byRenewals = new Map()));
    let derl = byRenewals.get(renewals);
    if (derl === undefined)
      byRenewals.set(renewals, (derl = lifetimeOutlook(params, renewals, monthlyDiscount).derlMonths));
    return (Number.isFinite(derl) ? derl : 0) * scoring.num.monthly_value_minor[i] * margin;
  };
  const readers = new Map(categoricalFeatures.map((f) => [f.code, f.read]));

  // One transaction: readers see the previous risks until the run's all commit (churn.risks.repository.ts
  // builds them in a table of their own and swaps it in). A customer is under one basis only (a
  // running contract or none); the purchase risks go in first, while the fit is still running. A
  // flagged model's contract risks are not written: the previous ones are carried over.
  await ctx.db.transaction(async (tx) => {
    const risks = await startRiskSwap(tx, workspaceId, run.id, asOf);
    await risks.insert(purchaseRisks);
    lap('writePurchase');
    const fit = await fitting.logistic;
    lap('fitWait');
    const used = fit.flag === null && fit.model !== null;
    let contractRisks: RiskWrite[] = [];
    if (used && fit.model) {
      const scored = scoreRows(fit.model, Xs, enc.columns, (i, code) => readers.get(code)?.(scoring, i) ?? '');
      contractRisks = contractRisksOf(scoring, scored, stakeOf);
      lap('score');
      await risks.insert(contractRisks);
      lap('writeContract');
    } else await risks.keep('contract');
    await risks.index();
    lap('index');
    if (fit.flag !== 'too_few_churners') fit.card.cox = await fitting.cox;
    lap('coxWait');
    await risks.swap();
    lap('swap');
    await finishRun(tx, workspaceId, run.id, {
      status: 'succeeded',
      finishedAt: ctx.now(),
      asOf,
      used,
      flag: fit.flag,
      rows: fit.card.rows,
      positives: fit.card.positives,
      auc: fit.card.auc?.mean ?? null,
      baselineAuc: fit.card.baseline?.auc.mean ?? null,
      brier: fit.card.brier,
      customersScored: contractRisks.length + purchaseRisks.length,
      lifetime: { params: retention.params, horizonMonths: HORIZON_MONTHS, monthlyDiscount },
      timings,
      card: {
        ...fit.card,
        horizonMonths: HORIZON_MONTHS,
        trainedOn: since.toISOString(),
        levels: enc.levels,
        constant: enc.constant,
        monthlyDiscount,
        retention,
        survival,
      },
    });
    // One used model per workspace: the newest.
    if (used) await markOnlyUsed(tx, workspaceId, run.id);
  });
}
