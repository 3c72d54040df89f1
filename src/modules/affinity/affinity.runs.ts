// Owns an affinity run: read every purchase's products and the products (commerce's sources),
// mine the rules at product and category level from orders and from portfolios, store them with
// the portfolio pairs the next-best offers score from, and evaluate those offers offline (the
// model card). The same data and thresholds give the same rules.
import type { Ctx } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { productFacts, purchasedProducts } from '../commerce/index.ts';
import { buildData, mineAllRules, pairConfidences, portfolios } from './affinity.model.ts';
import { evaluateOffers, popularity } from './affinity.offers-model.ts';
import {
  type AffinityRunRow,
  claimRun,
  findRun,
  finishRun,
  insertPairs,
  insertRules,
  insertRun,
} from './affinity.repository.ts';
import type { AffinityThresholds } from './affinity.schema.ts';
import { executeClaimedRun } from '../../lib/runs.ts';

export const AFFINITY_RUN_JOB = 'affinity.run';
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

/** Executes a queued run; null when another worker took it. A failure is recorded on the run and rethrown. */
export async function executeAffinityRun(ctx: Ctx, workspaceId: string, runId: string): Promise<AffinityRunRow | null> {
  return executeClaimedRun<AffinityRunRow>(
    {
      claim: () => claimRun(ctx.db, workspaceId, runId, ctx.now()),
      find: () => findRun(ctx.db, workspaceId, runId),
      fail: (error) => finishRun(ctx.db, workspaceId, runId, { status: 'failed', finishedAt: ctx.now(), error }),
    },
    (run) => execute(ctx, run),
  );
}

/** Queue and execute at once (the demo, tests). */
export async function runAffinityNow(
  ctx: Ctx,
  workspaceId: string,
  trigger: AffinityRunRow['trigger'],
  thresholds: Partial<AffinityThresholds> = {},
): Promise<AffinityRunRow> {
  const run = await queueAffinityRun(ctx, workspaceId, trigger, null, thresholds);
  return (await executeAffinityRun(ctx, workspaceId, run.id)) as AffinityRunRow;
}

async function execute(ctx: Ctx, run: AffinityRunRow): Promise<void> {
  const { workspaceId } = run;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };
  const [rows, products] = await Promise.all([
    purchasedProducts(ctx.db, workspaceId),
    productFacts(ctx.db, workspaceId),
  ]);
  lap('read');
  const data = buildData(rows, products);
  const rules = mineAllRules(data, run.thresholds);
  const held = portfolios(data.orders, data.orderCustomer, data.customers.length);
  const pairs = pairConfidences(held);
  lap('mine');
  const evaluation = evaluateOffers(data.orders, data.orderCustomer, data.customers.length);
  lap('evaluate');
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
  lap('write');
  await finishRun(ctx.db, workspaceId, run.id, {
    status: 'succeeded',
    finishedAt: ctx.now(),
    baskets: data.orders.offsets.length - 1,
    customers: data.customers.length,
    products: products.length,
    rules: rules.length,
    card: {
      ...evaluation,
      popular: popularity(held)
        .slice(0, 50)
        .map((p) => ({ productId: products[p.item].id, share: p.share })),
    },
    timings,
  });
}
