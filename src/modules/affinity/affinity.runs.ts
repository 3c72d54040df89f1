// Owns an affinity run: read the purchases a page of customers at a time (affinity.read.ts) and
// the products (commerce's sources), mine the rules at product and category level from orders and
// from portfolios (held net of returns), store them with the portfolio pairs the next-best offers
// score from, evaluate those offers offline (the model card), suggest bundles from the orders'
// itemsets, and group customers into micro-segments with their churn risk and best offer. The
// same data and thresholds give the same rules, bundles and segments.
import { createHash } from 'node:crypto';
import type { Ctx } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { productFacts } from '../commerce/index.ts';
import type { Itemsets } from '../analytics/index.ts';
import { mineAllRules, pairTable, strongestPairsOf } from './affinity.model.ts';
import {
  bestOfferOf,
  microSegments,
  type Segmentation,
  suggestBundles,
  type TopOffers,
  topOffers,
} from './affinity.groups-model.ts';
import { evaluateOffers, pairIndex, popularity } from './affinity.offers-model.ts';
import { readRunData, type RunData } from './affinity.read.ts';
import {
  type AffinityRunRow,
  claimRun,
  findRun,
  finishRun,
  insertPairs,
  insertRules,
  insertRun,
  insertRunOnce,
  insertSegments,
  segmentChurnRisks,
} from './affinity.repository.ts';
import type { AffinityThresholds } from './affinity.schema.ts';
import { executeClaimedRun } from '../../lib/runs.ts';

export const AFFINITY_RUN_JOB = 'affinity.run';
/** Itemsets suggested as bundles are bought together at least this many times as often as by chance. */
export const BUNDLE_MIN_LIFT = 1.5;
/**
 * Portfolio pairs kept per product (highest confidence first, lift above 1): the evidence an offer
 * is scored from. Bounds the stored pairs and the work of scoring every customer in a big catalogue.
 */
export const PAIRS_PER_PRODUCT = 50;
export const defaultThresholds: AffinityThresholds = { minSupport: 0.01, minConfidence: 0.1, maxLen: 3 };

export async function queueAffinityRun(
  ctx: Ctx,
  workspaceId: string,
  trigger: AffinityRunRow['trigger'],
  requestedBy: string | null,
  thresholds: Partial<AffinityThresholds> = {},
): Promise<AffinityRunRow> {
  return insertRun(ctx.db, {
    workspaceId,
    id: newId(),
    trigger,
    status: 'queued',
    requestedBy,
    queuedAt: ctx.now(),
    thresholds: { ...defaultThresholds, ...thresholds },
  });
}

/** Told the name of each stage of a run as it ends (the benchmark's per-stage CPU and memory). */
export type StageObserver = (stage: string) => void;

/** Executes a queued run; null when another worker took it. A failure is recorded on the run and rethrown. */
export async function executeAffinityRun(
  ctx: Ctx,
  workspaceId: string,
  runId: string,
  onStage?: StageObserver,
): Promise<AffinityRunRow | null> {
  return executeClaimedRun<AffinityRunRow>(
    {
      claim: () => claimRun(ctx.db, workspaceId, runId, ctx.now()),
      find: () => findRun(ctx.db, workspaceId, runId),
      fail: (error) => finishRun(ctx.db, workspaceId, runId, { status: 'failed', finishedAt: ctx.now(), error }),
    },
    (run) => execute(ctx, run, onStage),
  );
}

/** Queue and execute at once (the demo, tests). */
export async function runAffinityNow(
  ctx: Ctx,
  workspaceId: string,
  trigger: AffinityRunRow['trigger'],
  thresholds: Partial<AffinityThresholds> = {},
  onStage?: StageObserver,
): Promise<AffinityRunRow> {
  const run = await queueAffinityRun(ctx, workspaceId, trigger, null, thresholds);
  return (await executeAffinityRun(ctx, workspaceId, run.id, onStage)) as AffinityRunRow;
}

/** The id of a workspace's scheduled run on a UTC day: the same for every worker, so only one inserts it. */
export function scheduledRunId(workspaceId: string, day: string): string {
  const h = createHash('sha256').update(`affinity.schedule:${workspaceId}:${day}`).digest('hex');
  // A version-8 (custom) UUID with the RFC 4122 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The nightly run of a workspace: queued and executed at most once per UTC day however many
 * workers fire (the run's id is the day's); null when another worker already has it.
 */
export async function runScheduledAffinity(ctx: Ctx, workspaceId: string): Promise<AffinityRunRow | null> {
  const now = ctx.now();
  const run = await insertRunOnce(ctx.db, {
    workspaceId,
    id: scheduledRunId(workspaceId, now.toISOString().slice(0, 10)),
    trigger: 'schedule',
    status: 'queued',
    requestedBy: null,
    queuedAt: now,
    thresholds: defaultThresholds,
  });
  if (!run) return null;
  return executeAffinityRun(ctx, workspaceId, run.id);
}

async function execute(ctx: Ctx, run: AffinityRunRow, onStage?: StageObserver): Promise<void> {
  const { workspaceId } = run;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
    onStage?.(name);
  };
  const products = await productFacts(ctx.db, workspaceId);
  // The read's arrays are let go as soon as the last stage that needs them ends (orders after the
  // evaluation, portfolios after the offers, spend after the segments): at a million customers
  // each is tens of MB, and the next stage's garbage can then reuse their memory.
  let data: RunData | null = await readRunData(ctx.db, workspaceId, products);
  const { customers } = data;
  const customerCount = customers.length;
  const baskets = data.orders.offsets.length - 1;
  lap('read');
  let basketSets: Itemsets | null = null;
  const rules = mineAllRules(data, run.thresholds, data.held, (level, source, sets) => {
    if (level === 'product' && source === 'basket') basketSets = sets;
  });
  const pairs = strongestPairsOf(data.held, PAIRS_PER_PRODUCT);
  const margins = products.map((p) => p.margin_minor);
  const bundles = basketSets
    ? suggestBundles(basketSets, margins, { minLift: BUNDLE_MIN_LIFT, limit: 20 }).map((b) => ({
        productIds: b.items.map((i) => products[i].id),
        count: b.count,
        support: b.support,
        lift: b.lift,
        marginMinor: b.margin,
        valueMinor: b.value,
      }))
    : [];
  basketSets = null;
  lap('mine');
  const evaluation = evaluateOffers(data.orders, data.orderCustomer, customerCount, PAIRS_PER_PRODUCT);
  data = {
    ...data,
    orders: { offsets: new Int32Array(1), items: new Int32Array(0), itemCount: 0 },
    orderCustomer: new Int32Array(0),
  };
  lap('evaluate');
  const popular = popularity(data.held);
  let top: TopOffers | null = topOffers(data.held, pairIndex(pairTable(pairs)), {
    eligible: (i) => products[i].active && products[i].margin_minor > 0,
    weight: (i) => products[i].margin_minor,
    popular,
  });
  lap('offers');
  const segmentation = microSegments(data.spend, data.value, data.categories);
  data = null;
  const segments = await segmentsOf(ctx, workspaceId, customers, segmentation, top);
  top = null;
  lap('segments');
  const ranks = new Map<string, number>();
  await insertRules(
    ctx.db,
    rules.map((r) => {
      const list = `${r.level}/${r.source}`;
      const rank = (ranks.get(list) ?? 0) + 1;
      ranks.set(list, rank);
      return {
        workspaceId,
        runId: run.id,
        level: r.level,
        source: r.source,
        rank,
        antecedent: r.keys.antecedent,
        consequent: r.keys.consequent,
        antecedentLabels: r.labels.antecedent,
        consequentLabels: r.labels.consequent,
        count: r.count,
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
        conviction: r.conviction,
        marginValue: r.marginValue,
      };
    }),
  );
  await insertPairs(
    ctx.db,
    pairs
      .filter((p) => p.lift > 1)
      .map((p) => ({
        workspaceId,
        runId: run.id,
        productId: products[p.a].id,
        otherId: products[p.b].id,
        count: p.count,
        confidence: p.confidence,
        lift: p.lift,
      })),
  );
  await insertSegments(
    ctx.db,
    segments.rows.map((sg) => ({
      workspaceId,
      runId: run.id,
      ...sg,
      bestOfferProductId: sg.bestOffer ? products[sg.bestOffer.item].id : null,
      bestOfferValue: sg.bestOffer?.expected ?? null,
      bestOffer: undefined,
    })),
  );
  lap('write');
  await finishRun(ctx.db, workspaceId, run.id, {
    status: 'succeeded',
    finishedAt: ctx.now(),
    baskets,
    customers: customerCount,
    products: products.length,
    rules: rules.length,
    card: {
      ...evaluation,
      bundles,
      segmentation: segments.segmentation,
      popular: popular.slice(0, 50).map((p) => ({ productId: products[p.item].id, share: p.share })),
    },
    timings,
  });
}

/**
 * The micro-segments as rows to store — size, value, top categories, churn risk and best offer —
 * with their members and the customers' vectors let go once counted.
 */
async function segmentsOf(
  ctx: Ctx,
  workspaceId: string,
  customers: RunData['customers'],
  segmentation: Segmentation | null,
  top: TopOffers,
) {
  const segmentOf = new Int32Array(customers.length);
  for (const s of segmentation?.segments ?? []) for (const c of s.members) segmentOf[c] = s.segment;
  const risks = segmentation ? await segmentChurnRisks(ctx.db, workspaceId, customers, segmentOf) : [];
  const rows = (segmentation?.segments ?? []).map((sg) => {
    const risk = risks.find((r) => r.segment === sg.segment);
    return {
      segment: sg.segment,
      size: sg.size,
      valueMinor: sg.valueMinor,
      categories: sg.categories,
      churnRisk: risk?.risk ?? null,
      churnScored: risk?.scored ?? 0,
      bestOffer: bestOfferOf(sg.members, top),
    };
  });
  return {
    rows,
    segmentation: segmentation && { k: segmentation.k, silhouette: segmentation.silhouette, tried: segmentation.tried },
  };
}
