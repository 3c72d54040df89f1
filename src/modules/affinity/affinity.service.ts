// Owns affinity's reads: runs, the rules of the newest succeeded run (filtered, paged by rank),
// its model card (the offline evaluation), and one customer's next-best offers — products the
// customer does not hold (returns subtracted), active, not declined in the last 90 days, none at
// all for a customer who refused marketing — ranked by P(buy | portfolio) × margin, each with an
// explanation as a code and values the screen words in the reader's language.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.ts';
import { productFacts, productsHeld } from '../commerce/index.ts';
import { consentStance, customerExists } from '../customers/index.ts';
import { pairTable } from './affinity.model.ts';
import { declinedRecently } from './affinity.outcomes.ts';
import { type Evaluation, pairIndex, rankOffers } from './affinity.offers-model.ts';
import {
  type AffinityRuleRow,
  type AffinityRunRow,
  latestRun,
  listRuns,
  pageRules,
  pairsFrom,
  type RuleFilter,
} from './affinity.repository.ts';
import type { OffersQuery, RulesQuery } from './affinity.dto.ts';

export const toRunDto = (r: AffinityRunRow) => ({
  id: r.id,
  status: r.status,
  trigger: r.trigger,
  queuedAt: r.queuedAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  thresholds: r.thresholds,
  baskets: r.baskets,
  customers: r.customers,
  products: r.products,
  rules: r.rules,
  error: r.error,
});

const noModel = () =>
  new AppError(
    'no_model',
    'No affinity run has finished yet: run one (POST /api/v1/affinity/runs) once purchases have been recorded',
  );

export async function getRuns(ctx: Ctx, workspaceId: string, limit: number) {
  return { items: (await listRuns(ctx.db, workspaceId, limit)).map(toRunDto) };
}

export async function getModelCard(ctx: Ctx, workspaceId: string) {
  const run = await latestRun(ctx.db, workspaceId);
  if (!run || !run.card) throw noModel();
  const { customers, model, popularity, beatsBaseline } = run.card as Evaluation;
  return { run: toRunDto(run), evaluation: { customers, model, popularity, beatsBaseline } };
}

const toRuleDto = (r: AffinityRuleRow) => ({
  rank: r.rank,
  antecedent: r.antecedent.map((key, i) => ({ key, label: r.antecedentLabels[i] })),
  consequent: r.consequent.map((key, i) => ({ key, label: r.consequentLabels[i] })),
  count: r.count,
  support: r.support,
  confidence: r.confidence,
  lift: r.lift,
  conviction: r.conviction,
  marginValue: r.marginValue,
});

export async function getRules(ctx: Ctx, workspaceId: string, q: RulesQuery) {
  const run = await latestRun(ctx.db, workspaceId);
  if (!run) return { runId: null, items: [], nextCursor: null };
  let afterRank: number | undefined;
  if (q.cursor) {
    const v = decodeCursor(q.cursor);
    if (!Array.isArray(v) || v[0] !== run.id || !Number.isInteger(v[1]) || v[1] < 0) throw invalidCursor();
    afterRank = v[1] as number;
  }
  const filter: RuleFilter = { ...q, afterRank, limit: q.limit + 1 };
  const rows = await pageRules(ctx.db, workspaceId, run.id, filter);
  const page = rows.slice(0, q.limit);
  return {
    runId: run.id,
    items: page.map(toRuleDto),
    nextCursor: rows.length > q.limit ? encodeCursor([run.id, page[page.length - 1].rank]) : null,
  };
}

export async function getOffers(ctx: Ctx, workspaceId: string, customerId: string, q: OffersQuery) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  const run = await latestRun(ctx.db, workspaceId);
  if (!run) return { runId: null, blocked: null, items: [] };
  if ((await consentStance(ctx.db, workspaceId, customerId, 'marketing')) === 'refused')
    return { runId: run.id, blocked: 'no_consent' as const, items: [] };
  const [held, products, declined] = await Promise.all([
    productsHeld(ctx.db, workspaceId, customerId),
    productFacts(ctx.db, workspaceId),
    declinedRecently(ctx, workspaceId, customerId),
  ]);
  const refused = new Set(declined);
  const index = new Map(products.map((p, i) => [p.id, i]));
  const pairs = await pairsFrom(ctx.db, workspaceId, run.id, held);
  const evidence = pairIndex(
    pairTable(
      pairs
        .filter((p) => index.has(p.productId) && index.has(p.otherId))
        .map((p) => ({ a: index.get(p.productId)!, b: index.get(p.otherId)!, confidence: p.confidence, lift: p.lift })),
    ),
  );
  // The run's most-held products fill a list the evidence leaves short.
  const popular = ((run.card as { popular?: { productId: string; share: number }[] } | null)?.popular ?? [])
    .filter((p) => index.has(p.productId))
    .map((p) => ({ item: index.get(p.productId)!, share: p.share }));
  const heldIdx = held.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
  const offers = rankOffers(heldIdx, evidence, products.length, {
    k: q.limit,
    eligible: (i) => products[i].active && products[i].margin_minor > 0 && !refused.has(products[i].id),
    weight: (i) => products[i].margin_minor,
    popular,
  });
  return {
    runId: run.id,
    blocked: null,
    items: offers.map((o) => {
      const p = products[o.item];
      const from = o.because === null ? null : products[o.because];
      return {
        productId: p.id,
        sku: p.sku,
        name: p.name,
        category: p.category,
        probability: o.probability,
        marginMinor: p.margin_minor,
        currency: p.currency,
        expectedMarginMinor: Math.round(o.score),
        explanation: from
          ? { code: 'holders_buy' as const, productId: from.id, productName: from.name, lift: o.lift, share: null }
          : { code: 'popular' as const, productId: null, productName: null, lift: null, share: o.probability },
      };
    }),
  };
}
