// The offer ranker (typed scratch arrays, top k by insertion) against the plain statement of the
// ranking: a noisy-OR per candidate in a Map, every candidate sorted by score, probability and
// item, popular products filling a short list. Random catalogues, portfolios with duplicates,
// ineligible products and ties in score; pure, no database.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../lib/random.ts';
import { pairTable } from './affinity.model.ts';
import { type EvidenceIndex, OfferRanker, pairIndex, type RankOptions } from './affinity.offers-model.ts';

function oracle(held: number[], pairs: { a: number; b: number; confidence: number; lift: number }[], o: RankOptions) {
  const heldSet = new Set(held);
  const miss = new Map<number, { notP: number; conf: number; lift: number; from: number }>();
  for (const h of heldSet)
    for (const p of pairs) {
      if (p.a !== h || p.lift <= 1 || heldSet.has(p.b) || !o.eligible(p.b)) continue;
      const m = miss.get(p.b);
      if (!m) miss.set(p.b, { notP: 1 - p.confidence, conf: p.confidence, lift: p.lift, from: h });
      else {
        m.notP *= 1 - p.confidence;
        if (p.confidence > m.conf) Object.assign(m, { conf: p.confidence, lift: p.lift, from: h });
      }
    }
  const offers = [...miss].map(([item, m]) => ({
    item,
    probability: 1 - m.notP,
    score: (1 - m.notP) * o.weight(item),
    because: m.from as number | null,
    lift: m.lift as number | null,
  }));
  offers.sort((x, y) => y.score - x.score || y.probability - x.probability || x.item - y.item);
  const top = offers.slice(0, o.k);
  for (const p of o.popular) {
    if (top.length >= o.k) break;
    if (heldSet.has(p.item) || miss.has(p.item) || !o.eligible(p.item)) continue;
    top.push({ item: p.item, probability: p.share, score: p.share * o.weight(p.item), because: null, lift: null });
  }
  return top;
}

describe('offer ranker', () => {
  test('ranks every portfolio as the plain noisy-OR and full sort do, one ranker reused', () => {
    const rng = seededRng(7);
    const items = 40;
    // Confidences from a few values so that scores tie; lifts on both sides of 1.
    const pairs: { a: number; b: number; confidence: number; lift: number }[] = [];
    for (let a = 0; a < items; a++)
      for (let b = 0; b < items; b++)
        if (a !== b && rng() < 0.3)
          pairs.push({ a, b, confidence: [0.1, 0.2, 0.25, 0.5][Math.floor(rng() * 4)], lift: 0.5 + rng() * 2 });
    const weights = Array.from({ length: items }, () => [1, 2, 3][Math.floor(rng() * 3)]);
    const popular = Array.from({ length: items }, (_, item) => ({ item, share: (items - item) / (2 * items) }));
    const index: EvidenceIndex = pairIndex(pairTable(pairs));
    let compared = 0;
    for (const k of [1, 3, 10]) {
      const o: RankOptions = { k, eligible: (i) => i % 7 !== 3, weight: (i) => weights[i], popular };
      const ranker = new OfferRanker(index, items, o);
      for (let c = 0; c < 300; c++) {
        const held = Array.from({ length: Math.floor(rng() * 6) }, () => Math.floor(rng() * items));
        const expected = oracle(held, pairs, o);
        expect(ranker.offers(ranker.rank(held))).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
