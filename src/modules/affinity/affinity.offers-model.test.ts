// The offer ranker (typed scratch arrays, top k by insertion) against the plain statement of the
// ranking: a noisy-OR per candidate in a Map, every candidate sorted by score, probability and
// item, popular products filling a short list. Random catalogues, portfolios with duplicates,
// ineligible products and ties in score; the strongest pairs per product against a brute-force
// count of every pair; pure, no database.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../lib/random.ts';
import { pairTable, strongestPairsOf } from './affinity.model.ts';
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

describe('strongest pairs', () => {
  test('equal a brute-force count of every pair: count ≥ 2, lift > 1, highest confidence first, k per product', () => {
    const rng = seededRng(11);
    const items = 30;
    const n = 400;
    const offsets = [0];
    const flat: number[] = [];
    for (let c = 0; c < n; c++) {
      // Tastes: products of one third of the catalogue more often, so lifts fall on both sides of 1.
      const taste = c % 3;
      const held = new Set<number>();
      const size = Math.floor(rng() * 7);
      for (let i = 0; i < size; i++)
        held.add(rng() < 0.7 ? taste * 10 + Math.floor(rng() * 10) : Math.floor(rng() * items));
      flat.push(...[...held].sort((a, b) => a - b));
      offsets.push(flat.length);
    }
    const baskets = { offsets: Int32Array.from(offsets), items: Int32Array.from(flat), itemCount: items };
    const holds = new Array(items).fill(0);
    const both = Array.from({ length: items }, () => new Array(items).fill(0));
    for (let c = 0; c < n; c++) {
      const h = flat.slice(offsets[c], offsets[c + 1]);
      for (const a of h) {
        holds[a]++;
        for (const b of h) if (a !== b) both[a][b]++;
      }
    }
    for (const k of [1, 3, 50]) {
      const expected = [];
      for (let a = 0; a < items; a++) {
        const mine = [];
        for (let b = 0; b < items; b++) {
          const count = both[a][b];
          if (a === b || count < 2) continue;
          const lift = (count * n) / (holds[a] * holds[b]);
          if (lift > 1) mine.push({ a, b, count, confidence: count / holds[a], lift });
        }
        mine.sort((x, y) => y.confidence - x.confidence || x.b - y.b);
        expected.push(...mine.slice(0, k));
      }
      expect(strongestPairsOf(baskets, k)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(k === 1 ? 20 : 60);
    }
  });
});
