// Owns association rules from frequent itemsets (Agrawal, Imieliński & Swami 1993): for every
// frequent itemset I of two or more items and every split into an antecedent A and a consequent
// C = I \ A, the rule A → C with
//   support    = n(I) / N
//   confidence = n(I) / n(A)                    P(C | A)
//   lift       = confidence / (n(C) / N)        how many times as often C is bought with A
//   conviction = (1 − supp(C)) / (1 − conf)     ∞ (null) when the rule never fails
// and, when each item has a margin, marginValue = (confidence − supp(C)) × margin(C): the margin
// a basket holding A adds over a random basket by its extra chance of holding C. Every subset of a
// frequent itemset is frequent (anti-monotonicity), so n(A) and n(C) are always at hand.
import type { Itemsets } from './fpgrowth.ts';

export type AssociationRule = {
  antecedent: number[];
  consequent: number[];
  count: number;
  support: number;
  confidence: number;
  lift: number;
  /** null when confidence is 1 (infinite conviction). */
  conviction: number | null;
  /** (confidence − support of the consequent) × the consequent's margin; null without margins. */
  marginValue: number | null;
};

export type RuleOptions = {
  /** Smallest confidence of a rule kept (0–1). */
  minConfidence: number;
  /** Smallest lift of a rule kept (default 0: all). */
  minLift?: number;
  /** Largest consequent size (default: any; 1 = one item recommended at a time). */
  maxConsequent?: number;
  /** Margin of each item id (any unit), for marginValue. */
  margins?: ArrayLike<number>;
};

const keyOf = (ids: ArrayLike<number>) => Array.prototype.join.call(ids, ',');

/** Rules ordered by lift, then confidence, then count (strongest first), then by their item ids. */
export function associationRules(sets: Itemsets, options: RuleOptions): AssociationRule[] {
  const { offsets, items, counts, baskets } = sets;
  const countOf = new Map<string, number>();
  for (let k = 0; k < sets.size; k++) countOf.set(keyOf(items.subarray(offsets[k], offsets[k + 1])), counts[k]);
  const maxConsequent = options.maxConsequent ?? Number.POSITIVE_INFINITY;
  const minLift = options.minLift ?? 0;
  const rules: AssociationRule[] = [];
  for (let k = 0; k < sets.size; k++) {
    const set = Array.from(items.subarray(offsets[k], offsets[k + 1]));
    const m = set.length;
    if (m < 2 || m > 30) continue;
    const n = counts[k];
    // Every non-empty proper subset as the consequent (bit mask over the itemset's positions).
    for (let mask = 1; mask < (1 << m) - 1; mask++) {
      const consequent: number[] = [];
      const antecedent: number[] = [];
      for (let j = 0; j < m; j++) (mask & (1 << j) ? consequent : antecedent).push(set[j]);
      if (consequent.length > maxConsequent) continue;
      const nA = countOf.get(keyOf(antecedent))!;
      const nC = countOf.get(keyOf(consequent))!;
      const confidence = n / nA;
      if (confidence < options.minConfidence) continue;
      const suppC = nC / baskets;
      const lift = confidence / suppC;
      if (lift < minLift) continue;
      let marginValue: number | null = null;
      if (options.margins) {
        let margin = 0;
        for (const id of consequent) margin += options.margins[id];
        marginValue = (confidence - suppC) * margin;
      }
      rules.push({
        antecedent,
        consequent,
        count: n,
        support: n / baskets,
        confidence,
        lift,
        conviction: confidence >= 1 ? null : (1 - suppC) / (1 - confidence),
        marginValue,
      });
    }
  }
  return rules.sort(
    (a, b) =>
      b.lift - a.lift ||
      b.confidence - a.confidence ||
      b.count - a.count ||
      compareIds(a.antecedent, b.antecedent) ||
      compareIds(a.consequent, b.consequent),
  );
}

function compareIds(a: number[], b: number[]): number {
  for (let j = 0; j < Math.min(a.length, b.length); j++) if (a[j] !== b[j]) return a[j] - b[j];
  return a.length - b.length;
}
