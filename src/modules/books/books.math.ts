// Pure arithmetic of books: how a leaver's book is spread by capacity, and retention against
// what the models expected for the book. No database here.

export type Recipient = { userId: string; capacity: number; load: number };

/**
 * Assigns `customers` (most valuable first) one at a time to the recipient whose book is least
 * full relative to capacity (load / capacity), so each ends up in proportion to its capacity;
 * ties go to the larger free capacity, then the user id (deterministic). People with capacity 0
 * get nothing; with no capacity anywhere the result is empty.
 */
export function planSpread(customers: string[], recipients: Recipient[]): Map<string, string[]> {
  const open = recipients.filter((r) => r.capacity > 0).map((r) => ({ ...r }));
  const plan = new Map<string, string[]>();
  if (open.length === 0) return plan;
  for (const customer of customers) {
    open.sort(
      (a, b) =>
        a.load / a.capacity - b.load / b.capacity ||
        b.capacity - b.load - (a.capacity - a.load) ||
        a.userId.localeCompare(b.userId),
    );
    const to = open[0];
    to.load += 1;
    plan.set(to.userId, [...(plan.get(to.userId) ?? []), customer]);
  }
  return plan;
}

const Z95 = 1.959964;

/**
 * Actual retention against the models' expectation over the scored part of the base: the
 * retained count is a sum of independent Bernoulli(p) under the model, so actual − expected has
 * standard error √Σp(1−p) / n. `low`/`high` is its 95 % interval (normal approximation).
 */
export function retentionVsExpected(f: {
  base: number;
  retained: number;
  scored: number;
  scoredRetained: number;
  pSum: number;
  pVar: number;
}) {
  const actual = f.base > 0 ? f.retained / f.base : null;
  if (f.scored === 0) return { actual, expected: null, difference: null, low: null, high: null };
  const expected = f.pSum / f.scored;
  const difference = f.scoredRetained / f.scored - expected;
  const se = Math.sqrt(f.pVar) / f.scored;
  return { actual, expected, difference, low: difference - Z95 * se, high: difference + Z95 * se };
}
